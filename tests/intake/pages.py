"""Record pages written as text for the unit tests: a running header and footer on each."""

from __future__ import annotations

from assistant.intake.models import Page

HEADER = "SYNTHETIC RECORD - Claim SYN-CLM-77 - not a real patient"


def pages(*bodies: str, source: str = "records.pdf") -> list[Page]:
    """One page per body, numbered from 1, each between the running header and a page footer."""
    total = len(bodies)
    return [
        Page(
            number=number,
            source=source,
            text=f"{HEADER}\n{body}\nPage {number} of {total}" if body else "",
        )
        for number, body in enumerate(bodies, start=1)
    ]
