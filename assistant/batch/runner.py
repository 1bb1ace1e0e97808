"""The batch run: every unfinished item through the drafting chain's runnable, journaled as it goes.

The items go to `abatch_as_completed` with `max_concurrency`; the run is each item's
`RunControl`: an item starts only while the run is not stopping, and reaches the model only when
its estimated cost fits the budget. As each item completes, one line is appended to
`drafts.jsonl` (or, when the model failed, to `failures.jsonl`, so a rerun retries it); a case's
letter is written once all its items are in the journal. Setting `stop` (Ctrl-C) lets the items
in flight finish and starts no more.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal

from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, Field

from assistant.batch.budget import Budget, estimate_cost
from assistant.batch.inputs import WorkItem
from assistant.batch.journal import Journal, write_atomically
from assistant.batch.outputs import DRAFTS, FAILURES, letter_from_rows, letter_path
from assistant.corpus.chunks import ChunkKind
from assistant.drafting.case import Case
from assistant.drafting.chain import DraftingChain
from assistant.drafting.control import CONTROL, SkippedError
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.drafting.result import ItemDraft
from assistant.errors import IMRError
from assistant.llm.usage import Price

Outcome = Literal["drafted", "failed", "skipped"]
StopReason = Literal["budget", "interrupted"]
log = logging.getLogger(__name__)

REPAIR_ALLOWANCE = 400  # tokens of a repair request beyond the prompt and the previous answer
PREFETCH_BATCH = 32  # item titles embedded together ahead of their searches
PREFETCH_AHEAD = 256  # how far the prefetcher may run ahead of the items started


class ItemResult(BaseModel):
    """What became of one item in this run; a drafted item's `seconds` are its phases' sum
    (retrieval to journaled line, without the time it waited for a worker)."""

    item: WorkItem
    outcome: Outcome
    needs_review: bool = False
    seconds: float = 0.0
    timings_ms: dict[str, float] = Field(default_factory=dict)


def _describe(error: BaseException) -> str:
    """An item's failure as one line; an unexpected error is logged with its traceback at DEBUG."""
    if isinstance(error, IMRError):
        return str(error)
    log.debug("item failed", exc_info=error)
    return f"unexpected {error.__class__.__name__}: {error}"


def request_for(case: Case, title: str) -> DraftRequest:
    item = next(item for item in case.items if item.title == title)
    return DraftRequest(
        case_id=case.case_id,
        summary=case.clinical_summary,
        title=item.title,
        decision=item.decision,
        claims_administrator_guideline=item.claims_administrator_guideline,
        case_date=case.citation_date,
    )


