"""Parse the text of an IMR final determination letter into a `Letter`.

The parser reads the house format that `renderer.render_letter` writes and the same format as
text extraction from PDFs leaves it: blank lines after almost every line, paragraphs wrapped
mid-sentence, headings and labels split over lines or pages. It also reads the older per-item
style (a numbered decision list, then "Medical Treatment Guideline(s) used by ..." sections).

Structure is found from headings and labels, never from known item titles. Text is re-flowed
(wrapped lines joined with one space, runs of whitespace collapsed) but no word is dropped,
reordered or corrected. Every failure is a `LetterParseError` naming what was not found.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import PurePath

from assistant.errors import LetterParseError
from assistant.letters.models import Decision, Item, Letter, Reviewer
from assistant.letters.refs import normalize_space, parse_refs

CA_LABEL = "Claims Administrator guideline:"
MAXIMUS_LABEL = "MAXIMUS guideline:"
RATIONALE_LABEL = "Decision rationale:"

MAX_TITLE_LINES = 4
"""An item heading may wrap over at most this many lines (the decision not counted)."""

MAX_PAGE_FURNITURE_LINES = 3
MAX_PAGE_FURNITURE_CHARS = 80

_HOW = re.compile(r"^HOW THE IMR FINAL DETERMINATION WAS MADE\b", re.IGNORECASE)
_SUMMARY = re.compile(r"^CLINICAL CASE SUMMARY\b\s*:?\s*(.*)$")
_ISSUES = re.compile(
    r"^IMR ISSUES,?\s+DECISIONS,?\s+AND\s+RATIONALES\b\s*:?\s*(.*)$", re.IGNORECASE
)
_CASE_NUMBER = re.compile(r"^(?:IMR\s+)?Case\s+(?:Number|No\.?|#)\s*:\s*(\S+)", re.IGNORECASE)
_TRAILING = re.compile(
    r"^(?:Additional\s+)?(?:Medical\s+)?(?:Records?/)?Documents\s+Reviewed\s*:?$", re.IGNORECASE
)
_SUMMARY_INTRO = re.compile(
    r"^The expert reviewer developed the following clinical case summary\b[^:]{0,200}:\s*",
    re.IGNORECASE,
)

_CA = re.compile(r"^Claims\s+Administrator\s+guideline\s*:\s*", re.IGNORECASE)
_MAXIMUS = re.compile(r"^MAXIMUS\s+guideline\s*:\s*", re.IGNORECASE)
_RATIONALE = re.compile(r"^Decision\s+rationale\s*:\s*", re.IGNORECASE)
_SPLIT_LABELS = (CA_LABEL, MAXIMUS_LABEL, RATIONALE_LABEL)

_HEADING = re.compile(r"^(.*?)\s*:\s*(Upheld|Overturned)\.?$", re.IGNORECASE)
_DECISION_ALONE = re.compile(r"^(Upheld|Overturned)\.?$", re.IGNORECASE)
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*$")
_DATE_LABEL_END = re.compile(r"\b(?:DOS|dates? of service)\s*:$", re.IGNORECASE)
"""A heading line ending in a date-of-service label goes on with the date on the next line."""

_LICENSURE = re.compile(
    r"State\(s\)\s+of\s+Licensure\s*:\s*(.*?)\s*(?=Certification\(s\)/Specialty\s*:|$)",
    re.IGNORECASE,
)
_SPECIALTY = re.compile(
    r"Certification\(s\)/Specialty\s*:\s*(.*?)\s*(?=State\(s\)\s+of\s+Licensure\s*:|$)",
    re.IGNORECASE,
)
_PROSE_SPECIALTY = re.compile(
    r"Board[-\s]Certified\s+in\s+(.+?)(?=,?\s+and\s+(?:is\s+)?licensed\b|[.;](?:\s|$)|$)",
    re.IGNORECASE,
)
_PROSE_LICENSURE = re.compile(
    r"licensed\s+to\s+practice\s+in\s+(.+?)(?=[.;](?:\s|$)|$)", re.IGNORECASE
)
_LIST_SEPARATOR = re.compile(r"\s*[,;]\s*|\s+and\s+")

_OLD_DECISION = re.compile(
    r"([0-9]{1,3})\)\s*MAXIMUS\s+Federal\s+Services,?\s+Inc\.?,?\s+has\s+determined\s+"
    r"(?:that\s+)?the\s+request\s+for\s+(.+?)\s+(is\s+not|is)\s+medically\s+necessary\s+"
    r"and\s+appropriate\b\.?",
    re.IGNORECASE,
)
_OLD_DECISION_LINE = re.compile(r"^[0-9]{1,3}\)\s*MAXIMUS\s+Federal\s+Services\b", re.IGNORECASE)
_OLD_CA = re.compile(
    r"Medical\s+Treatment\s+Guideline\(s\)\s+used\s+by\s+the\s+Claims\s+Administrator"
    r"(?:\s*\(UR\))?\s*:",
    re.IGNORECASE,
)
_OLD_EXPERT = re.compile(
    r"Medical\s+Treatment\s+Guideline\(s\)\s+used\s+by\s+the\s+Expert\s+Reviewer\s*:",
    re.IGNORECASE,
)
_OLD_RATIONALE = re.compile(r"Rationale\s+for\s+the\s+Decision\s*:", re.IGNORECASE)
_OLD_REGARDING = re.compile(
    r"\s*\b[0-9]{1,3}\)\s*Regarding\s+the\s+request\s+for\b[^:]*:\s*$", re.IGNORECASE
)
OLD_CA_LABEL = "Medical Treatment Guideline(s) used by the Claims Administrator (UR):"
OLD_EXPERT_LABEL = "Medical Treatment Guideline(s) used by the Expert Reviewer:"
OLD_RATIONALE_LABEL = "Rationale for the Decision:"


@dataclass(frozen=True)
class _Line:
    text: str
    para_start: bool


@dataclass(frozen=True)
class _Heading:
    title: str
    decision: Decision
    start: int
    body: int


def _lines(text: str) -> list[_Line]:
    """Non-blank lines, whitespace-normalised, each flagged when it starts a paragraph.

    When most lines are followed by exactly one blank line (PDF extraction, or the house format's
    blank line between blocks), a single blank line is a wrap and a paragraph break takes two.
    """
    entries: list[tuple[str, int]] = []
    blanks = 0
    for raw in text.splitlines():
        line = normalize_space(raw)
        if not line:
            blanks += 1
            continue
        entries.append((line, blanks))
        blanks = 0
    gaps = [gap for _, gap in entries[1:]]
    double_spaced = bool(gaps) and 2 * sum(1 for gap in gaps if gap == 1) >= len(gaps)
    threshold = 2 if double_spaced else 1
    return [
        _Line(line, index == 0 or gap >= threshold) for index, (line, gap) in enumerate(entries)
    ]


def _label_halves() -> dict[str, tuple[str, ...]]:
    """Map each proper leading part of a label (lower case) to the parts that complete it."""
    halves: dict[str, tuple[str, ...]] = {}
    for label in _SPLIT_LABELS:
        words = label.lower().split()
        for cut in range(1, len(words)):
            head = " ".join(words[:cut])
            halves[head] = (*halves.get(head, ()), " ".join(words[cut:]))
    return halves


_LABEL_HALVES = _label_halves()


def _label_partner(lines: list[_Line], index: int) -> int | None:
    """Index of the line that completes a label whose first words end at line `index`."""
    tails = _LABEL_HALVES.get(lines[index].text.lower())
    if tails is None:
        return None
    last = min(index + 1 + MAX_PAGE_FURNITURE_LINES, len(lines) - 1)
    for following in range(index + 1, last + 1):
        text = lines[following].text
        if text.lower().startswith(tails):
            return following
        if len(text) > MAX_PAGE_FURNITURE_CHARS or _is_item_label(text):
            return None
    return None


def _join_split_labels(lines: list[_Line]) -> list[_Line]:
    """Rejoin a label broken over a page, e.g. 'Claims Administrator' / 'Page 3' / 'guideline:'.

    Up to MAX_PAGE_FURNITURE_LINES short lines between the two halves (page footers, headers,
    page numbers) are dropped.
    """
    joined: list[_Line] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        partner = _label_partner(lines, index)
        if partner is None:
            joined.append(line)
            index += 1
        else:
            joined.append(_Line(f"{line.text} {lines[partner].text}", line.para_start))
            index = partner + 1
    return joined


def _join(texts: list[str]) -> str:
    return normalize_space(" ".join(texts))


def _is_item_label(text: str) -> bool:
    return bool(_CA.match(text) or _MAXIMUS.match(text) or _RATIONALE.match(text))


def _shorten(title: str, width: int = 40) -> str:
    return title if len(title) <= width else title[: width - 3].rstrip() + "..."


def _title_start(lines: list[_Line], last: int, floor: int) -> int:
    first = last
    while first > floor and last - first < MAX_TITLE_LINES - 1:
        if lines[first].para_start:
            break
        previous = lines[first - 1].text
        ends_sentence = _ENDS_SENTENCE.search(previous) and not _DATE_LABEL_END.search(previous)
        if _is_item_label(previous) or _ISSUES.match(previous) or ends_sentence:
            break
        first -= 1
    return first


def _find_headings(lines: list[_Line], start: int, end: int) -> list[_Heading]:
    """Item headings: a line ending in ': Upheld' / ': Overturned' (or a line ending in ':' and
    the decision alone on the next one) that is directly followed by a guideline label."""
    headings: list[_Heading] = []
    floor = start
    for index in range(start, end):
        text = lines[index].text
        inline = _HEADING.match(text)
        if inline:
            last, tail, word = index, inline.group(1), inline.group(2)
        else:
            alone = _DECISION_ALONE.match(text)
            if not alone or index == start or not lines[index - 1].text.endswith(":"):
                continue
            last, tail, word = index - 1, lines[index - 1].text[:-1], alone.group(1)
        body = index + 1
        if body >= end or not _is_item_label(lines[body].text):
            continue
        first = _title_start(lines, last, floor)
        title = _join([line.text for line in lines[first:last]] + [tail])
        if not title:
            continue
        headings.append(_Heading(title, Decision(word.capitalize()), first, body))
        floor = body
    return headings


def _label_index(lines: list[_Line], pattern: re.Pattern[str], start: int, end: int) -> int | None:
    return next((i for i in range(start, end) if pattern.match(lines[i].text)), None)


def _section_text(lines: list[_Line], pattern: re.Pattern[str], start: int, end: int) -> str:
    first = pattern.sub("", lines[start].text, count=1)
    return _join([first] + [line.text for line in lines[start + 1 : end]])


def _item(lines: list[_Line], heading: _Heading, number: int, end: int, path: str | None) -> Item:
    where = f'item {number} ("{_shorten(heading.title)}")'
    ca = heading.body
    if not _CA.match(lines[ca].text):
        raise LetterParseError(f'{where}: no "{CA_LABEL}" found', path)
    maximus = _label_index(lines, _MAXIMUS, ca + 1, end)
    if maximus is None:
        raise LetterParseError(f'{where}: no "{MAXIMUS_LABEL}" found', path)
    rationale_at = _label_index(lines, _RATIONALE, maximus + 1, end)
    if rationale_at is None:
        raise LetterParseError(f'{where}: no "{RATIONALE_LABEL}" found', path)
    rationale = _section_text(lines, _RATIONALE, rationale_at, end)
    if not rationale:
        raise LetterParseError(f'{where}: "{RATIONALE_LABEL}" is empty', path)
    ca_text = _section_text(lines, _CA, ca, maximus)
    maximus_text = _section_text(lines, _MAXIMUS, maximus, rationale_at)
    return Item(
        title=heading.title,
        decision=heading.decision,
        claims_administrator_guideline=ca_text,
        maximus_guideline=maximus_text,
        rationale=rationale,
        claims_administrator_refs=parse_refs(ca_text),
        maximus_refs=parse_refs(maximus_text),
    )


def _old_items(text: str, path: str | None) -> list[Item]:
    """Items of the older style: numbered decisions, then one section per item."""
    decisions = list(_OLD_DECISION.finditer(text))
    after = decisions[-1].end() if decisions else 0
    sections = [match for match in _OLD_CA.finditer(text) if match.start() >= after]
    if not decisions and not sections:
        return []
    if not decisions:
        raise LetterParseError(
            'no numbered decision list ("1) MAXIMUS Federal Services, Inc. has determined the '
            'request for ...") found',
            path,
        )
    if len(sections) > len(decisions):
        raise LetterParseError(
            f"found {len(decisions)} decisions in the numbered list but {len(sections)} "
            f'"{OLD_CA_LABEL}" sections',
            path,
        )
    items: list[Item] = []
    for number, decision in enumerate(decisions, start=1):
        title = normalize_space(decision.group(2))
        where = f'item {number} ("{_shorten(title)}")'
        if number > len(sections):
            raise LetterParseError(f'{where}: no "{OLD_CA_LABEL}" found', path)
        section = sections[number - 1]
        end = sections[number].start() if number < len(sections) else len(text)
        block = text[section.end() : end]
        expert = _OLD_EXPERT.search(block)
        if expert is None:
            raise LetterParseError(f'{where}: no "{OLD_EXPERT_LABEL}" found', path)
        reason = _OLD_RATIONALE.search(block, expert.end())
        if reason is None:
            raise LetterParseError(f'{where}: no "{OLD_RATIONALE_LABEL}" found', path)
        rationale = normalize_space(_OLD_REGARDING.sub("", block[reason.end() :]))
        if not rationale:
            raise LetterParseError(f'{where}: "{OLD_RATIONALE_LABEL}" is empty', path)
        ca_text = normalize_space(block[: expert.start()])
        expert_text = normalize_space(block[expert.end() : reason.start()])
        upheld = normalize_space(decision.group(3)).lower() == "is not"
        items.append(
            Item(
                title=title,
                decision=Decision.UPHELD if upheld else Decision.OVERTURNED,
                claims_administrator_guideline=ca_text,
                maximus_guideline=expert_text,
                rationale=rationale,
                claims_administrator_refs=parse_refs(ca_text),
                maximus_refs=parse_refs(expert_text),
            )
        )
    return items


def _reviewer(text: str) -> Reviewer:
    licensure = _LICENSURE.search(text)
    specialty = _SPECIALTY.search(text)
    if licensure is None and specialty is None:
        licensure = _PROSE_LICENSURE.search(text)
        specialty = _PROSE_SPECIALTY.search(text)
    states = _LIST_SEPARATOR.split(licensure.group(1)) if licensure else []
    return Reviewer(
        specialty=(specialty.group(1).strip() or None) if specialty else None,
        licensure=[state.strip() for state in states if state.strip()],
    )


def _letter_id(lines: list[_Line], end: int, letter_id: str | None, source_file: str | None) -> str:
    for line in lines[:end]:
        match = _CASE_NUMBER.match(line.text)
        if match:
            return match.group(1)
    if letter_id:
        return letter_id
    if source_file and PurePath(source_file).stem:
        return PurePath(source_file).stem
    raise LetterParseError(
        'no "IMR Case Number:" line and no letter id or file name given', source_file
    )


def _first(lines: list[_Line], pattern: re.Pattern[str], start: int = 0) -> int | None:
    return _label_index(lines, pattern, start, len(lines))


def _items(lines: list[_Line], start: int, end: int, path: str | None) -> tuple[list[Item], int]:
    """The disputed items between lines start and end, and the line where the first one begins.

    Items in the house format are tried first, then the older per-item style.
    """
    headings = _find_headings(lines, start, end)
    if headings:
        stops = [heading.start for heading in headings[1:]] + [end]
        items = [
            _item(lines, heading, number, stop, path)
            for number, (heading, stop) in enumerate(zip(headings, stops, strict=True), start=1)
        ]
        return items, headings[0].start
    items = _old_items(_join([line.text for line in lines[start:end]]), path)
    first = _first(lines, _OLD_DECISION_LINE, start)
    return items, first if first is not None else end


def _summary(lines: list[_Line], heading: int, end: int, path: str | None) -> str:
    opening = _SUMMARY.match(lines[heading].text)
    text = _join(
        [opening.group(1) if opening else ""] + [line.text for line in lines[heading + 1 : end]]
    )
    text = _SUMMARY_INTRO.sub("", text, count=1)
    if not text:
        raise LetterParseError('the "CLINICAL CASE SUMMARY" section is empty', path)
    return text


DECISION_DATE_LABEL = "Decision Date:"
UR_DATE_LABEL = "UR Denial Date:"
_DATE_VALUE = r"\s*([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\b"


def header_date(lines: list[_Line], end: int, label: str) -> date | None:
    """The date after `label` in the letter's header (the lines before `end`), if valid."""
    pattern = re.compile(re.escape(label) + _DATE_VALUE, re.IGNORECASE)
    for line in lines[:end]:
        found = pattern.search(line.text)
        if found:
            month, day, year = (int(part) for part in found.groups())
            try:
                return date(year, month, day)
            except ValueError:
                return None
    return None


