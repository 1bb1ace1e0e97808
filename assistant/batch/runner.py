"""The batch run: a bounded asyncio pool drafting every unfinished item, journaled as it goes.

Each item runs in a worker thread (the chain is synchronous): retrieve, pack, reserve its
estimated cost against the budget, draft, then append one line to `drafts.jsonl` (or, when the
model failed, to `failures.jsonl`, so a rerun retries it). A case's letter is written once all its
items are in the journal. Setting `stop` (Ctrl-C) lets the items in flight finish and starts no
more.
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.batch.budget import Budget, estimate_cost
from assistant.batch.inputs import WorkItem
from assistant.batch.journal import Journal, write_atomically
from assistant.batch.outputs import DRAFTS, FAILURES, letter_from_rows, letter_path
from assistant.corpus.chunks import ChunkKind
from assistant.drafting.case import Case
from assistant.drafting.chain import DraftingChain
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.errors import IMRError
from assistant.llm.usage import Price

Outcome = Literal["drafted", "failed", "skipped"]
StopReason = Literal["budget", "interrupted"]
log = logging.getLogger(__name__)

REPAIR_ALLOWANCE = 400  # tokens of a repair request beyond the prompt and the previous answer
PREFETCH_BATCH = 32  # item titles embedded together ahead of their searches
PREFETCH_AHEAD = 256  # how far the prefetcher may run ahead of the items started


class ItemResult(BaseModel):
    """What became of one item in this run."""

    item: WorkItem
    outcome: Outcome
    needs_review: bool = False
    seconds: float = 0.0
    timings_ms: dict[str, float] = Field(default_factory=dict)


def _describe(error: Exception) -> str:
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


def pack_item(
    chain: DraftingChain, case: Case, title: str
) -> tuple[PackedPrompt, dict[str, float]]:
    """Retrieve and pack one item's prompt (no model call), with the two steps' timings."""
    request = request_for(case, title)
    start = time.perf_counter()
    evidence = chain.retrieve(request)
    middle = time.perf_counter()
    packed = chain.pack(request, evidence)
    end = time.perf_counter()
    return packed, {"retrieval": (middle - start) * 1000, "packing": (end - middle) * 1000}


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

    # -- one item ------------------------------------------------------------------------------

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

    def process(self, item: WorkItem) -> ItemResult:
        """Draft one item and journal it (runs in a worker thread)."""
        if self.stop.is_set():
            return ItemResult(item=item, outcome="skipped")
        start = time.perf_counter()
        case = self.cases[item.case_id]
        try:
            packed, timings = pack_item(self.chain, case, item.title)
        except Exception as error:
            return self._fail(item, _describe(error), start)
        estimate = self._estimate(packed)
        if not self.budget.reserve(estimate):
            self.request_stop("budget")
            return ItemResult(item=item, outcome="skipped")
        actual: float | None = None
        try:
            draft = self.chain.draft_packed(packed, timings)
            actual = draft.usage.cost_usd
        except Exception as error:
            return self._fail(item, _describe(error), start)
        finally:
            self.budget.settle(estimate, actual)
        model_errors = [p.message for p in draft.problems if p.code == "model_error"]
        if model_errors:
            return self._fail(item, model_errors[0], start)
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
            seconds=time.perf_counter() - start,
            timings_ms=timings,
        )

    def _fail(self, item: WorkItem, message: str, start: float) -> ItemResult:
        self.failures.append({"case_id": item.case_id, "title": item.title, "error": message})
        return ItemResult(item=item, outcome="failed", seconds=time.perf_counter() - start)

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

    # -- the pool ------------------------------------------------------------------------------

    async def run(self, concurrency: int, only: set[WorkItem] | None = None) -> list[ItemResult]:
        """Draft every pending item (of `only`, when given), `concurrency` at a time.

        Results come in completion order.
        """
        semaphore = asyncio.Semaphore(concurrency)
        results: list[ItemResult] = []
        started = asyncio.Condition()
        count = 0

        async def one(item: WorkItem) -> None:
            nonlocal count
            async with semaphore:
                if self.stop.is_set():
                    return
                async with started:
                    count += 1
                    started.notify_all()
                result = await asyncio.to_thread(self.process, item)
            results.append(result)
            if self.on_item is not None and result.outcome != "skipped":
                self.on_item(result)

        def within_reach(first: int) -> bool:
            return first - count < PREFETCH_AHEAD

        async def prefetch(items: list[WorkItem]) -> None:
            for first in range(0, len(items), PREFETCH_BATCH):
                async with started:
                    await started.wait_for(partial(within_reach, first))
                if self.stop.is_set():
                    return
                titles = [item.title for item in items[first : first + PREFETCH_BATCH]]
                await asyncio.to_thread(self.chain.searcher.prefetch, titles)

        pending = [item for item in self.pending() if only is None or item in only]
        if pending:
            # Open both collections before the pool starts, so no two threads race to.
            for kind in (ChunkKind.GUIDELINE, ChunkKind.DETERMINATION):
                await asyncio.to_thread(self.chain.searcher.snapshot, kind)
        prefetcher = asyncio.create_task(prefetch(pending if self.prefetch_queries else []))
        try:
            await asyncio.gather(*(one(item) for item in pending))
        finally:
            prefetcher.cancel()
            await asyncio.gather(prefetcher, return_exceptions=True)
        self.write_missing_letters()
        return results

    def close(self) -> None:
        self.drafts.close()
        self.failures.close()
