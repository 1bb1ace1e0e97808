"""The size caps on input: each check raises an InputError naming the input, its size, the cap
and the setting that raises it."""

from __future__ import annotations

from pathlib import Path

from assistant.errors import InputError

UPLOAD_SETTING = "IMR_LIMITS__MAX_UPLOAD_BYTES"
PASTED_SETTING = "IMR_LIMITS__MAX_PASTED_CHARS"
PAGES_SETTING = "IMR_LIMITS__MAX_PDF_PAGES"
RECORD_PAGES_SETTING = "IMR_LIMITS__MAX_RECORD_PAGES"


def _size(size: int) -> str:
    megabytes = f" ({size / 1_000_000:.1f} MB)" if size >= 1_000_000 else ""
    return f"{size:,} bytes{megabytes}"


def check_bytes(size: int, cap: int, path: Path | str) -> None:
    """A file of `size` bytes must not be larger than `cap`."""
    if size > cap:
        raise InputError(
            f"file is {_size(size)}, over the limit of {_size(cap)}; "
            f"set {UPLOAD_SETTING} to allow larger files",
            path,
        )


def check_chars(length: int, cap: int, path: Path | str) -> None:
    """Pasted text of `length` characters must not be longer than `cap`."""
    if length > cap:
        raise InputError(
            f"{length:,} characters, over the limit of {cap:,}; "
            f"set {PASTED_SETTING} to allow longer text",
            path,
        )


def check_pages(
    pages: int, cap: int, path: Path | str | None, setting: str = PAGES_SETTING
) -> None:
    """A PDF of `pages` pages must not have more than `cap`; `setting` raises the cap."""
    if pages > cap:
        raise InputError(
            f"PDF has {pages} pages, over the limit of {cap}; set {setting} to allow longer PDFs",
            path,
        )
