"""SIGKILL a process in the middle of review actions: the store stays sound and keeps every
action the process reported as done; at most the action in flight is lost."""

from __future__ import annotations

import contextlib
import os
import random
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.drafting.case import CaseItem
from assistant.review.health import check_review_store
from assistant.review.store import ReviewStore
from tests.paths import REPO
from tests.review.action_loop import REVIEWER, rationale

KILLS = 12
pytestmark = pytest.mark.slow


def run_until_killed(db: Path, item_id: int, first: int, rng: random.Random) -> list[int]:
    """Start the loop, let it commit for a random moment after its first ack, SIGKILL it and
    return the sequence numbers it acknowledged."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.review.action_loop", str(db), str(item_id), str(first)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    acked: list[int] = []
    first_ack = threading.Event()

    def read() -> None:
        assert process.stdout is not None
        for line in process.stdout:
            acked.append(int(line.split()[1]))
            first_ack.set()

    reader = threading.Thread(target=read)
    reader.start()
    assert first_ack.wait(60), process.stderr.read() if process.stderr else ""
    time.sleep(rng.uniform(0.01, 0.4))
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    reader.join()
    assert process.returncode == -signal.SIGKILL
    return acked


def stored_sequences(db: Path, item_id: int) -> list[int]:
    store = ReviewStore(db)
    found = []
    for version in store.versions(item_id):
        assert version.author == REVIEWER
        match = re.fullmatch(r"Edit number (\d+)\..*", version.rationale)
        assert match, version.rationale
        sequence = int(match.group(1))
        assert version.rationale == rationale(sequence)
        found.append(sequence)
    return found


def test_sigkill_during_review_actions_loses_at_most_the_action_in_flight(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    case_id = ReviewStore(db).create_case("SYN-CRASH", "Summary.", [CaseItem(title="MRI")], "Dr. A")
    item_id = ReviewStore(db).items(case_id)[0].id
    rng = random.Random(7)
    acknowledged: set[int] = set()
    first = 1
    for _ in range(KILLS):
        acked = run_until_killed(db, item_id, first, rng)
        with contextlib.closing(sqlite3.connect(db)) as connection:
            assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert check_review_store(db).healthy
        acknowledged.update(acked)
        stored = stored_sequences(db, item_id)
        assert acknowledged <= set(stored)
        unacknowledged = [
            sequence for sequence in stored if sequence >= first and sequence not in acked
        ]
        assert len(unacknowledged) <= 1
        first = max(stored) + 1
    assert len(acknowledged) > KILLS
