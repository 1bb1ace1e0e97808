"""Guideline lines: read "Decision based on ..." citations and write them in house style.

A guideline line holds one or more citations, each introduced by "Decision based on".
`parse_refs` turns each citation into `GuidelineRef`s; `format_ref` writes the house-style
citation back from the structured fields (the table in guideline_corpus/FORMAT.md), never from
`raw`. Both eras' styles are read and written:

- page style (2013-2015 letters): `MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304`,
  `MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 98-99`;
- section style (2016 on): `MTUS Low Back Complaints 2004, Section(s): Special Studies` (an ACOEM
  chapter by title and year; chapters 1-7 as `General Approaches`), `MTUS Chronic Pain Medical
  Treatment 2016, Section(s): ...`, `MTUS Opioid Treatment 2016, Section(s): ...` (source
  OPIOIDS), `MTUS Acupuncture Treatment 2007`; one citation may join several with ", and";
- `Non-MTUS Citation ...` is ODG when it names ODG or an ODG chapter, else OTHER; the note that
  a decision rests on guidelines outside the MTUS is no citation; "did not cite any medical
  evidence" is one ref of source NONE. An ODG citation's words are split into the chapter's
  canonical title and the topic by `assistant.letters.odg.split_odg`.

Round-trip contract: for every *expressible* ref, parsing
``"Decision based on " + format_ref(ref) + "."`` gives one ref with the same source, chapter,
chapter_title, topic, pages and edition. A page-style ref (no edition) is expressible when

- every text field it sets is single-line, whitespace-normalised, holds a letter or digit, does
  not begin or end with a space or one of ``.,;:-–—``, and contains none of these keywords
  (in any case): MTUS, ACOEM, ODG, Official Disability, Chronic Pain, Acupuncture,
  Postsurgical (or Post-surgical), Citation, Chapter, Guideline, Treatment, Page, Decision based on,
  medical evidence;
- it sets only the fields its source's citation carries: ACOEM a chapter and/or a chapter_title
  (no topic); CPMTG and POSTSURGICAL a topic; ACUPUNCTURE none; ODG a chapter_title and/or a
  topic, where the chapter_title is one of the canonical `ODG_CHAPTERS` (the only titles the
  parser gives; the keyword rule above does not apply to it); OTHER a topic (required);
- chapters are 1..9999 and pages 1..999999.

A section-style ref (an MTUS source with an edition, no pages) is expressible when its edition is
a year 1900-2099, an ACOEM ref's chapter_title is an ACOEM chapter title (with that chapter) or
`General Approaches`, ACUPUNCTURE sets no topic, and its topic (the sections) follows the text
rules above and holds no ", and" followed by a guideline name and year.

Fields outside that domain are still rendered where the citation has a place for them, but the
page-style ACOEM topic and the acupuncture topic are not part of the house-style line and are
dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from assistant.letters.models import GuidelineRef
from assistant.letters.odg import split_odg
from assistant.letters.sources import (
    ACOEM_CHAPTERS,
    GENERAL_APPROACHES,
    LAST_GENERAL_CHAPTER,
    SECTION_TITLES,
    GuidelineSource,
    acoem_book,
    acoem_chapter_number,
)

MAX_RANGE_SPAN = 60
"""A page range wider than this (or reversed) is treated as noise: only its endpoints are kept."""

_SPLIT = re.compile(r"decision\s+based\s+on\b", re.IGNORECASE)
_PAGE_MARKER = re.compile(r"\bpage\s*\(s\)\s*:?|\bpages?\s*:|\bpages(?=\s*[0-9])", re.IGNORECASE)
_PAGE_TOKEN = re.compile(
    r"\s*(?:([0-9]{1,6})\s*(?:[-–—]|to\b)\s*([0-9]{1,6})(?![0-9])|([0-9]{1,6})(?![0-9])"
    r"|\(s\)|and\b|&|,|;)",
    re.IGNORECASE,
)
_EDGE_PUNCT = " .,;:-–—"

_NON_MTUS = re.compile(r"^non[-\s]?mtus\b[\s:,]*(?:citations?\b)?[\s:,]*", re.IGNORECASE)
_ODG_NAMED = re.compile(r"^(?:the\s+)?(?:odg\b|official\s+disability\b)", re.IGNORECASE)
_ODG_CHAPTER_NAME = re.compile(
    r"^(?:low\s+back|neck|knee|shoulder|pain|head|hips?\b|elbow|ankle|forearm|wrist|hand"
    r"|carpal|mental|hernia|fitness|diabetes|preface|chiropractic|physical\s+(?:therapy|medicine))",
    re.IGNORECASE,
)
_OUTSIDE_MTUS_NOTE = re.compile(
    r"\bbased\s+(?:their|its|his|her)\s+decision\s+on\s+recommendation\W*s?\W*\s+outside\s+"
    r"(?:of\s+)?the\s+mtus\b",
    re.IGNORECASE,
)
_NO_EVIDENCE = re.compile(r"\bdid\s+not\s+cite\s+any\s+medical\s+evidence\b", re.IGNORECASE)

_ODG_START = re.compile(
    r"^(?:non[-\s]?mtus\b|odg\b|(?:the\s+)?official\s+disability\s+guidelines?\b)", re.IGNORECASE
)
_ODG_HEAD = re.compile(
    r"^(?:non[-\s]?mtus\b[\s:,]*(?:citations?\b)?[\s:,]*)?"
    r"(?:odg\s*\(\s*(?:the\s+)?official\s+disability\s+guidelines?\s*\)"
    r"|(?:the\s+)?official\s+disability\s+guidelines?(?:\s*\(\s*odg\s*\))?"
    r"|odg\b)?",
    re.IGNORECASE,
)
_ODG_KEYWORD = re.compile(
    r"\bnon[-\s]?mtus\b|\bofficial\s+disability\s+guidelines?\b|\bodg\b", re.IGNORECASE
)

_MTUS_PREFIX = r"mtus\b[\s:,\-–]*"
_FAMILIES: tuple[tuple[GuidelineSource, str], ...] = (
    (GuidelineSource.ACOEM, r"acoem\b"),
    (
        GuidelineSource.CPMTG,
        r"chronic\s+pain(?:\s*\(\s*medical\s*\)|\s+medical)?(?:\s+treatment)?(?:\s+guidelines?)?\b",
    ),
    (
        GuidelineSource.ACUPUNCTURE,
        r"acupuncture(?:\s+medical)?(?:\s+treatment)?(?:\s+guidelines?)?\b",
    ),
    (GuidelineSource.OPIOIDS, r"opioids?\s+treatment(?:\s+guidelines?)?\b"),
    (
        GuidelineSource.POSTSURGICAL,
        r"post[-\s]?surgical(?:\s+treatment)?(?:\s+guidelines?)?\b",
    ),
)
_FAMILY_AT_START = tuple(
    (source, re.compile("^" + _MTUS_PREFIX + pattern, re.IGNORECASE))
    for source, pattern in _FAMILIES
)
_FAMILY_KEYWORD: tuple[tuple[GuidelineSource, re.Pattern[str]], ...] = (
    (GuidelineSource.ACOEM, re.compile(r"\bacoem\b", re.IGNORECASE)),
    (
        GuidelineSource.CPMTG,
        re.compile(
            r"\bchronic\s+pain(?:\s*\(\s*medical\s*\)|\s+medical)?\s+treatment\s+guidelines?\b",
            re.IGNORECASE,
        ),
    ),
    (
        GuidelineSource.ACUPUNCTURE,
        re.compile(r"\bacupuncture\s+medical\s+treatment\s+guidelines?\b", re.IGNORECASE),
    ),
    (
        GuidelineSource.POSTSURGICAL,
        re.compile(r"\bpost[-\s]?surgical\s+treatment\s+guidelines?\b", re.IGNORECASE),
    ),
)
_CHAPTER = re.compile(r"\bchapter\s+([0-9]{1,4})(?![0-9])", re.IGNORECASE)
_LEADING_GUIDELINES = re.compile(r"^(?:practice\s+)?guidelines?\b", re.IGNORECASE)

_HOUSE_PREFIX: dict[GuidelineSource, str] = {
    GuidelineSource.ACOEM: "MTUS ACOEM",
    GuidelineSource.CPMTG: "MTUS Chronic Pain Treatment Guidelines",
    GuidelineSource.ACUPUNCTURE: "MTUS Acupuncture Medical Treatment Guidelines",
    GuidelineSource.POSTSURGICAL: "MTUS Postsurgical Treatment Guidelines",
    GuidelineSource.OPIOIDS: "MTUS Opioids Treatment Guidelines",
    GuidelineSource.ODG: "Non-MTUS Citation Official Disability Guidelines (ODG)",
}


def normalize_space(text: str) -> str:
    """Collapse every run of whitespace to one space and trim the ends."""
    return " ".join(text.split())


def _clean(text: str) -> str | None:
    cleaned = normalize_space(text).strip(_EDGE_PUNCT)
    return cleaned or None


def _page_range(low: int, high: int) -> list[int]:
    if high < low or high - low > MAX_RANGE_SPAN:
        return sorted({low, high})
    return list(range(low, high + 1))


def _read_pages(text: str, start: int) -> list[int]:
    pages: list[int] = []
    pos = start
    while (token := _PAGE_TOKEN.match(text, pos)) is not None:
        low, high, single = token.groups()
        if low is not None and high is not None:
            pages.extend(_page_range(int(low), int(high)))
        elif single is not None:
            pages.append(int(single))
        pos = token.end()
    return pages


def _split_pages(text: str) -> tuple[str, list[int]]:
    """Return the text before the first page marker and the pages of every page list."""
    markers = list(_PAGE_MARKER.finditer(text))
    if not markers:
        return text, []
    pages: set[int] = set()
    for marker in markers:
        pages.update(_read_pages(text, marker.end()))
    return text[: markers[0].start()], sorted(pages)


def _classify(body: str) -> tuple[GuidelineSource, str]:
    """Return the citation's guideline family and the text that follows the family's name.

    A "Non-MTUS Citation" is ODG when it names ODG or starts with an ODG chapter name, and
    OTHER (a source outside both the MTUS and ODG) otherwise.
    """
    non_mtus = _NON_MTUS.match(body)
    if non_mtus and body[non_mtus.end() :].strip():
        rest = body[non_mtus.end() :]
        if not (_ODG_NAMED.match(rest) or _ODG_CHAPTER_NAME.match(rest)):
            return GuidelineSource.OTHER, rest
    if _ODG_START.match(body):
        head = _ODG_HEAD.match(body)
        return GuidelineSource.ODG, body[head.end() :] if head else body
    for source, pattern in _FAMILY_AT_START:
        match = pattern.match(body)
        if match:
            return source, body[match.end() :]
    keyword = _ODG_KEYWORD.search(body)
    if keyword:
        return GuidelineSource.ODG, body[keyword.end() :]
    for source, pattern in _FAMILY_KEYWORD:
        match = pattern.search(body)
        if match:
            return source, body[match.end() :]
    return GuidelineSource.OTHER, body


def _acoem_fields(rest: str) -> tuple[int | None, str | None]:
    chapter = _CHAPTER.search(rest)
    if chapter:
        return int(chapter.group(1)), _clean(rest[chapter.end() :])
    return None, _clean(_LEADING_GUIDELINES.sub("", rest.strip(_EDGE_PUNCT), count=1))


def _name_pattern(name: str) -> str:
    words = [word for word in re.findall(r"[A-Za-z]+", name) if word.lower() != "and"]
    return r"\W+(?:and\W+)?".join(words)


_SECTION_NAMES: dict[str, tuple[GuidelineSource, str]] = {
    **{title: (GuidelineSource.ACOEM, title) for title in ACOEM_CHAPTERS.values()},
    GENERAL_APPROACHES: (GuidelineSource.ACOEM, GENERAL_APPROACHES),
    **{title: (source, title) for source, title in SECTION_TITLES.items()},
    "Opioids Treatment": (GuidelineSource.OPIOIDS, SECTION_TITLES[GuidelineSource.OPIOIDS]),
    "Acupuncture Medical Treatment": (
        GuidelineSource.ACUPUNCTURE,
        SECTION_TITLES[GuidelineSource.ACUPUNCTURE],
    ),
}
_SECTION_NAME = "|".join(
    f"({_name_pattern(name)})" for name in sorted(_SECTION_NAMES, key=len, reverse=True)
)
_SECTION_PART = re.compile(
    rf"(?:^mtus\W+|\band\s+)(?:{_SECTION_NAME})\s+((?:19|20)[0-9]{{2}})\b", re.IGNORECASE
)
_SECTION_STYLE = re.compile(rf"^mtus\W+(?:{_SECTION_NAME})\s+(?:19|20)[0-9]{{2}}\b", re.IGNORECASE)
_SECTIONS_LABEL = re.compile(r"^\W*(?:section\s*\(s\)|sections?)\s*:?", re.IGNORECASE)
_TRAILING_AND = re.compile(r"[\s,]*\band$", re.IGNORECASE)
_LEADING_AND = re.compile(r"^and\s+", re.IGNORECASE)
_ORDERED_NAMES = sorted(_SECTION_NAMES, key=len, reverse=True)


def _section_ref(part: re.Match[str], text: str) -> GuidelineRef:
    """One guideline of a section-style citation: `<name> <year>[, Section(s): <sections>]`."""
    index = next(number for number, group in enumerate(part.groups()) if group is not None)
    source, title = _SECTION_NAMES[_ORDERED_NAMES[index]]
    edition = int(part.groups()[-1])
    rest = _TRAILING_AND.sub("", text[part.end() - part.start() :])
    topic = _clean(_SECTIONS_LABEL.sub("", rest, count=1))
    chapter: int | None = None
    chapter_title: str | None = None
    if source is GuidelineSource.ACOEM:
        chapter_title = title
        if title == GENERAL_APPROACHES:
            number = acoem_chapter_number((topic or "").split(",")[0])
            chapter = number if number is not None and number <= LAST_GENERAL_CHAPTER else None
        else:
            chapter = acoem_chapter_number(title)
    raw = _clean(_LEADING_AND.sub("", _TRAILING_AND.sub("", text.rstrip(" ,")))) or text
    return GuidelineRef(
        source=source,
        chapter=chapter,
        chapter_title=chapter_title,
        topic=topic,
        edition=edition,
        raw=raw,
    )


def _section_refs(raw: str) -> list[GuidelineRef]:
    """The guidelines of a section-style citation, which may name several joined by ', and'."""
    parts = list(_SECTION_PART.finditer(raw))
    refs = []
    for number, part in enumerate(parts):
        end = parts[number + 1].start() if number + 1 < len(parts) else len(raw)
        refs.append(_section_ref(part, raw[part.start() : end]))
    return refs


def _page_ref(raw: str) -> GuidelineRef:
    body, pages = _split_pages(raw)
    source, rest = _classify(normalize_space(body))
    fields: dict[str, object]
    if source is GuidelineSource.ACOEM:
        fields = dict(zip(("chapter", "chapter_title"), _acoem_fields(rest), strict=True))
    elif source is GuidelineSource.ODG:
        fields = split_odg(rest)._asdict()
    else:
        fields = {"topic": _clean(rest)}
    return GuidelineRef.model_validate({"source": source, "pages": pages, "raw": raw, **fields})


def parse_citation(citation: str) -> list[GuidelineRef]:
    """Parse one citation (the text after "Decision based on") into its refs.

    Most citations hold one ref; a section-style citation can join several guidelines
    (`MTUS Low Back Complaints 2004, Section(s): Special Studies, and Chronic Pain Medical
    Treatment 2016, Section(s): ...`). The note that a reviewer relied on guidelines outside the
    MTUS holds none; "did not cite any medical evidence" gives one ref of source NONE.
    """
    raw = normalize_space(citation)
    if raw.endswith("."):
        raw = raw[:-1].rstrip()
    if not any(char.isalnum() for char in raw):
        return []
    if _NO_EVIDENCE.search(raw):
        return [GuidelineRef(source=GuidelineSource.NONE, raw=raw)]
    if _OUTSIDE_MTUS_NOTE.search(raw):
        return []
    if _SECTION_STYLE.match(raw):
        return _section_refs(raw)
    return [_page_ref(raw)]


def parse_refs(text: str) -> list[GuidelineRef]:
    """Parse every citation of a guideline line, in order.

    The line is split at each "Decision based on"; text before the first one counts as a
    citation too when it holds any words (older letters cite without the phrase).
    """
    return [ref for citation in _SPLIT.split(text) for ref in parse_citation(citation)]


def format_pages(pages: Iterable[int]) -> str:
    """Sorted, de-duplicated pages with consecutive runs compressed: [98, 99, 122] -> '98-99, 122'.

    Runs longer than MAX_RANGE_SPAN + 1 pages are written as several ranges, so that
    parse_refs reads every page back.
    """
    ordered = sorted(set(pages))
    parts: list[str] = []
    index = 0
    while index < len(ordered):
        end = index
        while (
            end + 1 < len(ordered)
            and ordered[end + 1] == ordered[end] + 1
            and ordered[end + 1] - ordered[index] <= MAX_RANGE_SPAN
        ):
            end += 1
        low, high = ordered[index], ordered[end]
        parts.append(str(low) if low == high else f"{low}-{high}")
        index = end + 1
    return ", ".join(parts)


def _body(ref: GuidelineRef) -> str:
    if ref.source is GuidelineSource.OTHER:
        return ref.topic or ""
    parts = [_HOUSE_PREFIX[ref.source]]
    if ref.source is GuidelineSource.ACOEM:
        if ref.chapter is not None:
            parts.append(f"Chapter {ref.chapter}")
        if ref.chapter_title:
            parts.append(ref.chapter_title)
    elif ref.source is GuidelineSource.ODG:
        text = parts[0]
        if ref.chapter_title:
            text += f": {ref.chapter_title}"
        if ref.topic:
            text += f"; {ref.topic}"
        return text
    elif ref.source is not GuidelineSource.ACUPUNCTURE and ref.topic:
        parts.append(ref.topic)
    return " ".join(parts)


def _section_body(ref: GuidelineRef) -> str:
    """`MTUS <guideline> <year>[, Section(s): <sections>]`, the style of 2016-17 letters."""
    if ref.source is GuidelineSource.ACOEM:
        title = ref.chapter_title or (acoem_book(ref.chapter)[0] if ref.chapter else "ACOEM")
    else:
        title = SECTION_TITLES[ref.source]
    text = f"MTUS {title} {ref.edition}"
    return f"{text}, Section(s): {ref.topic}" if ref.topic else text


def is_section_style(ref: GuidelineRef) -> bool:
    """Whether a ref is written in the section style (an MTUS guideline with an edition year)."""
    return ref.edition is not None and ref.source in _SECTION_SOURCES


_SECTION_SOURCES = frozenset({GuidelineSource.ACOEM, *SECTION_TITLES})


def format_ref(ref: GuidelineRef) -> str:
    """The house-style citation of a ref, built from its structured fields.

    A ref with an edition is written in the section style of 2016-17 letters; any other in the
    page style. An OTHER ref without a topic, and a NONE ref, are written as their raw text.
    """
    if ref.source is GuidelineSource.NONE:
        return ref.raw
    if is_section_style(ref):
        return _section_body(ref)
    body = _body(ref)
    if not body:
        return ref.raw
    if ref.pages:
        body += f" Page(s): {format_pages(ref.pages)}"
    return body


def format_guideline_line(refs: Sequence[GuidelineRef]) -> str:
    """A whole guideline line: 'Decision based on X.  Decision based on Y.'

    Consecutive section-style refs share one "Decision based on", joined by ', and ' as 2016-17
    letters write them.
    """
    citations: list[str] = []
    joined = False
    for ref in refs:
        text = format_ref(ref)
        if joined and is_section_style(ref):
            citations[-1] += ", and " + text.removeprefix("MTUS ")
        elif ref.source is GuidelineSource.NONE:
            citations.append(text)
        else:
            citations.append(f"Decision based on {text}")
        joined = is_section_style(ref)
    return "  ".join(f"{citation}." for citation in citations)
