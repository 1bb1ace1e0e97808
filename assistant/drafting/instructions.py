"""What a reviewer's regenerate instruction asks of a draft, read from its plain words: a shorter
or a longer draft, and the case facts to mention ("mention the failed conservative care")."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assistant.drafting.evidence import CaseSentence
from assistant.text import content_words


class Length(StrEnum):
    SHORTER = "shorter"
    LONGER = "longer"


class DraftInstruction(BaseModel):
    """The parts of an instruction the offline model acts on."""

    model_config = ConfigDict(frozen=True)

    length: Length | None = None
    mention: frozenset[str] = frozenset()


_SHORTER = re.compile(
    r"\b(concise|shorter|short|brief|briefer|briefly|terse|tighter|tighten|trim|condense|"
    r"succinct|fewer|less)\b",
    re.IGNORECASE,
)
_LONGER = re.compile(
    r"\b(longer|detail|detailed|expand|elaborate|fuller|thorough|explain more)\b", re.IGNORECASE
)
_MENTION = re.compile(
    r"\b(?:mention|include|add|note|cite|discuss|address|emphasi[sz]e|stress|point out|"
    r"refer to|say)\b(.+)",
    re.IGNORECASE,
)
_RELATED = {
    "conservative": (
        "therapy physical exercise exercises chiropractic acupuncture nsaid nsaids ibuprofen "
        "naproxen medication medications injection injections rest ice heat bracing"
    ),
    "failed": "failed failure without improvement unchanged persisted persistent despite",
    "meds": "medication medications",
    "imaging": "mri ray x-ray radiograph scan",
    "function": "functional function work duty activities",
}
MIN_MENTION_OVERLAP = 1


def _mention_words(text: str) -> frozenset[str]:
    words = set(content_words(text))
    for word in list(words):
        words |= content_words(_RELATED.get(word, ""))
    return frozenset(words)


def read_instruction(text: str | None) -> DraftInstruction:
    """The length asked for (a request for less wins over one for more) and the words of what
    to mention; an empty or unread instruction asks for nothing."""
    if not text or not text.strip():
        return DraftInstruction()
    length = (
        Length.SHORTER if _SHORTER.search(text) else Length.LONGER if _LONGER.search(text) else None
    )
    found = _MENTION.search(text)
    mention = _mention_words(found.group(1)) if found else frozenset()
    return DraftInstruction(length=length, mention=mention)


def mentioned_sentence(
    instruction: DraftInstruction, sentences: Sequence[CaseSentence], used: Iterable[str]
) -> CaseSentence | None:
    """The case sentence that shares the most words with what the instruction asks to mention
    (the earliest of equals), when the draft does not state it yet; None when the draft already
    does or no sentence shares a word."""
    if not instruction.mention:
        return None
    best: CaseSentence | None = None
    best_overlap = MIN_MENTION_OVERLAP - 1
    for sentence in sentences:
        overlap = len(instruction.mention & content_words(sentence.text))
        if overlap > best_overlap:
            best, best_overlap = sentence, overlap
    return None if best is None or best.id in set(used) else best