class BatchRun:
    """Drafts the unfinished items of `cases` into `out_dir`."""

    def __init__(
        self,
        chain: DraftingChain,
        cases: list[Case],
        out_dir: Path,
        *,
        price: Price | None,
        budget: Budget,
        on_item: Callable[[ItemResult], None] | None = None,
        prefetch_queries: bool = True,
    ) -> None:
        self.chain = chain
        self.cases = {case.case_id: case for case in cases}
        self.out_dir = out_dir
        self.price = price
        self.budget = budget
        self.on_item = on_item
        self.prefetch_queries = prefetch_queries
        self.stop = threading.Event()
        self.stop_reason: StopReason | None = None
        self.drafts = Journal(out_dir / DRAFTS)
        self.failures = Journal(out_dir / FAILURES)
        self._lock = threading.Lock()
        self._started = threading.Condition()
        self._count = 0
        self._rows: dict[str, dict[str, dict[str, Any]]] = {}
        for record in self.drafts.records:
            case = self.cases.get(str(record.get("case_id")))
            if case is not None and any(i.title == record.get("title") for i in case.items):
                self._rows.setdefault(case.case_id, {})[str(record["title"])] = record

    # -- state ---------------------------------------------------------------------------------

    def done(self, item: WorkItem) -> bool:
        return item.title in self._rows.get(item.case_id, {})

    def rows(self) -> list[dict[str, Any]]:
        """The journal rows of this input's items, one per item."""
        return [row for case_rows in self._rows.values() for row in case_rows.values()]

    def pending(self) -> list[WorkItem]:
        return [
            WorkItem(case_id=case.case_id, title=item.title)
            for case in self.cases.values()
            for item in case.items
            if not self.done(WorkItem(case_id=case.case_id, title=item.title))
        ]

    def request_stop(self, reason: StopReason) -> None:
        with self._lock:
            if self.stop_reason is None:
                self.stop_reason = reason
        self.stop.set()

    # -- the run's control of each item (called from the chain's worker threads) -----------------

    def start(self, request: DraftRequest) -> bool:
        if self.stop.is_set():
            return False
        with self._started:
            self._count += 1
            self._started.notify_all()
        return True

    def reserve(self, packed: PackedPrompt) -> float | None:
        estimate = self._estimate(packed)
        if not self.budget.reserve(estimate):
            self.request_stop("budget")
            return None
        return estimate

    def settle(self, reserved: float, cost_usd: float | None) -> None:
        self.budget.settle(reserved, cost_usd)

    def _estimate(self, packed: PackedPrompt) -> float:
        if self.price is None:
            return 0.0
        llm = self.chain.settings.llm
        attempts = llm.max_repairs + 1
        first = estimate_cost(self.price, packed.prompt_tokens, llm)
        repair = estimate_cost(
            self.price, packed.prompt_tokens + llm.max_completion_tokens + REPAIR_ALLOWANCE, llm
        )
        return first + (attempts - 1) * repair

    # -- one item's outcome ----------------------------------------------------------------------

    def record(self, item: WorkItem, outcome: ItemDraft | BaseException) -> ItemResult:
        """Journal what the chain returned for one item."""
        if isinstance(outcome, SkippedError):
            return ItemResult(item=item, outcome="skipped")
        if isinstance(outcome, BaseException):
            return self._fail(item, _describe(outcome))
        draft = outcome
        model_errors = [p.message for p in draft.problems if p.code == "model_error"]
        if model_errors:
            return self._fail(item, model_errors[0])
        case = self.cases[item.case_id]
        row = {"case_id": item.case_id, **draft.row()}
        io_start = time.perf_counter()
        self.drafts.append(row)
        with self._lock:
            case_rows = self._rows.setdefault(item.case_id, {})
            case_rows[item.title] = row
            complete = len(case_rows) == len(case.items)
        if complete:
            self.write_letter(case)
        timings = dict(draft.timings_ms) | {"io": (time.perf_counter() - io_start) * 1000}
        return ItemResult(
            item=item,
            outcome="drafted",
            needs_review=draft.needs_review,
            seconds=sum(timings.values()) / 1000,
            timings_ms=timings,
        )

    def _fail(self, item: WorkItem, message: str) -> ItemResult:
        self.failures.append({"case_id": item.case_id, "title": item.title, "error": message})
        return ItemResult(item=item, outcome="failed")

    def write_letter(self, case: Case) -> None:
        with self._lock:
            rows = dict(self._rows.get(case.case_id, {}))
        write_atomically(letter_path(self.out_dir, case.case_id), letter_from_rows(case, rows))

    def write_missing_letters(self) -> int:
        """Letters of finished cases that have none yet (a run killed between line and letter)."""
        written = 0
        for case in self.cases.values():
            complete = len(self._rows.get(case.case_id, {})) == len(case.items)
            if complete and not letter_path(self.out_dir, case.case_id).exists():
                self.write_letter(case)
                written += 1
        return written

    # -- the run ---------------------------------------------------------------------------------

    async def run(self, concurrency: int, only: set[WorkItem] | None = None) -> list[ItemResult]:
        """Draft every pending item (of `only`, when given), `concurrency` at a time.

        Results come in completion order.
        """
        pending = [item for item in self.pending() if only is None or item in only]
        if pending:
            # Open both collections before the pool starts, so no two threads race to.
            for kind in (ChunkKind.GUIDELINE, ChunkKind.DETERMINATION):
                await asyncio.to_thread(self.chain.searcher.snapshot, kind)
        requests = [request_for(self.cases[item.case_id], item.title) for item in pending]
        config: RunnableConfig = {"max_concurrency": concurrency, "configurable": {CONTROL: self}}
        finished = threading.Event()
        titles = [item.title for item in pending] if self.prefetch_queries else []
        prefetcher = threading.Thread(
            target=self._prefetch, args=(titles, finished), name="prefetch", daemon=True
        )
        prefetcher.start()
        results: list[ItemResult] = []
        try:
            async for index, outcome in self.chain.runnable.abatch_as_completed(
                requests, config, return_exceptions=True
            ):
                result = await asyncio.to_thread(self.record, pending[index], outcome)
                results.append(result)
                if self.on_item is not None and result.outcome != "skipped":
                    self.on_item(result)
        finally:
            with self._started:
                finished.set()
                self._started.notify_all()
            await asyncio.to_thread(prefetcher.join)
        self.write_missing_letters()
        return results

    def _prefetch(self, titles: list[str], finished: threading.Event) -> None:
        """Embed item titles in batches, at most `PREFETCH_AHEAD` items ahead of those started."""

        def within_reach(first: int) -> bool:
            done = finished.is_set() or self.stop.is_set()
            return done or first - self._count < PREFETCH_AHEAD

        for first in range(0, len(titles), PREFETCH_BATCH):
            with self._started:
                self._started.wait_for(functools.partial(within_reach, first))
            if finished.is_set() or self.stop.is_set():
                return
            self.chain.searcher.prefetch(titles[first : first + PREFETCH_BATCH])

    def close(self) -> None:
        self.drafts.close()
        self.failures.close()
