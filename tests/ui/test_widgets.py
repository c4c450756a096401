"""Small page parts: a tile's link label reads as a sentence."""

from __future__ import annotations

import pytest

from ui.widgets import in_sentence


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("High-risk systems", "high-risk systems"),
        (
            "Systems without a current impact assessment",
            "systems without a current impact assessment",
        ),
        ("AI found but not catalogued", "AI found but not catalogued"),
        ("EU AI Act obligations due", "EU AI Act obligations due"),
        ("Risks above the EU threshold", "risks above the EU threshold"),
        ("A", "a"),
        ("", ""),
    ],
)
def test_a_label_inside_a_sentence_keeps_its_abbreviations(label, expected):
    assert in_sentence(label) == expected
