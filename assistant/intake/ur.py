"""The items utilization review decided, as UR wrote them, from its determination letter, or
from the IMR application's list of disputed treatments when no UR letter is in the records."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.drafting.case import UrDecision
from assistant.intake.models import Document, UrItem

_LABEL = re.compile(r"^[A-Z][A-Za-z0-9 /()'#.-]{1,40}:\s*")
_ITEM = re.compile(
    r"^(?:requested (?:item|treatment|service)s?|request(?:ed)?|item|treatment requested)"
    r"\s*(?:#|no\.?)?\s*\d*\s*:\s*(?P<title>.+)$",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"^\d{1,2}[.)]\s+(?P<title>.+?)\s*[-\u2013\u2014:]+\s*(?P<decision>(?:non-?|not )?certified|"
    r"modified|denied|approved|authorized|not medically necessary|medically necessary)\b.*$",
    re.IGNORECASE,
)
_DECISION = re.compile(
    r"^(?:determination|decision|ur decision|outcome|review outcome)\s*:\s*(?P<decision>.+)$",
    re.IGNORECASE,
)
_GUIDELINE = re.compile(
    r"^(?:guidelines?(?: relied on| cited| used| applied| criteria)?|criteria used|"
    r"basis for (?:the )?(?:decision|determination)|medical treatment guidelines?)"
    r"\s*:\s*(?P<text>.+)$",
    re.IGNORECASE,
)
_PROSE = re.compile(
    r"\b(?:the )?request(?:ed)? for (?P<title>[^.]+?(?:\.\d+[^.]*?)*) (?:is|was|has been|will be) "
    r"(?P<decision>non-?certified|not certified|modified|certified|denied|approved|authorized)\b",
    re.IGNORECASE,
)
_DISPUTED_HEADING = re.compile(r"^disputed (?:treatments?|items?|services?)", re.IGNORECASE)
_DISPUTED_LINE = re.compile(
    r"^[-\u2022*]\s*(?P<title>.+?)(?:\s*\((?:UR decision|decision)\s*:\s*(?P<decision>[^)]+)\))?$",
    re.IGNORECASE,
)


def decision_of(text: str) -> UrDecision | None:
    """UR's wording of a decision as one of non-certified / modified / certified."""
    words = text.casefold()
    if "modif" in words:
        return "modified"
    if re.search(r"\bnon-?certif|\bnot certif|\bdenied|\bdenial|\bnot medically necessary", words):
        return "non-certified"
    if re.search(r"\bcertif|\bapprov|\bauthori[sz]|\bmedically necessary", words):
        return "certified"
    return None


def _clean_guideline(text: str) -> str:
    return text.strip().rstrip(".").strip()


def _numbered_lines(document: Document) -> list[tuple[int, str]]:
    return [(number, line) for number in document.pages for line in document.lines.get(number, [])]


@dataclass
class _Found:
    """An item being read: the fields seen so far and the pages they are on."""

    title: str
    decision: UrDecision | None = None
    guideline: str = ""
    pages: set[int] = field(default_factory=set)

    def extend(self, name: str, line: str, page: int) -> None:
        setattr(self, name, f"{getattr(self, name)} {line}".strip())
        self.pages.add(page)

    def item(self) -> UrItem:
        return UrItem(
            title=self.title.strip().rstrip("."),
            decision=self.decision,
            guideline=_clean_guideline(self.guideline) or None,
            pages=sorted(self.pages),
        )


def ur_items(document: Document) -> list[UrItem]:
    """The items of one UR determination letter, in its order."""
    items: list[_Found] = []
    wrapping: str | None = None  # the field a line without a label continues
    for page, line in _numbered_lines(document):
        numbered = _NUMBERED.match(line)
        requested = _ITEM.match(line)
        decision = _DECISION.match(line)
        guideline = _GUIDELINE.match(line)
        wrapping = None if _LABEL.match(line) or numbered else wrapping
        if numbered:
            found = decision_of(numbered.group("decision"))
            items.append(_Found(numbered.group("title"), found, pages={page}))
        elif requested:
            items.append(_Found(requested.group("title"), pages={page}))
            wrapping = "title"
        elif decision and items:
            items[-1].decision = decision_of(decision.group("decision"))
            items[-1].pages.add(page)
        elif guideline and items:
            items[-1].extend("guideline", guideline.group("text"), page)
            wrapping = "guideline"
        elif wrapping and items:
            items[-1].extend(wrapping, line, page)
    if not items:
        return _prose_items(document)
    return [found.item() for found in items]


def _prose_items(document: Document) -> list[UrItem]:
    """Items a letter states in prose: "The request for Norco 10/325 mg #90 is non-certified."."""
    found: list[UrItem] = []
    for page in document.pages:
        text = " ".join(document.lines.get(page, []))
        for match in _PROSE.finditer(text):
            found.append(
                UrItem(
                    title=match.group("title").strip(),
                    decision=decision_of(match.group("decision")),
                    pages=[page],
                )
            )
    return found


def application_items(document: Document) -> list[UrItem]:
    """The disputed treatments an IMR application lists, with UR's decision where it says."""
    entries: list[tuple[int, str]] = []
    listing = False
    for page, line in _numbered_lines(document):
        if _DISPUTED_HEADING.match(line):
            listing = True
        elif listing and re.match(r"^[-\u2022*]\s", line):
            entries.append((page, line))
        elif listing and entries and not _LABEL.match(line):
            entries[-1] = (
                entries[-1][0],
                f"{entries[-1][1]}{'' if entries[-1][1].endswith('-') else ' '}{line}",
            )
        else:
            listing = False
    items: list[UrItem] = []
    for page, entry in entries:
        found = _DISPUTED_LINE.match(entry)
        if found is None:
            continue
        decision = found.group("decision")
        items.append(
            UrItem(
                title=found.group("title").strip().rstrip("."),
                decision=decision_of(decision) if decision else None,
                pages=[page],
            )
        )
    return items


def _key(title: str) -> str:
    return re.sub(r"[^a-z0-9#/%]+", " ", title.casefold()).strip()


def find_items(documents: list[Document]) -> list[UrItem]:
    """UR's items from every UR letter, then the application's disputed items UR did not list."""
    items: list[UrItem] = []
    seen: set[str] = set()
    for kind, read in (("ur_determination", ur_items), ("imr_application", application_items)):
        for document in documents:
            if document.type != kind:
                continue
            for item in read(document):
                if _key(item.title) not in seen:
                    seen.add(_key(item.title))
                    items.append(item)
    return items
