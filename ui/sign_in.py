"""How a visitor is let in: OIDC sign-in when ``[auth]`` is configured, else explicit local mode.

Fail closed: a secrets file that is present but cannot be read, or an ``[auth]`` section that
lacks what Streamlit's sign-in needs, stops the app with an error naming the problem. It
never falls back to local mode. Local mode (no sign-in, one person on their own computer) is
on only when asked for (``AIMS_LOCAL_MODE=1``) or when the app serves the default store on
127.0.0.1 only, as ``scripts/start.sh`` runs it; it is announced in the sidebar.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

import streamlit as st

from store import settings

LOCAL_MODE_VARIABLE = "AIMS_LOCAL_MODE"
LOOPBACK_ADDRESSES = frozenset({"127.0.0.1", "localhost", "::1"})
PROVIDER_KEYS = ("client_id", "client_secret", "server_metadata_url")
"""What each identity provider's section needs (Streamlit's ``st.login``)."""


class SignInConfigError(RuntimeError):
    """The sign-in configuration is present but broken; the message says where and how."""


def auth_problems(auth: Mapping) -> list[str]:
    """What an ``[auth]`` section lacks for Streamlit's OIDC sign-in (empty if complete).

    The section needs ``redirect_uri`` (ending in ``/oauth2callback``) and ``cookie_secret``,
    and one identity provider: ``client_id``, ``client_secret`` and ``server_metadata_url``
    either in ``[auth]`` itself or in each ``[auth.NAME]`` subsection."""
    if not isinstance(auth, Mapping):
        return ["[auth] must be a table"]
    problems = []
    redirect = str(auth.get("redirect_uri") or "").strip()
    if not redirect:
        problems.append("[auth] has no redirect_uri")
    elif not redirect.endswith("/oauth2callback"):
        problems.append(f"[auth] redirect_uri {redirect!r} must end with /oauth2callback")
    if not str(auth.get("cookie_secret") or "").strip():
        problems.append("[auth] has no cookie_secret")
    providers = {name: v for name, v in auth.items() if isinstance(v, Mapping)}
    if any(key in auth for key in PROVIDER_KEYS):
        providers["auth"] = {k: auth.get(k) for k in PROVIDER_KEYS}
    if not providers:
        problems.append(
            "[auth] names no identity provider (client_id, client_secret, server_metadata_url)"
        )
    for name, provider in providers.items():
        section = "[auth]" if name == "auth" else f"[auth.{name}]"
        missing = [k for k in PROVIDER_KEYS if not str(provider.get(k) or "").strip()]
        if missing:
            problems.append(f"{section} has no {', '.join(missing)}")
    return problems


def _secrets_files() -> list[Path]:
    return [Path(p) for p in st.get_option("secrets.files") or []]


def auth_settings() -> Mapping | None:
    """The ``[auth]`` section, or None when there is no secrets file or it has no ``[auth]``.

    Raises ``SignInConfigError`` when a secrets file is present but unreadable (a TOML typo)
    or ``[auth]`` is incomplete."""
    from streamlit.errors import StreamlitSecretNotFoundError

    try:
        secrets = st.secrets.to_dict()
    except StreamlitSecretNotFoundError as error:
        present = [str(p) for p in _secrets_files() if p.exists()]
        if not present:
            return None
        raise SignInConfigError(f"the secrets file cannot be read: {error}") from None
    except Exception as error:  # fail closed on anything unexpected
        raise SignInConfigError(f"the secrets cannot be read: {error}") from None
    if "auth" not in secrets:
        return None
    problems = auth_problems(secrets["auth"])
    if problems:
        raise SignInConfigError("; ".join(problems))
    return secrets["auth"]


FORWARDING_HEADERS = ("X-Forwarded-For", "X-Forwarded-Host", "X-Real-Ip", "Forwarded")


def _reached_directly() -> bool:
    """The request came to 127.0.0.1 itself, not through a reverse proxy (which adds a
    forwarding header or another host name), so only this computer's user can make it."""
    headers = st.context.headers
    if any(headers.get(name) for name in FORWARDING_HEADERS):
        return False
    host = str(headers.get("Host") or "").rsplit(":", 1)[0].strip("[]")
    return not host or host in LOOPBACK_ADDRESSES


def local_mode_reason(db_path: Path) -> str:
    """Why local mode is on, in words ("" when it is not allowed): ``AIMS_LOCAL_MODE=1``, or
    the default store served on 127.0.0.1 and reached there directly, not via a proxy."""
    if os.environ.get(LOCAL_MODE_VARIABLE, "").strip() == "1":
        return f"{LOCAL_MODE_VARIABLE}=1"
    address = str(st.get_option("server.address") or "").strip()
    default = settings.default_db_path().resolve()
    if address in LOOPBACK_ADDRESSES and Path(db_path).resolve() == default and _reached_directly():
        return "the default store, served to this computer only"
    return ""


NOT_CONFIGURED = (
    "Sign-in is not configured, and local mode was not asked for. Configure OIDC sign-in "
    "in `.streamlit/secrets.toml` (README, Security model), or, for one person on this "
    f"computer, start with `{LOCAL_MODE_VARIABLE}=1` or `bash scripts/start.sh`."
)


def stop_with(message: str) -> None:
    st.title("AIMS · ISO/IEC 42001")
    st.error(message, icon=":material/lock:")
    st.stop()
