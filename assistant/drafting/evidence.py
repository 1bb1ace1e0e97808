"""The case summary as numbered sentences, so a draft cites the case as it cites guidelines."""

from __future__ import annotations

import re
from functools import lru_cache

from pydantic import BaseModel, ConfigDict

from assistant.text import split_sentences, tokenize


class CaseSentence(BaseModel):
    """One sentence of the case summary and the id a draft cites it by (`S1`, `S2`, ...)."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str


def case_sentences(summary: str) -> list[CaseSentence]:
    """The summary's sentences, numbered in order."""
    pieces = split_sentences(summary)
    return [CaseSentence(id=f"S{number}", text=text) for number, text in enumerate(pieces, 1)]


class Stated(BaseModel):
    """What a case sentence states as a finding: content words present, and words it negates.

    Words that a plan, a request, an aim ("to rule out ...") or a hypothetical ("if ...",
    "should ... fail") mention are in neither set: they are not findings of the case.
    """

    model_config = ConfigDict(frozen=True)

    present: frozenset[str]
    absent: frozenset[str]

    @property
    def words(self) -> frozenset[str]:
        return self.present | self.absent


_TOKEN = re.compile(r"r/o|[a-z0-9]+|[,.;:]")
# a cue before what it governs: "no", "denies", "negative for", "without"
_NEGATION_TEXT = "no not without denies denied deny none never lacks lacking absence"
# a cue after what it governs, within its clause: "straight leg raise was negative"
_POST_NEGATION_TEXT = "negative absent unremarkable ruled"
# a plan, a request, an aim or a hypothetical: the rest of the clause is not a finding
_INTENT_TEXT = """
r/o if unless should would might will plan plans planned planning recommend recommends recommended
recommending recommendation request requests requested requesting consider considers considered
considering pending awaiting scheduled proposed propose proposes ordered referral
"""
# a cue that looks back over its clause: "an MRI was requested", "an MRI is planned"
_LOOK_BACK_TEXT = "requested recommended planned scheduled proposed ordered pending considered"
_CONTRAST_TEXT = "but however although though whereas"
_NEGATION_CUES = frozenset(_NEGATION_TEXT.split())
_POST_NEGATION_CUES = frozenset(_POST_NEGATION_TEXT.split())
_INTENT_CUES = frozenset(_INTENT_TEXT.split())
_LOOK_BACK = frozenset(_LOOK_BACK_TEXT.split())
_CONTRAST = frozenset(_CONTRAST_TEXT.split())
_INTENT_PHRASES = (
    ("rule", "out"),
    ("to", "evaluate"),
    ("to", "assess"),
    ("to", "exclude"),
    ("evaluate", "for"),
    ("assess", "for"),
    ("concern", "for"),
    ("in", "case"),
)
_CLAUSE_BREAKS = frozenset(",;:.")
NEGATION_REACH = 6


def _word(token: str) -> str | None:
    words = tokenize(token)
    return words[0] if len(words) == 1 and len(words[0]) > 2 else None


def _is_intent(tokens: list[str], index: int) -> bool:
    token = tokens[index]
    if token in _INTENT_CUES:
        return True
    following = tokens[index + 1] if index + 1 < len(tokens) else ""
    return (token, following) in _INTENT_PHRASES


def _clause_start(tokens: list[str], index: int) -> int:
    start = index
    while start > 0 and tokens[start - 1] not in _CLAUSE_BREAKS | _CONTRAST | {"and"}:
        start -= 1
    return start


@lru_cache(maxsize=65536)
def stated(text: str) -> Stated:
    """The findings a case sentence states, split into present and negated content words."""
    tokens = _TOKEN.findall(text.lower())
    kinds: list[str] = ["present"] * len(tokens)
    negating = muted = 0
    for index, token in enumerate(tokens):
        if token in _CONTRAST or token in {";", "."}:
            negating = muted = 0
            kinds[index] = "break"
            continue
        if token in _CLAUSE_BREAKS:
            negating = 0
            kinds[index] = "break"
            continue
        if _is_intent(tokens, index):
            muted = 1
            if token in _LOOK_BACK:
                for back in range(_clause_start(tokens, index), index):
                    kinds[back] = "muted"
        if muted:
            kinds[index] = "muted"
            continue
        following = tokens[index + 1] if index + 1 < len(tokens) else ""
        if token in _NEGATION_CUES or (token == "negative" and following == "for"):
            negating = NEGATION_REACH
            kinds[index] = "cue"
            continue
        if token in _POST_NEGATION_CUES:
            for back in range(_clause_start(tokens, index), index):
                if kinds[back] == "present":
                    kinds[back] = "absent"
            kinds[index] = "cue"
            continue
        if negating and _word(token) is not None:
            kinds[index] = "absent"
            negating -= 1
    present = {w for t, k in zip(tokens, kinds, strict=True) if k == "present" and (w := _word(t))}
    absent = {w for t, k in zip(tokens, kinds, strict=True) if k == "absent" and (w := _word(t))}
    return Stated(present=frozenset(present - absent), absent=frozenset(absent))
