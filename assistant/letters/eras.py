"""Which citation style a letter of a given date uses: pages (2013-2015) or sections (2016 on)."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

SECTIONS_FROM_YEAR = 2016
"""Letters dated from this year on cite guideline sections; earlier letters cite pages."""


class CitationStyle(StrEnum):
    """How a guideline line names its place in the guideline."""

    PAGES = "pages"
    SECTIONS = "sections"


class CitationStyleSetting(StrEnum):
    """The configured style: a fixed one, or `auto` to follow the case's date."""

    AUTO = "auto"
    PAGES = "pages"
    SECTIONS = "sections"


def style_for(setting: CitationStyleSetting, *dates: date | None) -> CitationStyle:
    """The style to render: the setting when fixed, else the style of the first known date.

    A case with no known date is rendered with pages, the style of the bundled corpus' era.
    """
    if setting is not CitationStyleSetting.AUTO:
        return CitationStyle(setting.value)
    known = next((day for day in dates if day is not None), None)
    if known is not None and known.year >= SECTIONS_FROM_YEAR:
        return CitationStyle.SECTIONS
    return CitationStyle.PAGES
