"""How sure a topic's pages and numbers are, and the facts that decide it.

A topic's `page_confidence` says where its pages come from:

- `letter`: a real letter's MAXIMUS line cites the topic on a page it carries;
- `fact-sheet`: the project's fact sheet gives the pages as a stock citation (or as checked);
- `fact-sheet-low`: the fact sheet gives the pages with lower confidence (its G-lo tag);
- `outside`: the fact sheet does not give the pages at all.

Its `outside_fact_sheet` lists the numbers the topic states that its fact-sheet entries do not
hold. Pages of the last two kinds, and such numbers, are to be checked against the guideline
before a letter relies on them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from enum import StrEnum

from assistant.letters.models import GuidelineRef, Item
from assistant.letters.refs import is_section_style


class PageConfidence(StrEnum):
    LETTER = "letter"
    FACT_SHEET = "fact-sheet"
    FACT_SHEET_LOW = "fact-sheet-low"
    OUTSIDE = "outside"

    @property
    def less_certain(self) -> bool:
        return self in (PageConfidence.FACT_SHEET_LOW, PageConfidence.OUTSIDE)


_ENTRY = re.compile(r"^\*\*(?P<tag>[A-J]\d+[a-z]?)\. ", re.M)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:\.\d+)?")


def fact_sheet_entries(text: str) -> dict[str, str]:
    """The fact sheet's treatment entries by tag (`A1`, `G1b`), each up to the next blank line."""
    entries: dict[str, str] = {}
    for match in _ENTRY.finditer(text):
        end = text.find("\n\n", match.start())
        entries[match.group("tag")] = text[match.start() : end if end >= 0 else len(text)]
    return entries


def numbers_in(text: str) -> set[str]:
    """The numbers a text states, ranges split (`4-6` gives 4 and 6), trailing `.0` dropped."""
    return {number.removesuffix(".0") for number in _NUMBER.findall(text)}


def numbers_outside(criteria: str, entries: Iterable[str]) -> list[str]:
    """Numbers (above 1) of a topic's criteria that none of its fact-sheet entries states."""
    held = set().union(*(numbers_in(entry) for entry in entries))
    stated = {number for number in numbers_in(criteria) if float(number) > 1}
    return sorted(stated - held, key=float)


def letter_verified(
    items: Iterable[Item],
    topic_for: Callable[[GuidelineRef, str], str | None],
    pages: Mapping[str, Sequence[int]],
) -> set[str]:
    """Topics a page-style MAXIMUS line of a real letter cites on a page the topic carries."""
    verified: set[str] = set()
    for item in items:
        for ref in item.maximus_refs:
            if not ref.pages or is_section_style(ref):
                continue
            topic_id = topic_for(ref, item.title)
            if topic_id is not None and set(ref.pages) & set(pages.get(topic_id, ())):
                verified.add(topic_id)
    return verified
