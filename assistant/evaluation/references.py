"""The reference letters of an eval run: every one read, and the unreadable ones listed."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.errors import InputError
from assistant.evaluation.models import SkippedLetter
from assistant.letters.models import Letter
from assistant.letters.reader import read_letter
from assistant.settings import LimitsSettings


class References(BaseModel):
    """The letters that were read, in the order given, and those that were not."""

    model_config = ConfigDict(frozen=True)

    letters: list[Letter]
    unreadable: list[SkippedLetter]


def read_references(paths: Sequence[Path], limits: LimitsSettings) -> References:
    """Read every path; a letter that cannot be read is listed with its problem, not raised, so
    the caller can report all of them at once."""
    letters: list[Letter] = []
    unreadable: list[SkippedLetter] = []
    for path in paths:
        try:
            letters.append(read_letter(path, limits))
        except InputError as error:
            unreadable.append(SkippedLetter(file=str(path), error=str(error)))
    return References(letters=letters, unreadable=unreadable)
