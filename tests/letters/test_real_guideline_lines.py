"""Every guideline line of the real letters (seeds, public 2016-17 letters) parses to a known
source, and the section-style lines are written back exactly as the letters write them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from assistant.letters.models import GuidelineRef, Letter
from assistant.letters.reader import read_letter
from assistant.letters.refs import format_guideline_line, is_section_style, normalize_space
from assistant.letters.sources import GuidelineSource

MTUS_OR_ODG = re.compile(
    r"\bMTUS\b(?!\s+Citation)|\bODG\b|Official\s+Disability|Chronic\s+Pain\s+Medical", re.I
)
OUTSIDE_BOTH_AT_MOST = 6
"""The public letters cite a handful of sources outside MTUS and ODG (fee schedules, textbooks,
the ACOEM 3rd edition, a health-information page); anything more is a parsing regression."""


def _lines(letters: list[Letter]) -> Iterator[tuple[str, str, list[GuidelineRef]]]:
    for letter in letters:
        for item in letter.items:
            yield (
                letter.letter_id,
                item.claims_administrator_guideline,
                item.claims_administrator_refs,
            )
            yield letter.letter_id, item.maximus_guideline, item.maximus_refs


def _letters(directory: Path) -> list[Letter]:
    return [read_letter(path) for path in sorted(directory.glob("*.txt"))]


def test_every_seed_guideline_line_parses_to_an_mtus_or_odg_source(seeds_dir: Path) -> None:
    for letter_id, line, refs in _lines(_letters(seeds_dir)):
        assert refs, (letter_id, line)
        assert all(ref.source.is_mtus or ref.source is GuidelineSource.ODG for ref in refs), line


def test_every_public_guideline_line_parses_to_a_known_source(public_letters_dir: Path) -> None:
    outside: list[GuidelineRef] = []
    lines = 0
    for letter_id, line, refs in _lines(_letters(public_letters_dir)):
        lines += 1
        assert refs, (letter_id, line)
        for ref in refs:
            if ref.source is GuidelineSource.OTHER:
                outside.append(ref)
                assert not MTUS_OR_ODG.search(ref.topic or ""), (letter_id, ref.raw)
            if ref.source is GuidelineSource.NONE:
                assert len(refs) == 1, (letter_id, line)
            if ref.source is GuidelineSource.ACOEM and is_section_style(ref):
                assert ref.chapter is not None or ref.chapter_title == "General Approaches", ref
    assert lines >= 400
    assert 1 <= len(outside) <= OUTSIDE_BOTH_AT_MOST


def test_section_style_lines_are_written_back_exactly(public_letters_dir: Path) -> None:
    section_lines = 0
    for letter_id, line, refs in _lines(_letters(public_letters_dir)):
        if refs and all(is_section_style(ref) for ref in refs):
            section_lines += 1
            assert format_guideline_line(refs) == normalize_space(line), letter_id
    assert section_lines >= 150


def test_public_letters_carry_their_decision_and_ur_dates(public_letters_dir: Path) -> None:
    letters = _letters(public_letters_dir)
    assert all(letter.decision_date is not None for letter in letters)
    assert all(letter.decision_date.year >= 2016 for letter in letters if letter.decision_date)
    assert sum(letter.ur_date is not None for letter in letters) >= len(letters) - 2
