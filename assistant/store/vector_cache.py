"""Document vectors kept under the data dir, so the same text is never embedded twice by a model.

One SQLite file (WAL, so several processes can read and write it at once), keyed by the model's
vector key and the sha256 of the text; the value is the vector as little-endian float32 bytes.
It holds hashes and vectors, never text, but vectors of a reviewer's own letters are still
derived from case text, so the file is private (0600) like the rest of the data dir. A cache that
cannot be used (a damaged file, a full disk) is reported once and then bypassed: it only ever
saves time, so it never fails the work that asked it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from assistant.privacy.files import private_dir, private_file
from assistant.settings import Settings
from assistant.store.embeddings import FloatVector

log = logging.getLogger(__name__)

FILENAME = "embedding-cache.sqlite3"
BUSY_TIMEOUT_MS = 30_000
#: SQLite's limit on the variables of one statement is 32,766; stay far below it.
LOOKUP_BATCH = 500
_VECTOR_DTYPE = np.dtype("<f4")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS vectors (
  model TEXT NOT NULL,
  text_sha256 TEXT NOT NULL,
  vector BLOB NOT NULL,
  PRIMARY KEY (model, text_sha256)
) WITHOUT ROWID
"""


def cache_path(settings: Settings) -> Path:
    return settings.data_dir / FILENAME


class EmbeddingCache:
    """Vectors by (model key, text hash) in one private SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._usable = True
        try:
            private_dir(path.parent)
            private_file(path)  # SQLite gives the -wal and -shm files the database file's mode
            with self._connect() as db:
                db.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as error:
            self._give_up(error)

    def _give_up(self, error: Exception) -> None:
        if self._usable:
            log.warning(
                "the embedding cache %s cannot be used (%s); vectors are computed without it. "
                "Delete the file to start a new cache",
                self.path,
                error,
            )
        self._usable = False

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode = WAL")
            db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            yield db
        finally:
            db.close()

    def get(self, model: str, hashes: Sequence[str], dimension: int) -> dict[str, FloatVector]:
        """The cached vectors of those text hashes that have one of `dimension` values."""
        if not self._usable or not hashes:
            return {}
        found: dict[str, FloatVector] = {}
        wanted = list(dict.fromkeys(hashes))
        try:
            with self._connect() as db:
                for start in range(0, len(wanted), LOOKUP_BATCH):
                    batch = wanted[start : start + LOOKUP_BATCH]
                    marks = ",".join("?" * len(batch))
                    rows = db.execute(
                        "SELECT text_sha256, vector FROM vectors "
                        f"WHERE model = ? AND text_sha256 IN ({marks})",
                        [model, *batch],
                    )
                    for text_hash, blob in rows:
                        if len(blob) == dimension * _VECTOR_DTYPE.itemsize:
                            found[text_hash] = np.frombuffer(blob, dtype=_VECTOR_DTYPE).astype(
                                np.float32
                            )
        except sqlite3.Error as error:
            self._give_up(error)
            return {}
        return found

    def put(self, model: str, vectors: Mapping[str, FloatVector]) -> None:
        """Remember the vectors of these text hashes (one transaction)."""
        if not self._usable or not vectors:
            return
        rows = [
            (model, text_hash, np.asarray(vector, dtype=_VECTOR_DTYPE).tobytes())
            for text_hash, vector in vectors.items()
        ]
        try:
            with self._connect() as db:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO vectors VALUES (?, ?, ?)", rows)
                db.execute("COMMIT")
        except sqlite3.Error as error:
            self._give_up(error)
