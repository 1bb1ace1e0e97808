"""Property tests: round trips inside the expressible domains, and damaged input.

Run with CI=1 for the 2,000-example profile (see conftest.py).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.errors import LetterParseError
from assistant.letters.models import GuidelineRef, Letter
from assistant.letters.parser import parse_letter
from assistant.letters.reader import letter_from_bytes
from assistant.letters.refs import format_ref, parse_refs
from assistant.letters.renderer import render_letter
from tests.letters.strategies import expressible_letters, expressible_refs, file_contents
from tests.paths import EXAMPLE, FIXTURES, SEEDS


def _fields(ref: GuidelineRef) -> tuple[object, ...]:
    return (ref.source, ref.chapter, ref.chapter_title, ref.topic, ref.pages)


@settings(deadline=None)
@given(expressible_refs)
def test_format_ref_then_parse_refs_gives_the_same_fields(ref: GuidelineRef) -> None:
    parsed = parse_refs(f"Decision based on {format_ref(ref)}.")
    assert [_fields(one) for one in parsed] == [_fields(ref)]


@settings(deadline=None)
@given(st.text(max_size=300))
def test_parse_refs_accepts_any_text(text: str) -> None:
    for ref in parse_refs(text):
        assert ref.raw
        assert ref.pages == sorted(set(ref.pages))


@pytest.mark.slow
@settings(deadline=None)
@given(expressible_letters)
def test_render_then_parse_gives_the_same_letter(letter: Letter) -> None:
    assert parse_letter(render_letter(letter)) == letter


def _base_texts() -> list[str]:
    texts = [EXAMPLE.read_text(encoding="utf-8")]
    texts += [path.read_text(encoding="utf-8") for path in sorted(FIXTURES.glob("*.txt"))]
    if SEEDS.is_dir():
        texts += [path.read_text(encoding="utf-8") for path in sorted(SEEDS.glob("*.txt"))]
    return texts


BASE_TEXTS = _base_texts()
POSITION = st.integers(0, 10**6)

line_edits = st.one_of(
    st.tuples(st.just("delete"), POSITION, st.integers(1, 4)),
    st.tuples(st.just("duplicate"), POSITION, st.integers(1, 4)),
    st.tuples(st.just("blank"), POSITION, st.integers(1, 3)),
    st.tuples(st.just("truncate"), POSITION, st.just(0)),
    st.tuples(st.just("insert"), POSITION, st.integers(0, 2**16)),
)


def _mangle(text: str, edits: list[tuple[str, int, int]], noise: str) -> str:
    lines = text.splitlines()
    for kind, position, amount in edits:
        at = position % (len(lines) + 1)
        if kind == "delete":
            del lines[at : at + amount]
        elif kind == "duplicate":
            lines[at:at] = lines[at : at + amount]
        elif kind == "blank":
            lines[at:at] = [""] * amount
        elif kind == "truncate":
            joined = "\n".join(lines)
            lines = joined[: position % (len(joined) + 1)].splitlines()
        else:
            line = lines[at] if at < len(lines) else ""
            cut = amount % (len(line) + 1)
            lines[at : at + 1] = [line[:cut] + noise + line[cut:]]
    return "\n".join(lines)


@settings(deadline=None)
@given(
    st.sampled_from(BASE_TEXTS),
    st.lists(line_edits, max_size=4),
    st.text(max_size=12),
    st.none() | st.tuples(POSITION, st.binary(min_size=1, max_size=16)),
)
def test_mangled_letters_parse_or_raise_letter_parse_error(
    base: str,
    edits: list[tuple[str, int, int]],
    noise: str,
    inserted_bytes: tuple[int, bytes] | None,
) -> None:
    """Deleted, duplicated or blank lines, truncation, inserted characters and raw bytes."""
    data = _mangle(base, edits, noise).encode("utf-8")
    if inserted_bytes is not None:
        position, chunk = inserted_bytes
        at = position % (len(data) + 1)
        data = data[:at] + chunk + data[at:]
    try:
        letter = letter_from_bytes(data, Path("mangled.txt"))
    except LetterParseError as exc:
        assert str(exc).startswith("mangled.txt: ")
        assert "\n" not in str(exc)
        return
    assert letter.source_file == "mangled.txt"
    assert letter.items
    assert letter.clinical_summary
    assert all(item.title and item.rationale for item in letter.items)


@settings(deadline=None)
@given(st.text(max_size=200))
def test_any_text_parses_or_raises_letter_parse_error(text: str) -> None:
    try:
        letter = parse_letter(text)
    except LetterParseError:
        return
    assert letter.items


@settings(deadline=None)
@given(file_contents, st.sampled_from(["upload.txt", "upload.pdf", "upload.TXT", "no-suffix"]))
def test_any_file_content_parses_or_raises_letter_parse_error_naming_the_file(
    data: bytes, name: str
) -> None:
    try:
        letter = letter_from_bytes(data, Path(name))
    except LetterParseError as exc:
        assert str(exc).startswith(f"{name}: ")
        assert "\n" not in str(exc)
        return
    assert letter.source_file == name
    assert letter.items
