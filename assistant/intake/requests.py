"""The items a clinical note names on its request line ("Request: Norco 10/325 #90 and MRI")."""

from __future__ import annotations

import re

_REQUEST_LINE = re.compile(
    r"^\s*(?:[-*\u2022]\s*)?(?:requests?|requested(?: treatments?| items?| services?)?|"
    r"treatment requested|request for authorization|RFA|plan)\s*:\s*(?P<items>.+)$",
    re.IGNORECASE | re.MULTILINE,
)
_SEPARATOR = re.compile(r"\s*;\s*|\s+and\s+(?=[A-Z0-9])|\s*\n\s*")


def requested_items(text: str) -> list[str]:
    """Each item a "Request:" line names, in order, without repeats (ignoring case)."""
    titles: list[str] = []
    for line in _REQUEST_LINE.finditer(text):
        for part in _SEPARATOR.split(line.group("items")):
            title = part.strip().strip(".").strip()
            if title and title.casefold() not in {seen.casefold() for seen in titles}:
                titles.append(title)
    return titles
