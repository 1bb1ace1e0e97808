"""Reading user-supplied files with one clear error per failure, naming the file."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError


def read_input_bytes(path: Path, error: type[InputError] = InputError) -> bytes:
    """The file's bytes; a missing file, a directory or an unreadable file raises `error`."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error("file not found", path) from None
    except IsADirectoryError:
        raise error("is a directory, not a file", path) from None
    except OSError as exc:
        raise error(f"cannot read file ({exc.strerror or exc})", path) from None
