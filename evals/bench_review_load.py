"""Concurrent reviewer sessions on one review store: no lost or mixed-up edit, no database error.

    python -m evals.bench_review_load [--sessions 20] [--seconds 60] [--json]

Starts `--sessions` processes, each with its own ReviewStore on one fresh SQLite file (as
separate app server processes would have), two per case so their edits conflict, and runs the
mix in evals/review_load.py for `--seconds`. Then checks the file: every acknowledged edit is
there with its text and reviewer, every conflict was reported and its text kept as a rejected
version, integrity_check passes. Prints the counts and p50/p95/max action latency. The load is
at the store level: twenty browser or AppTest sessions are too heavy for a 2-core machine.
Exits 1 when an invariant fails.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from evals.review_load import run_load, verify


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "review.sqlite3"
        actions = run_load(db, args.sessions, args.seconds)
        report = verify(db, actions, args.sessions, args.seconds)
    if args.json:
        print(json.dumps({**report.model_dump(), "sound": report.sound}, indent=2))
    else:
        print(
            f"sessions {report.sessions}, {report.seconds:g} s: {report.actions} actions, "
            f"{report.edits} edits, {report.conflicts} conflicts, {report.db_errors} db errors\n"
            f"action latency p50 {report.p50_ms:.1f} ms, p95 {report.p95_ms:.1f} ms, "
            f"max {report.max_ms:.1f} ms\n"
            f"lost edits {len(report.lost_edits)}, mixed-up edits {len(report.wrong_edits)}, "
            f"conflicts not kept {len(report.unkept_conflicts)}, "
            f"rejections not reported {len(report.unreported_rejections)}, "
            f"integrity {report.integrity}"
        )
    if not report.sound:
        sys.exit(1)


if __name__ == "__main__":
    main()
