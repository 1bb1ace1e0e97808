"""Tell a page's own lines from what every page repeats: running headers and footers, page
numbers and fax stamps."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from assistant.intake.models import Page

_STAMP = re.compile(
    r"\bFAX\b.*\d|\bPage\s+\d+\s+(?:of|/)\s+\d+\b|^\s*-?\s*\d+\s*-?\s*$|\bP\.\s*\d{2,}\b", re.I
)
EDGE_LINES = 3
MIN_REPEATS = 3
REPEAT_SHARE = 0.3


def lines_of(text: str) -> list[str]:
    """The page's non-blank lines, whitespace collapsed."""
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def _edges(lines: list[str]) -> list[str]:
    return lines[:EDGE_LINES] + lines[-EDGE_LINES:]


def running_lines(pages: Sequence[Page], keep: re.Pattern[str]) -> frozenset[str]:
    """Lines at the top or bottom of many pages (a running header or footer); lines matching
    `keep` (document titles) never count."""
    counts: Counter[str] = Counter()
    for page in pages:
        counts.update(set(_edges(lines_of(page.text))))
    needed = max(MIN_REPEATS, int(REPEAT_SHARE * len(pages)))
    return frozenset(
        line for line, count in counts.items() if count >= needed and not keep.search(line)
    )


def is_noise(line: str, running: frozenset[str]) -> bool:
    """A stamp, a page number or a running header or footer."""
    return line in running or bool(_STAMP.search(line))


def body_lines(page: Page, running: frozenset[str]) -> list[str]:
    """The page's own lines, in order, without headers, footers and stamps."""
    return [line for line in lines_of(page.text) if not is_noise(line, running)]
