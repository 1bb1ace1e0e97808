"""The review store's self-check: the file opens, passes `PRAGMA quick_check` and has a schema
version this tool knows. Read-only: a missing file is not created."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from assistant.health import CheckResult, StoreHealth
from assistant.review.store import BUSY_TIMEOUT_MS, SCHEMA_VERSION

STORE = "review store"


def _damaged_advice(path: Path) -> str:
    return (
        f"stop the app, move the damaged file aside (mv {path} {path}.damaged, with its -wal "
        f"and -shm files) and restore it from a backup; your data is at {path}"
    )


def check_review_store(path: Path) -> StoreHealth:
    """Check the review store at `path` without changing it."""
    began = time.perf_counter()
    checks: list[CheckResult] = []
    advice: str | None = None
    if not path.exists():
        checks.append(
            CheckResult(name="exists", passed=True, detail="not created yet (created on first use)")
        )
    else:
        checks, advice = _inspect(path)
    return StoreHealth(
        store=STORE,
        location=str(path),
        checks=checks,
        advice=advice,
        elapsed_ms=(time.perf_counter() - began) * 1000,
    )


def _inspect(path: Path) -> tuple[list[CheckResult], str | None]:
    try:
        db = sqlite3.connect(
            f"{path.resolve().as_uri()}?mode=rw", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    except sqlite3.Error as error:
        return [CheckResult(name="opens", passed=False, detail=f"cannot be opened ({error})")], (
            _damaged_advice(path)
        )
    try:
        checks = [CheckResult(name="opens", passed=True, detail="opens")]
        try:
            found = [str(row[0]) for row in db.execute("PRAGMA quick_check").fetchall()]
            version = int(db.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as error:
            checks.append(CheckResult(name="quick_check", passed=False, detail=f"{error}"))
            return checks, _damaged_advice(path)
    finally:
        db.close()
    if found != ["ok"]:
        detail = "; ".join(found[:3])
        checks.append(CheckResult(name="quick_check", passed=False, detail=f"damaged: {detail}"))
        return checks, _damaged_advice(path)
    checks.append(CheckResult(name="quick_check", passed=True, detail="ok"))
    if version > SCHEMA_VERSION:
        checks.append(
            CheckResult(
                name="schema version",
                passed=False,
                detail=f"schema {version} is not the supported {SCHEMA_VERSION}",
            )
        )
        return checks, (
            "it was written by another version of imr-assistant: use that version, or move "
            f"the file aside and restore a backup; your data is at {path}"
        )
    detail = f"schema {version}"
    if version < SCHEMA_VERSION:
        detail += f" (brought to {SCHEMA_VERSION} the next time imr-assistant opens it)"
    checks.append(CheckResult(name="schema version", passed=True, detail=detail))
    return checks, None
