"""The case summary as numbered sentences, so a draft cites the case as it cites guidelines."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from assistant.text import split_sentences


class CaseSentence(BaseModel):
    """One sentence of the case summary and the id a draft cites it by (`S1`, `S2`, ...)."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str


def case_sentences(summary: str) -> list[CaseSentence]:
    """The summary's sentences, numbered in order."""
    pieces = split_sentences(summary)
    return [CaseSentence(id=f"S{number}", text=text) for number, text in enumerate(pieces, 1)]
