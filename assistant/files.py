"""Reading user-supplied files with one clear error per failure, naming the file."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError
from assistant.limits import check_bytes


def read_input_bytes(
    path: Path, error: type[InputError] = InputError, max_bytes: int | None = None
) -> bytes:
    """The file's bytes; a missing file, a directory or an unreadable file raises `error`, and one
    larger than `max_bytes` an InputError, without reading more than the cap."""
    try:
        if max_bytes is None:
            return path.read_bytes()
        with path.open("rb") as handle:
            size = path.stat().st_size
            data = handle.read(max_bytes + 1)
    except FileNotFoundError:
        raise error("file not found", path) from None
    except IsADirectoryError:
        raise error("is a directory, not a file", path) from None
    except OSError as exc:
        raise error(f"cannot read file ({exc.strerror or exc})", path) from None
    check_bytes(max(size, len(data)), max_bytes, path)
    return data


def read_input_text(
    path: Path, error: type[InputError] = InputError, max_bytes: int | None = None
) -> str:
    """The file's text as UTF-8 (a leading BOM dropped); bytes that are not UTF-8 raise `error`."""
    try:
        return read_input_bytes(path, error, max_bytes).decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise error(f"not valid UTF-8 (byte offset {exc.start})", path) from None
