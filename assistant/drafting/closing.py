"""The closing rule: a rationale ends by saying the request is (or is not) medically necessary, or
medically appropriate, and what it says is the item's decision.

Real letters close "... is not medically necessary." and now and then "... is not medically
appropriate.", "... necessary and appropriate.", "... is considered (not) medically necessary.",
"... is determined to be ...", "... is deemed not ..." or "... was not ..."; each form states the
same verdict.
"""

from __future__ import annotations

import re

from assistant.letters.models import Decision

_VERDICT = re.compile(
    r"\b(?:is|are|was|were)\s+(not\s+)?"
    r"(?:(?:considered|determined|deemed|found)\s+(?:to\s+be\s+)?)?"
    r"(not\s+)?medically\s+(?:necessary|appropriate)\b",
    re.IGNORECASE,
)


def stated_decision(text: str) -> Decision | None:
    """The decision a text states: Upheld when it calls the request not medically necessary (or
    not appropriate) anywhere, Overturned when it only calls it necessary, None when neither."""
    negated = [bool(found.group(1) or found.group(2)) for found in _VERDICT.finditer(text)]
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
