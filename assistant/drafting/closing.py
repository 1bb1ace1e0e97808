"""The closing rule: a rationale ends by saying the request is (or is not) medically necessary, or
medically appropriate, and what it says is the item's decision.

Real letters close "... is not medically necessary." and now and then "... is not medically
appropriate." or "... necessary and appropriate."; each form states the same verdict.
"""

from __future__ import annotations

import re

from assistant.letters.models import Decision

_VERDICT = re.compile(r"\bis (not )?medically (?:necessary|appropriate)\b", re.IGNORECASE)


def stated_decision(text: str) -> Decision | None:
    """The decision a text states: Upheld when it calls the request not medically necessary (or
    not appropriate) anywhere, Overturned when it only calls it necessary, None when neither."""
    negated = [found.group(1) is not None for found in _VERDICT.finditer(text)]
    if any(negated):
        return Decision.UPHELD
    return Decision.OVERTURNED if negated else None


def closing_decision(closing: str) -> Decision | None:
    """The decision the last sentence of a closing states; None unless it ends with a period."""
    text = closing.strip()
    if not text.endswith("."):
        return None
    return stated_decision(text[:-1].rsplit(".", 1)[-1])


def closing_sentence(title: str, decision: Decision) -> str:
    """The house closing for a request and its decision."""
    verdict = (
        "is medically necessary"
        if decision is Decision.OVERTURNED
        else "is not medically necessary"
    )
    return f"Therefore, the request for {title} {verdict}."
