"""Plain checks of a reviewer-written rationale: what must be true before it can be accepted."""

from __future__ import annotations

from assistant.drafting.closing import stated_decision
from assistant.letters.models import Decision


def edit_problems(decision: Decision | None, maximus_guideline: str, rationale: str) -> list[str]:
    """What is wrong with an edited item, in words a reviewer can act on; empty when clean."""
    problems: list[str] = []
    if decision is None:
        problems.append("No decision is set: choose Upheld or Overturned.")
    if not maximus_guideline.strip():
        problems.append("The MAXIMUS guideline line is empty.")
    text = rationale.strip()
    if not text:
        problems.append("The rationale is empty.")
    elif decision is Decision.UPHELD and stated_decision(text) is Decision.OVERTURNED:
        problems.append("The decision is Upheld but the rationale calls the request necessary.")
    elif decision is Decision.OVERTURNED and stated_decision(text) is Decision.UPHELD:
        problems.append("The decision is Overturned but the rationale calls it not necessary.")
    return problems
