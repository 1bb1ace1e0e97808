"""Append-only JSONL output that a killed process cannot corrupt, and the index resume reads.

Each record is appended with one `write()` of a whole line, then flushed and fsync'd, so after a
crash the file holds complete lines plus at most one partial last line; opening the journal
again cuts that partial line off. Letters are written to a temporary file and renamed over.
Both are readable by their owner only (0600): they hold case text.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any

from assistant.errors import InputError
from assistant.privacy.files import FILE_MODE


def _complete_lines(data: bytes) -> list[bytes]:
    """The complete lines of a journal's bytes; a trailing partial line is left out."""
    return data[: data.rfind(b"\n") + 1].splitlines()


class Journal:
    """One JSONL file of records, appended atomically line by line (thread-safe).

    Opening reads the complete lines and writes nothing; the first append creates the file, or
    first truncates a partial last line left by a killed run.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.records: list[dict[str, Any]] = []
        data = path.read_bytes() if path.exists() else b""
        for number, line in enumerate(_complete_lines(data), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                # A line is written whole or not at all, so this is damage from elsewhere.
                raise InputError(f"line {number} is not valid JSON", path) from None
            self.records.append(record)
        self._lock = threading.Lock()
        self._fd = -1

    def _open(self) -> int:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_APPEND | os.O_CREAT, FILE_MODE)
        size = os.fstat(fd).st_size
        if size:
            os.lseek(fd, 0, os.SEEK_SET)
            data = b""
            while len(data) < size:
                data += os.read(fd, size - len(data))
            end = data.rfind(b"\n") + 1
            if end < size:
                os.ftruncate(fd, end)
                os.fsync(fd)
        return fd

    def append(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode()
        with self._lock:
            if self._fd < 0:
                self._fd = self._open()
            written = os.write(self._fd, line)
            if written != len(line):
                raise OSError(f"short write to {self.path}")
            os.fsync(self._fd)
            self.records.append(record)

    def close(self) -> None:
        with self._lock:
            if self._fd >= 0:
                os.close(self._fd)
                self._fd = -1


def write_atomically(path: Path, text: str) -> None:
    """Write text to a temporary file beside path, fsync it, then rename it over path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
