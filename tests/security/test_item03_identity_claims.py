"""Issue 14.3: the identity provider's claims. An ``email_verified`` claim must be true when
sent; the name in the records comes from ``[names]`` or the e-mail, never the display name
(which a user of a public provider sets freely); ``allowed_domains`` admits only those.

Before the fix, ``actor_for`` took the provider's display name, so anyone could sign in as
"Priya Raman" and own her systems, and an unverified address was accepted."""

from __future__ import annotations

from pathlib import Path

import pytest

from risk_model.access import RoleMap, SignInRefused

ROLES_FILE = Path(__file__).resolve().parents[2] / "config" / "roles.toml"
ROLES = """
default_roles = ["viewer"]
[users]
"priya.raman@meridian.example" = ["ml_owner"]
[names]
"priya.raman@meridian.example" = "Priya Raman"
"""


def test_the_record_name_never_comes_from_the_display_name():
    roles = RoleMap.from_toml(ROLES)
    stranger = roles.actor_for_claims(
        {"email": "mallory@gmail.example", "name": "Priya Raman", "email_verified": True}
    )
    assert stranger.name == "mallory@gmail.example"
    assert stranger.roles == ("viewer",)
    assert roles.actor_for("mallory@gmail.example", "Priya Raman").name == "mallory@gmail.example"
    priya = roles.actor_for_claims({"email": "Priya.Raman@meridian.example", "name": "P"})
    assert (priya.name, priya.roles) == ("Priya Raman", ("ml_owner",))


@pytest.mark.parametrize("verified", [False, "false", None, ""])
def test_an_unverified_email_is_refused(verified):
    roles = RoleMap.from_toml(ROLES)
    with pytest.raises(SignInRefused, match="not verified"):
        roles.actor_for_claims(
            {"email": "priya.raman@meridian.example", "email_verified": verified}
        )
    assert roles.actor_for_claims(
        {"email": "priya.raman@meridian.example", "email_verified": "true"}
    ).roles == ("ml_owner",)


def test_allowed_domains_admit_only_those_domains_and_the_listed_users():
    roles = RoleMap.from_toml('allowed_domains = ["meridian.example"]\n' + ROLES)
    assert roles.actor_for("ceo@meridian.example").roles == ("viewer",)
    with pytest.raises(SignInRefused, match="not in an allowed domain"):
        roles.actor_for("mallory@gmail.example")
    with pytest.raises(SignInRefused, match="no e-mail"):
        roles.actor_for_claims({"name": "Priya Raman"})


def test_the_shipped_roles_file_reads_and_offers_allowed_domains():
    text = ROLES_FILE.read_text(encoding="utf-8")
    assert "allowed_domains" in text
    RoleMap.from_toml(text)
