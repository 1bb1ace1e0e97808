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


def read_input_text(path: Path, error: type[InputError] = InputError) -> str:
    """The file's text as UTF-8 (a leading BOM dropped); bytes that are not UTF-8 raise `error`."""
    try:
        return read_input_bytes(path, error).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not valid UTF-8 (byte offset {exc.start})", path) from None
