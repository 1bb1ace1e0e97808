"""Making a database file private must not drop the locks this process holds on it."""

from __future__ import annotations

import contextlib
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

from assistant.privacy.files import private_file

TRY_TO_WRITE = (
    "import sqlite3, sys\n"
    "db = sqlite3.connect(sys.argv[1], timeout=0, isolation_level=None)\n"
    "try:\n"
    "    db.execute('BEGIN IMMEDIATE')\n"
    "except sqlite3.OperationalError as error:\n"
    "    print(error)\n"
    "else:\n"
    "    print('got the write lock')\n"
)


def test_a_write_lock_held_in_this_process_survives_making_the_file_private(
    tmp_path: Path,
) -> None:
    path = tmp_path / "review.sqlite3"
    with contextlib.closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("CREATE TABLE t (x)")
        holder.execute("BEGIN IMMEDIATE")
        path.chmod(0o644)

        private_file(path)

        other = subprocess.run(
            [sys.executable, "-c", TRY_TO_WRITE, str(path)],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        )
        holder.execute("ROLLBACK")
    assert other.stdout.strip() == "database is locked"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_missing_file_is_created_private(tmp_path: Path) -> None:
    path = private_file(tmp_path / "new.sqlite3")
    assert path.stat().st_size == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
