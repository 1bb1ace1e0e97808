"""A reviewer process for the crash test: saves numbered edits to one item in a loop and prints
`ack N` (flushed) after each commit. Run as `python -m tests.review.action_loop DB ITEM FIRST`."""

from __future__ import annotations

import sys
from pathlib import Path

from assistant.letters.models import Decision
from assistant.review.store import ReviewStore

REVIEWER = "Dr. Crash"
MAXIMUS = "Decision based on MTUS ACOEM Chapter 12 Page(s): 303."


def rationale(sequence: int) -> str:
    return f"Edit number {sequence}. The request is not medically necessary."


def main(db: Path, item_id: int, first: int) -> None:
    store = ReviewStore(db)
    version = store.item(item_id).version
    sequence = first
    while True:
        store.save_edit(
            item_id,
            version,
            REVIEWER,
            decision=Decision.UPHELD,
            maximus_guideline=MAXIMUS,
            rationale=rationale(sequence),
        )
        version += 1
        print(f"ack {sequence}", flush=True)
        sequence += 1


if __name__ == "__main__":
    main(Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]))
