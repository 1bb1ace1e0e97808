"""Hypothesis strategies for guideline refs and letters inside their expressible domains, and for
the raw bytes of any file a user might give the tool.

The domains are the ones documented in assistant/letters/refs.py (refs) and
assistant/letters/renderer.py (letters); the predicates below state them in code.
"""

from __future__ import annotations

import functools
import re
import tempfile
from pathlib import Path

from hypothesis import strategies as st

from assistant.letters.models import Decision, GuidelineRef, Item, Letter, Reviewer
from assistant.letters.odg import ODG_CHAPTERS
from assistant.letters.refs import format_guideline_line, normalize_space, parse_refs
from assistant.letters.sources import GuidelineSource
from tests.letters.pdfs import write_text_pdf
from tests.paths import EXAMPLE

EDGE_PUNCTUATION = " .,;:-–—"
CITATION_WORDS = re.compile(
    r"mtus|acoem|odg|official\s+disability|chronic\s+pain|acupuncture|post[-\s]?surgical"
    r"|citation|chapter|guideline|treatment|page|decision\s+based\s+on|medical\s+evidence",
    re.IGNORECASE,
)
LETTER_MARKERS = re.compile(
    "|".join(
        re.escape(marker)
        for marker in (
            "Upheld",
            "Overturned",
            "Claims Administrator guideline",
            "MAXIMUS guideline",
            "Decision rationale",
            "IMR ISSUES",
            "CLINICAL CASE SUMMARY",
            "HOW THE IMR",
            "State(s) of Licensure",
            "Certification(s)/Specialty",
            "The expert reviewer developed the following",
        )
    ),
    re.IGNORECASE,
)

VOCABULARY = [
    "Low Back", "Neck & Upper Back", "Low Back - Lumbar & Thoracic", "(Acute & Chronic)",
    "Pain (Chronic)", "Knee & Leg", "Muscle relaxants (for pain)", "Physical Medicine",
    "Opioids, steps to avoid misuse/addiction", "Drug Screening", "Trigger point injections",
    "NSAIDs", "MRIs", "Complaints", "12", "2nd Edition (2004)", "a.b", "x;y", "Ünïcödé",
]  # fmt: skip

_vocabulary_word = st.sampled_from(VOCABULARY)
_optional_word = st.sampled_from(["", *VOCABULARY])
vocabulary_text = st.tuples(_vocabulary_word, _optional_word, _optional_word).map(
    lambda words: normalize_space(" ".join(words))
)
_any_character = st.characters(codec="utf-8", exclude_categories=["Cs"])
_alphanumeric = st.characters(categories=("L", "N"))
free_text = st.builds(
    lambda first, middle, last: normalize_space(first + middle + last),
    _alphanumeric,
    st.text(_any_character, max_size=30),
    _alphanumeric,
)
"""Text starting and ending with a letter or digit, with any characters (line breaks and other
whitespace included) between, whitespace-normalised."""
any_text = st.text(_any_character, min_size=1, max_size=40).map(normalize_space)
"""Any characters, whitespace-normalised (possibly empty)."""


def phrase() -> st.SearchStrategy[str]:
    """Whitespace-normalised single-line text: vocabulary words, free text, or both."""
    return st.one_of(
        vocabulary_text,
        free_text,
        st.tuples(vocabulary_text, free_text).map(lambda parts: " ".join(parts)),
    )


def is_ref_text(text: str) -> bool:
    """A text field of an expressible ref (see the refs module docstring)."""
    return (
        bool(text)
        and text == normalize_space(text)
        and text[0] not in EDGE_PUNCTUATION
        and text[-1] not in EDGE_PUNCTUATION
        and any(char.isalnum() for char in text)
        and CITATION_WORDS.search(text) is None
    )


ref_text = phrase().filter(is_ref_text)
page_lists = st.one_of(
    st.lists(st.integers(1, 999_999), max_size=4),
    st.builds(lambda start, count: list(range(start, start + count)), st.integers(1, 2000),
              st.integers(1, 150)),
)  # fmt: skip


_pages = page_lists.map(lambda pages: sorted(set(pages)))
_maybe_ref_text = st.none() | ref_text
_odg_chapter = st.sampled_from(ODG_CHAPTERS)


