"""Append-only JSONL output that a killed process cannot corrupt, and the index resume reads.

Each record is appended with one `write()` of a whole line, then flushed and fsync'd, so after a
crash the file holds complete lines plus at most one partial last line; opening the journal
again cuts that partial line off. Letters are written to a temporary file and renamed over.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path
from typing import Any


def _complete_lines(path: Path) -> list[bytes]:
    """The file's complete lines; a trailing partial line is truncated away on disk."""
    if not path.exists():
        return []
    data = path.read_bytes()
    end = data.rfind(b"\n") + 1
    if end < len(data):
        with path.open("r+b") as handle:
            handle.truncate(end)
            handle.flush()
            os.fsync(handle.fileno())
    return data[:end].splitlines()


class Journal:
    """One JSONL file of records, appended atomically line by line (thread-safe)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self.records: list[dict[str, Any]] = []
        for number, line in enumerate(_complete_lines(path), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except ValueError:
                # A line is written whole or not at all, so this is damage from elsewhere.
                raise ValueError(f"{path}:{number}: not valid JSON") from None
            self.records.append(record)
        self._lock = threading.Lock()
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)

    def append(self, record: dict[str, Any]) -> None:
        line = (json.dumps(record, ensure_ascii=False, default=str) + "\n").encode()
        with self._lock:
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
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())
    temporary.replace(path)
