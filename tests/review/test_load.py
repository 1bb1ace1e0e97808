"""Twenty reviewer sessions in separate processes on one review store for a few seconds: no
acknowledged edit lost or mixed up, every conflict reported and kept, no database error."""

from __future__ import annotations

from pathlib import Path

import pytest

from evals.review_load import run_load, verify

pytestmark = pytest.mark.slow


def test_twenty_concurrent_sessions_lose_and_mix_up_nothing(tmp_path: Path) -> None:
    db = tmp_path / "review.sqlite3"
    actions = run_load(db, sessions=20, seconds=10)
    report = verify(db, actions, sessions=20, seconds=10)
    assert {action.session for action in actions} == set(range(20))
    assert report.edits > 20
    assert report.conflicts > 0
    assert report.db_errors == 0, [a.error for a in actions if a.outcome == "db error"][:3]
    assert report.lost_edits == []
    assert report.wrong_edits == []
    assert report.unkept_conflicts == []
    assert report.unreported_rejections == []
    assert report.integrity == "ok"
