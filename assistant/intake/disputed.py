"""The disputed items: each item utilization review decided on, as it wrote it, with the decision,
the UR date and the guideline UR cited; and the treatments the IMR application lists."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.intake.models import Page, RecordDocument, RequestedItem, UrDecision
from assistant.intake.noise import body_lines

MAX_TITLE_CHARS = 160
_DECISION_WORDS = (
    (UrDecision.NON_CERTIFIED, r"non-?certified|not certified|noncertified|denied|not approved"),
    (UrDecision.MODIFIED, r"modified|partially certified|partially approved"),
    (UrDecision.CERTIFIED, r"certified|approved|authorized"),
)
_DECISION = re.compile("|".join(f"(?P<{d.name}>{words})" for d, words in _DECISION_WORDS), re.I)
_LABEL = re.compile(
    r"\b(?P<label>(?:Requested (?:item|treatment|service)s?|(?:Item|Treatment|Service) requested|"
    r"Determination|(?:UR )?Decision|Outcome|Guidelines?(?: cited)?|Criteria used|Rationale):|"
    r"Request \d+\b)",
    re.I,
)
_GUIDELINE = re.compile(
    r"\b(?:Criteria used|Guidelines? cited|Guidelines?):\s*(?P<guideline>.+?)"
    r"(?:\.(?=\s+[A-Z])|\.?$|(?=\s+[A-Z][A-Za-z ]{2,30}:\s))"
)
_NARRATIVE = re.compile(
    r"\brequest for (?P<title>[^.]{3,160}?) (?:is|was|has been) (?P<decision>"
    + "|".join(words for _, words in _DECISION_WORDS)
    + r")\b",
    re.I,
)
_ENUMERATED = re.compile(r"^\s*(?:\d+[.)]|[-•*])\s+(?P<title>.+)$")
_DISPUTED_HEADING = re.compile(r"\bdisputed (?:treatment|service|item)", re.I)


def decision_of(text: str) -> UrDecision | None:
    """The UR decision a phrase states ("Non-certified", "is modified"), if any."""
    found = _DECISION.search(text)
    if found is None:
        return None
    return next(UrDecision[name] for name, value in found.groupdict().items() if value)


def _clean(text: str) -> str:
    return " ".join(text.split()).strip(" .;:")


def _guideline(text: str) -> str | None:
    found = _GUIDELINE.search(text)
    return _clean(found.group("guideline")) if found else None


def _is_request(label: str, numbered: bool = False) -> bool:
    """Whether a label names the requested item (or, when `numbered`, starts a request block)."""
    lowered = label.lower().rstrip(":")
    named = lowered.startswith("requested") or lowered.endswith("requested")
    return named or (numbered and lowered.startswith("request "))


def _labelled(text: str) -> list[tuple[str, UrDecision | None, str | None]]:
    """Items written as "Requested item: ... Determination: ... Guideline cited: ..." blocks."""
    marks = list(_LABEL.finditer(text))
    items: list[tuple[str, UrDecision | None, str | None]] = []
    for index, mark in enumerate(marks):
        if not _is_request(mark.group("label")):
            continue
        block_end = next(
            (m.start() for m in marks[index + 1 :] if _is_request(m.group("label"), numbered=True)),
            len(text),
        )
        title_end = marks[index + 1].start() if index + 1 < len(marks) else block_end
        title = _clean(text[mark.end() : title_end])
        block = text[title_end:block_end]
        decision_mark = re.search(
            r"\b(?:Determination|Decision|Outcome):\s*(?P<value>.{0,40})", block, re.I
        )
        decision = decision_of(decision_mark.group("value")) if decision_mark else None
        if title and len(title) <= MAX_TITLE_CHARS:
            items.append((title, decision, _guideline(block)))
    return items


def _narrative(text: str) -> list[tuple[str, UrDecision | None, str | None]]:
    """Items written as sentences: "the request for X is not certified. Criteria used: ..."."""
    found = list(_NARRATIVE.finditer(text))
    items: list[tuple[str, UrDecision | None, str | None]] = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        items.append(
            (
                _clean(match.group("title")),
                decision_of(match.group("decision")),
                _guideline(text[match.end() : end]),
            )
        )
    return items


def _pages_with(title: str, pages: Sequence[Page], numbers: list[int]) -> list[int]:
    key = " ".join(title.split()).casefold()
    found = [
        page.number
        for page in pages
        if page.number in numbers and key in " ".join(page.text.split()).casefold()
    ]
    return found or numbers[:1]


def ur_items(
    document: RecordDocument, pages: Sequence[Page], running: frozenset[str]
) -> list[RequestedItem]:
    """Every item a UR determination decided on, in its order, with decision, date and guideline."""
    own = [page for page in pages if page.number in document.pages]
    text = " ".join(line for page in own for line in body_lines(page, running))
    found = _labelled(text) or _narrative(text)
    seen: set[str] = set()
    items: list[RequestedItem] = []
    for title, decision, guideline in found:
        if title.casefold() in seen:
            continue
        seen.add(title.casefold())
        items.append(
            RequestedItem(
                title=title,
                ur_decision=decision,
                ur_date=document.date,
                guideline=guideline,
                pages=_pages_with(title, own, document.pages),
            )
        )
    return items


def application_items(
    document: RecordDocument, pages: Sequence[Page], running: frozenset[str]
) -> list[RequestedItem]:
    """The treatments an IMR application lists as disputed (numbered or bulleted lines)."""
    items: list[RequestedItem] = []
    for page in pages:
        if page.number not in document.pages:
            continue
        listing = False
        for line in body_lines(page, running):
            if _DISPUTED_HEADING.search(line):
                listing = True
                continue
            found = _ENUMERATED.match(line) if listing else None
            if found:
                items.append(RequestedItem(title=_clean(found.group("title")), pages=[page.number]))
            elif listing and items:
                listing = False
    return items


def merge_items(ur: list[RequestedItem], listed: list[RequestedItem]) -> list[RequestedItem]:
    """UR's items, then any the IMR application lists that UR's letter did not name."""
    known = {item.title.casefold() for item in ur}
    return ur + [item for item in listed if item.title.casefold() not in known]