def _ref(
    source: GuidelineSource,
    pages: list[int],
    chapter: int | None = None,
    chapter_title: str | None = None,
    topic: str | None = None,
) -> GuidelineRef:
    return GuidelineRef(
        source=source,
        chapter=chapter,
        chapter_title=chapter_title,
        topic=topic,
        pages=pages,
        raw="",
    )


expressible_refs = st.one_of(
    st.builds(
        _ref,
        st.just(GuidelineSource.ACOEM),
        _pages,
        chapter=st.none() | st.integers(1, 9999),
        chapter_title=_maybe_ref_text,
    ),
    st.builds(
        _ref,
        st.sampled_from([GuidelineSource.CPMTG, GuidelineSource.POSTSURGICAL]),
        _pages,
        topic=_maybe_ref_text,
    ),
    st.builds(_ref, st.just(GuidelineSource.ACUPUNCTURE), _pages),
    st.builds(
        _ref,
        st.just(GuidelineSource.ODG),
        _pages,
        chapter_title=st.none() | _odg_chapter,
        topic=ref_text,
    ),
    st.builds(_ref, st.just(GuidelineSource.ODG), _pages, chapter_title=st.none() | _odg_chapter),
    st.builds(_ref, st.just(GuidelineSource.OTHER), _pages, topic=ref_text),
)
"""Refs inside the domain where format_ref and parse_refs round-trip (see the refs module)."""


def is_letter_text(text: str) -> bool:
    """A string of an expressible letter (see the renderer module docstring)."""
    return bool(text) and text == normalize_space(text) and LETTER_MARKERS.search(text) is None


letter_text = any_text.filter(is_letter_text)
guideline_text = st.one_of(
    st.just(""),
    letter_text,
    st.lists(expressible_refs, min_size=1, max_size=2)
    .map(lambda refs: normalize_space(format_guideline_line(refs)))
    .filter(is_letter_text),
)
state = vocabulary_text.filter(
    lambda text: is_letter_text(text) and not re.search(r"[,;]| and ", text)
)


def _item(title: str, decision: Decision, claims: str, maximus: str, rationale: str) -> Item:
    return Item(
        title=title,
        decision=decision,
        claims_administrator_guideline=claims,
        maximus_guideline=maximus,
        rationale=rationale,
        claims_administrator_refs=parse_refs(claims),
        maximus_refs=parse_refs(maximus),
    )


def _letter(
    letter_id: str,
    specialty: str | None,
    licensure: list[str],
    summary: str,
    letter_items: list[Item],
) -> Letter:
    return Letter(
        letter_id=letter_id,
        reviewer=Reviewer(specialty=specialty, licensure=licensure),
        clinical_summary=summary,
        items=letter_items,
    )


items = st.builds(
    _item, letter_text, st.sampled_from(Decision), guideline_text, guideline_text, letter_text
)
letter_ids = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Z")), min_size=1, max_size=16
)
expressible_letters = st.builds(
    _letter,
    letter_ids,
    st.none() | letter_text,
    st.lists(state, max_size=2),
    letter_text,
    st.lists(items, min_size=1, max_size=2),
)
"""Letters inside the domain where render_letter and parse_letter round-trip (see the renderer)."""


@functools.cache
def sample_pdf() -> bytes:
    """The example letter as a PDF with a text layer, built once."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "letter.pdf"
        write_text_pdf(path, EXAMPLE.read_text(encoding="utf-8"))
        return path.read_bytes()


def _damaged(data: bytes, cuts: list[tuple[int, bytes]]) -> bytes:
    for position, chunk in cuts:
        at = position % (len(data) + 1)
        data = data[:at] + chunk + data[at + len(chunk) :]
    return data


_cuts = st.lists(st.tuples(st.integers(0, 10**6), st.binary(max_size=8)), max_size=4)
file_contents = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300).map(lambda junk: b"%PDF-1.4\n" + junk),
    st.text(max_size=100).map(lambda text: b"\xef\xbb\xbf" + text.encode("utf-8", "replace")),
    st.builds(_damaged, st.just(EXAMPLE.read_bytes()), _cuts),
    st.builds(lambda cuts: _damaged(sample_pdf(), cuts), _cuts),
    st.integers(0, 10**6).map(lambda at: sample_pdf()[: at % 4000]),
)
"""The bytes of any file a user might hand over: binary junk, text of any characters, PDF headers
over junk, and the example letter (as text and as PDF) damaged or truncated."""
