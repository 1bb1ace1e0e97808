"""The case summary as numbered sentences, so a draft cites the case as it cites guidelines."""

from __future__ import annotations

import re

from pydantic import BaseModel, ConfigDict

from assistant.letters.refs import normalize_space

_BOUNDARY = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\"'])|(?<=[a-z][.!?])(?=[A-Z][a-z])")
_ABBREVIATIONS = ("Dr.", "Mr.", "Ms.", "Mrs.", "vs.", "e.g.", "i.e.", "approx.", "No.")


class CaseSentence(BaseModel):
    """One sentence of the case summary and the id a draft cites it by (`S1`, `S2`, ...)."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str


def case_sentences(summary: str) -> list[CaseSentence]:
    """Split a summary into sentences; a period inside a number or after a common title stays."""
    pieces: list[str] = []
    for piece in _BOUNDARY.split(normalize_space(summary)):
        if pieces and pieces[-1].endswith(_ABBREVIATIONS):
            pieces[-1] = f"{pieces[-1]} {piece}"
        elif piece:
            pieces.append(piece)
    return [CaseSentence(id=f"S{number}", text=text) for number, text in enumerate(pieces, 1)]
