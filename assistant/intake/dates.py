"""Dates as records write them: 03/05/2024, 3/5/24, 2024-03-05 or March 5, 2024."""

from __future__ import annotations

import re
from datetime import date, datetime

_MONTHS = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
]
DATE_TEXT = re.compile(
    r"\b(?:(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})|(\d{4})-(\d{2})-(\d{2})|"
    r"(" + "|".join(m.capitalize() for m in _MONTHS) + r")\s+(\d{1,2}),?\s+(\d{4}))\b"
)


def parse_date(text: str) -> date | None:
    """The first valid date written in `text`, if any."""
    for found in DATE_TEXT.finditer(text):
        us_month, us_day, us_year, iso_year, *_, name, named_day, named_year = found.groups()
        try:
            if us_month:
                year = int(us_year) + (2000 if len(us_year) == 2 else 0)
                return date(year, int(us_month), int(us_day))
            if iso_year:
                return datetime.strptime(found.group(), "%Y-%m-%d").date()
            return date(int(named_year), _MONTHS.index(name.lower()) + 1, int(named_day))
        except ValueError:
            continue
    return None