def parse_letter(
    text: str, *, source_file: str | None = None, letter_id: str | None = None
) -> Letter:
    """Parse a determination letter's text.

    letter_id is taken from an "IMR Case Number:" line before the clinical case summary, else
    from the argument, else from the stem of source_file. The decision and UR denial dates are
    read from the header (before the summary) when it has them.
    """
    lines = _join_split_labels(_lines(text))
    if not lines:
        raise LetterParseError("not an IMR determination letter: the text is empty", source_file)
    summary_at = _first(lines, _SUMMARY)
    after_summary = summary_at + 1 if summary_at is not None else 0
    issues_at = _first(lines, _ISSUES, after_summary)
    region_start = issues_at + 1 if issues_at is not None else after_summary
    trailing_at = _first(lines, _TRAILING, region_start)
    region_end = trailing_at if trailing_at is not None else len(lines)

    items, items_at = _items(lines, region_start, region_end, source_file)
    if not items:
        raise LetterParseError(
            "not an IMR determination letter: no disputed items found", source_file
        )
    if summary_at is None:
        raise LetterParseError('no "CLINICAL CASE SUMMARY" section found', source_file)
    summary_end = issues_at if issues_at is not None else items_at
    how_at = _first(lines, _HOW)
    preamble_start = how_at + 1 if how_at is not None and how_at < summary_at else 0
    preamble = _join([line.text for line in lines[preamble_start:summary_at]])
    return Letter(
        letter_id=_letter_id(lines, summary_at, letter_id, source_file),
        source_file=source_file,
        decision_date=header_date(lines, summary_at, DECISION_DATE_LABEL),
        ur_date=header_date(lines, summary_at, UR_DATE_LABEL),
        reviewer=_reviewer(preamble),
        clinical_summary=_summary(lines, summary_at, summary_end, source_file),
        items=items,
    )
