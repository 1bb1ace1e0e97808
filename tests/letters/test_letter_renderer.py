"""Rendering letters in the house format."""

from __future__ import annotations

from assistant.letters.models import Decision, Item, Letter, Reviewer
from assistant.letters.parser import parse_letter
from assistant.letters.refs import parse_refs
from assistant.letters.renderer import render_item, render_letter
from tests.paths import EXAMPLE


def test_bundled_example_is_in_canonical_house_format() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    marker, blank, body = text.split("\n", 2)
    assert marker.startswith("SYNTHETIC DETERMINATION")
    assert blank == ""
    assert render_letter(parse_letter(text)) == body


def test_render_item_writes_heading_guideline_lines_and_rationale() -> None:
    guideline = (
        "Decision based on MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99."
    )
    item = Item(
        title="Physical therapy, 8 sessions",
        decision=Decision.OVERTURNED,
        claims_administrator_guideline=guideline,
        maximus_guideline=guideline,
        rationale="Eight visits fall within the 9-10 the guideline allows.",
        claims_administrator_refs=parse_refs(guideline),
        maximus_refs=parse_refs(guideline),
    )
    assert render_item(item) == (
        "Physical therapy, 8 sessions: Overturned\n\n"
        f"Claims Administrator guideline: {guideline}\n\n"
        f"MAXIMUS guideline: {guideline}\n\n"
        "Decision rationale: Eight visits fall within the 9-10 the guideline allows."
    )


def test_letter_without_credentials_or_guideline_text_round_trips() -> None:
    letter = Letter(
        letter_id="SYN-1",
        reviewer=Reviewer(),
        clinical_summary="A short synthetic summary.",
        items=[Item(title="Item one", decision=Decision.UPHELD, rationale="Not supported.")],
    )
    text = render_letter(letter)
    assert "State(s) of Licensure" not in text
    assert "Claims Administrator guideline:\n" in text
    assert parse_letter(text) == letter


def test_render_starts_with_the_case_number_and_ends_with_a_newline() -> None:
    letter = parse_letter(EXAMPLE.read_text(encoding="utf-8"))
    text = render_letter(letter)
    assert text.startswith("IMR Case Number: SYN-2015-0001\n\nHOW THE IMR FINAL DETERMINATION")
    assert text.endswith("is not medically necessary.\n")
    assert "\n\n\n" not in text
