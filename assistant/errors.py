"""The project's own exceptions. The CLI turns each into one clear line and exit code 2."""

from __future__ import annotations

import re
from pathlib import Path

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def one_line(text: str) -> str:
    """Text with control characters (line breaks among them) written as escapes, so a message
    that quotes a file name or a key stays on one line."""
    return _CONTROL.sub(lambda found: repr(found.group())[1:-1], text)


class IMRError(Exception):
    """Base class of every error the tool reports to a user."""


class InputError(IMRError):
    """A file or argument the user gave cannot be used."""

    def __init__(self, message: str, path: Path | str | None = None) -> None:
        self.path = str(path) if path is not None else None
        shown = one_line(message)
        super().__init__(f"{one_line(self.path)}: {shown}" if self.path else shown)


class LetterParseError(InputError):
    """A letter could not be read as an IMR determination letter."""


class ConfigError(IMRError):
    """The effective settings are inconsistent or unusable."""


class StoreError(IMRError):
    """The vector store is missing, locked, damaged or built with another embedding model."""


class IntegrityError(IMRError):
    """A bundled data file does not match its expected sha256."""


class ModelError(IMRError):
    """The drafting model could not be reached or gave no usable answer."""
