"""Reviewer sessions hammering one review store from separate processes, and the check of what
the store kept afterwards. Shared by `evals/bench_review_load.py` and `tests/review/test_load.py`.

Each session is a process with its own `ReviewStore` on the same file, as separate app server
processes would be. Two sessions share each case, so their edits conflict. A session opens its
case, saves edits whose text carries a unique marker, accepts, sometimes reverts, and saves a
prepared model draft (no retrieval: the point is the store).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import random
import sqlite3
import time
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from assistant.drafting.case import CaseItem
from assistant.drafting.result import ItemDraft
from assistant.drafting.schema import RationaleSentence, StatementKind
from assistant.errors import IMRError
from assistant.letters.models import Decision
from assistant.llm.usage import Usage
from assistant.review.store import ConflictError, ReviewStore
from assistant.stats import percentile

ActionKind = Literal["open", "edit", "accept", "revert", "draft"]
Outcome = Literal["ok", "conflict", "refused", "db error"]
SESSIONS_PER_CASE = 2
ITEMS_PER_CASE = 3
MAXIMUS = "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304."
MIX: list[tuple[ActionKind, int]] = [("edit", 50), ("accept", 20), ("revert", 10), ("draft", 20)]


class Action(BaseModel):
    """One action a session took, how long it took and how it ended."""

    session: int
    kind: ActionKind
    outcome: Outcome
    ms: float
    item_id: int | None = None
    marker: str | None = None
    version_id: int | None = None
    error: str | None = None


class LoadReport(BaseModel):
    """What the sessions did and what the store kept of it."""

    sessions: int
    seconds: float
    actions: int
    edits: int
    conflicts: int
    db_errors: int
    lost_edits: list[str]
    wrong_edits: list[str]
    unkept_conflicts: list[str]
    unreported_rejections: list[str]
    integrity: str
    p50_ms: float
    p95_ms: float
    max_ms: float

    @property
    def sound(self) -> bool:
        return (
            self.db_errors == 0
            and not self.lost_edits
            and not self.wrong_edits
            and not self.unkept_conflicts
            and not self.unreported_rejections
            and self.integrity == "ok"
        )


def reviewer(session: int) -> str:
    return f"Dr. Session {session}"


def prepared_draft(title: str) -> ItemDraft:
    """A model draft as the chain would return it, built without retrieval or a model."""
    return ItemDraft(
        title=title,
        decision=Decision.UPHELD,
        decision_source="model",
        maximus_guideline=MAXIMUS,
        sentences=[
            RationaleSentence(text="Imaging needs red flags.", kind=StatementKind.GUIDELINE),
            RationaleSentence(text="None are described.", kind=StatementKind.CASE, cites=["S1"]),
        ],
        closing=f"Therefore, the request for {title} is not medically necessary.",
        citations=[],
        criteria=[],
        problems=[],
        usage=Usage(calls=1, prompt_tokens=900, completion_tokens=120),
        model="offline",
        prompt_version="draft-1",
        attempts=1,
        retrieved=[],
    )


def create_cases(db: Path, sessions: int) -> list[int]:
    """One case per pair of sessions, each with a few items."""
    store = ReviewStore(db)
    items = [CaseItem(title=f"Item {n}") for n in range(ITEMS_PER_CASE)]
    count = (sessions + SESSIONS_PER_CASE - 1) // SESSIONS_PER_CASE
    return [
        store.create_case(f"LOAD-{n}", "Synthetic load case.", items, "Dr. Setup")
        for n in range(count)
    ]


def _act(store: ReviewStore, session: int, case_id: int, rng: random.Random, n: int) -> Action:
    """Open the case and do one action on a random item of it."""
    name = reviewer(session)
    began = time.perf_counter()
    item = rng.choice(store.items(case_id))
    kind: ActionKind = rng.choices([k for k, _ in MIX], weights=[w for _, w in MIX])[0]
    marker = f"[s{session}-n{n}]" if kind == "edit" else None
    version_id: int | None = None
    try:
        if kind == "edit":
            version_id = store.save_edit(
                item.id,
                item.version,
                name,
                decision=Decision.UPHELD,
                maximus_guideline=MAXIMUS,
                rationale=f"{marker} The request is not medically necessary.",
            )
        elif kind == "accept":
            store.accept(item.id, item.version, name)
        elif kind == "revert":
            earlier = store.versions(item.id)
            if not earlier:
                kind = "open"
            else:
                version_id = store.revert(item.id, item.version, name, rng.choice(earlier).id)
        else:
            version_id = store.save_draft(
                item.id, item.version, name, prepared_draft(item.title), elapsed_ms=0.0
            )
        outcome: Outcome = "ok"
        error = None
    except ConflictError as exc:
        outcome, error = "conflict", str(exc)
    except IMRError as exc:
        cause = exc.__cause__
        if isinstance(cause, sqlite3.Error):
            outcome, error = "db error", f"{cause.__class__.__name__}: {cause}"
        else:
            outcome, error = "refused", str(exc)
    except sqlite3.Error as exc:
        outcome, error = "db error", f"{exc.__class__.__name__}: {exc}"
    return Action(
        session=session,
        kind=kind,
        outcome=outcome,
        ms=(time.perf_counter() - began) * 1000,
        item_id=item.id,
        marker=marker,
        version_id=version_id,
        error=error,
    )


def run_session(
    db: Path, session: int, case_id: int, seconds: float, start: Barrier, results: Any
) -> None:
    """One reviewer session: its own store object, actions until the time is up."""
    store = ReviewStore(db)
    rng = random.Random(session)
    actions: list[dict[str, Any]] = []
    start.wait()
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        actions.append(_act(store, session, case_id, rng, n).model_dump())
        n += 1
    results.put(actions)


def run_load(db: Path, sessions: int, seconds: float) -> list[Action]:
    """Start the sessions as processes at the same moment; every action they took."""
    context = multiprocessing.get_context("spawn")
    cases = create_cases(db, sessions)
    start = context.Barrier(sessions + 1)
    results = context.Queue()
    processes = [
        context.Process(
            target=run_session,
            args=(db, session, cases[session // SESSIONS_PER_CASE], seconds, start, results),
        )
        for session in range(sessions)
    ]
    for process in processes:
        process.start()
    start.wait()
    actions = [Action(**row) for _ in processes for row in results.get()]
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise RuntimeError(f"a session process exited with {process.exitcode}")
    return actions


def verify(db: Path, actions: list[Action], sessions: int, seconds: float) -> LoadReport:
    """Compare what the sessions were told with what the store holds."""
    with contextlib.closing(sqlite3.connect(db)) as connection:
        integrity = str(connection.execute("PRAGMA integrity_check").fetchone()[0])
        rows = connection.execute(
            "SELECT id, kind, rationale, author, model, instruction FROM versions"
        ).fetchall()
    by_id = {row[0]: row for row in rows}
    rejected = {
        row[2]: row for row in rows if row[1] == "rejected" and row[4] == "reviewer" and not row[5]
    }
    edits = [a for a in actions if a.kind == "edit" and a.outcome == "ok"]
    conflicts = [a for a in actions if a.outcome == "conflict"]
    lost, wrong = [], []
    for action in edits:
        row = by_id.get(action.version_id or -1)
        if row is None:
            lost.append(str(action.marker))
        elif (row[1], row[2], row[3]) != (
            "edit",
            f"{action.marker} The request is not medically necessary.",
            reviewer(action.session),
        ):
            wrong.append(str(action.marker))
    reported = {
        f"{a.marker} The request is not medically necessary.": a
        for a in conflicts
        if a.kind == "edit"
    }
    unkept = [
        str(a.marker)
        for text, a in reported.items()
        if text not in rejected or rejected[text][3] != reviewer(a.session)
    ]
    unreported = [text for text in rejected if text.startswith("[s") and text not in reported]
    latencies = [a.ms for a in actions]
    return LoadReport(
        sessions=sessions,
        seconds=seconds,
        actions=len(actions),
        edits=len(edits),
        conflicts=len(conflicts),
        db_errors=sum(a.outcome == "db error" for a in actions),
        lost_edits=lost,
        wrong_edits=wrong,
        unkept_conflicts=unkept,
        unreported_rejections=unreported,
        integrity=integrity,
        p50_ms=percentile(latencies, 0.5) or 0.0,
        p95_ms=percentile(latencies, 0.95) or 0.0,
        max_ms=max(latencies, default=0.0),
    )
