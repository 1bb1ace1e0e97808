"""Case text is data: spotting sentences that read as instructions to a model, not clinical facts.

Such sentences are never used as evidence by the offline model, and a draft that relies on one is
flagged. Nothing here deletes case text: the reviewer still sees all of it.
"""

from __future__ import annotations

import re

_INSTRUCTION = re.compile(
    r"""
    \b(ignore|disregard|forget|override)\b[^.]{0,40}\b(instruction|prompt|rule|guideline|above|previous|prior|system)
    | \b(you\ are|you\ must|act\ as|pretend|from\ now\ on|new\ instructions?)\b
    | \b(system|assistant|developer)\s*(prompt|message|:)
    | \b(respond|reply|answer|output)\b[^.]{0,30}\b(json|format|in\ the\ following)\b
    | \b(cite|citing|quote)\b[^.]{0,30}\b(page|pages|chunk|source|guideline|id)\b
    | \b(decide|decision\s+(?:is|must|should)|mark\s+(?:this|it|the))\b[^.]{0,30}
      \b(upheld|overturned|approved|denied|certif)
    | \b(overturn|uphold|approve|certify)\s+(this|the\s+request|it)\b
    | </?\s*(case|system|instructions?)\s*>
    | \b(reviewer|physician|doctor)\s+has\s+(already\s+)?decided\b
    | \bdo\s+not\s+(argue|cite|mention|follow|disagree)\b
    | \bjailbreak\b | \bprompt\s+injection\b
    """,
    re.IGNORECASE | re.VERBOSE,
)


def reads_as_instruction(text: str) -> bool:
    """Whether a case sentence addresses a model rather than describing the patient."""
    return bool(_INSTRUCTION.search(text))
