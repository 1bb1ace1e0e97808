"""Page noise out, dates in: fax stamps, running headers and footers are not the record's text."""

from __future__ import annotations

import re
from datetime import date, datetime

_NOISE = (
    re.compile(r"\bfax\b.*\bp(?:age|g|\.)\s*\d+\s*(?:/|of)\s*\d+", re.IGNORECASE),
    re.compile(r"\bpage\s+\d+\s+of\s+\d+\b", re.IGNORECASE),
    re.compile(r"[-\u2013\u2014]\s*continued\s*$", re.IGNORECASE),
)
_SPACE = re.compile(r"\s+")
DATE = re.compile(
    r"\b(?:(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2})|"
    r"((?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.? \d{1,2}, \d{4}))\b"
)


def is_noise(line: str) -> bool:
    """A fax stamp, a "page n of m" footer or a running "continued" header."""
    return any(pattern.search(line) for pattern in _NOISE)


def clean_lines(text: str) -> list[str]:
    """The page's lines without noise, whitespace collapsed, blank lines dropped."""
    lines = (_SPACE.sub(" ", line).strip() for line in text.splitlines())
    return [line for line in lines if line and not is_noise(line)]


def _as_date(match: re.Match[str]) -> date | None:
    month, day, year, iso_y, iso_m, iso_d, words = match.groups()
    try:
        if iso_y:
            return date(int(iso_y), int(iso_m), int(iso_d))
        if month:
            return date(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    except ValueError:
        return None
    written = words.replace(".", "").replace("Sept", "Sep")
    for form in ("%b %d, %Y", "%B %d, %Y"):
        try:
            return datetime.strptime(written, form).date()
        except ValueError:
            continue
    return None


def first_date(text: str) -> tuple[date, str] | None:
    """The first valid date in `text` (MM/DD/YYYY, MM/DD/YY, YYYY-MM-DD or "March 4, 2016") and
    how it was written."""
    for match in DATE.finditer(text):
        found = _as_date(match)
        if found is not None:
            return found, match.group()
    return None
