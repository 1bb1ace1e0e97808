"""Which case sentences bear on a guideline statement: lexical overlap plus negation polarity.

The offline drafting model uses this to find the evidence for each criterion. It is deliberately
simple and explainable: a sentence supports a condition when it shares enough of the condition's
content words and both are (or both are not) negated.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from assistant.drafting.evidence import CaseSentence, Stated, stated
from assistant.text import content_words

MIN_SHARED = 2
MIN_COVERAGE = 0.25


_WORD = re.compile(r"[a-z0-9]+|[,.;:]")
_NEGATOR_TEXT = "no not without denies denied negative absent none never lacks lacking"
_NEGATORS = frozenset(_NEGATOR_TEXT.split())
_SCOPE_BREAKERS = frozenset({",", ".", ";", ":", "but", "with", "although"})
NEGATION_SCOPE = 4


def negated_words(text: str) -> frozenset[str]:
    """Content words that fall within a few words after a negation cue ('no', 'without', ...)."""
    found: set[str] = set()
    remaining = 0
    for word in _WORD.findall(text.lower()):
        if word in _NEGATORS:
            remaining = NEGATION_SCOPE
            continue
        if word in _SCOPE_BREAKERS:
            remaining = 0
            continue
        if remaining:
            found |= content_words(word)
            remaining -= 1
    return frozenset(found)


def same_polarity(statement: str, found: Stated, shared: frozenset[str]) -> bool:
    """Whether the shared words are negated (or not) alike in the statement and the case
    sentence's findings, for most of them."""
    left = negated_words(statement)
    alike = sum((word in left) == (word in found.absent) for word in shared)
    return alike * 2 > len(shared)


class SentenceMatch(BaseModel):
    """The case sentence that best matches a guideline statement, and whether it agrees with it."""

    model_config = ConfigDict(frozen=True)

    statement: str
    sentence: CaseSentence
    shared: frozenset[str]
    coverage: float
    agrees: bool


def best_match(statement: str, sentences: Sequence[CaseSentence]) -> SentenceMatch | None:
    """The sentence sharing most of the statement's content words, if it shares enough."""
    wanted = content_words(statement)
    if not wanted:
        return None
    best: SentenceMatch | None = None
    for sentence in sentences:
        found = stated(sentence.text)
        shared = wanted & found.words
        coverage = len(shared) / len(wanted)
        enough = len(shared) >= MIN_SHARED or (len(wanted) <= 2 and shared)
        if not enough or coverage < MIN_COVERAGE:
            continue
        if best is None or (coverage, len(shared)) > (best.coverage, len(best.shared)):
            best = SentenceMatch(
                statement=statement,
                sentence=sentence,
                shared=shared,
                coverage=coverage,
                agrees=same_polarity(statement, found, shared),
            )
    return best


def relevant_sentences(
    wanted: frozenset[str], sentences: Sequence[CaseSentence]
) -> list[CaseSentence]:
    """The sentences sharing any of the wanted content words, most shared first (on a tie, the
    earlier first)."""
    scored = [(len(wanted & content_words(s.text)), index, s) for index, s in enumerate(sentences)]
    return [s for score, _, s in sorted(scored, key=lambda row: (-row[0], row[1])) if score]
