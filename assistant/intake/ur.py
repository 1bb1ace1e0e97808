"""The items utilization review decided, as UR wrote them, from its determination letter, or
from the IMR application's list of disputed treatments when no UR letter is in the records."""

from __future__ import annotations

import re

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


def ur_items(document: Document) -> list[UrItem]:
    """The items of one UR determination letter, in its order."""
    items: list[dict[str, object]] = []
    field: str | None = None
    for page, line in _numbered_lines(document):
        numbered = _NUMBERED.match(line)
        item = _ITEM.match(line)
        decision = _DECISION.match(line)
        guideline = _GUIDELINE.match(line)
        if numbered:
            title = numbered.group("title")
            found = decision_of(numbered.group("decision"))
            items.append({"title": title, "decision": found, "guideline": None, "pages": {page}})
            field = None
        elif item:
            items.append(
                {"title": item.group("title"), "decision": None, "guideline": None, "pages": {page}}
            )
            field = "title"
        elif decision and items:
            items[-1]["decision"] = decision_of(decision.group("decision"))
            items[-1]["pages"].add(page)  # type: ignore[attr-defined]
            field = None
        elif guideline and items:
            items[-1]["guideline"] = guideline.group("text")
            items[-1]["pages"].add(page)  # type: ignore[attr-defined]
            field = "guideline"
        elif _LABEL.match(line):
            field = None
        elif field and items:
            items[-1][field] = f"{items[-1][field]} {line}"
            items[-1]["pages"].add(page)  # type: ignore[attr-defined]
    return [
        UrItem(
            title=str(found["title"]).strip().rstrip("."),
            decision=found["decision"],  # type: ignore[arg-type]
            guideline=_clean_guideline(str(found["guideline"])) if found["guideline"] else None,
            pages=sorted(found["pages"]),  # type: ignore[call-overload]
        )
        for found in items
    ]


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
