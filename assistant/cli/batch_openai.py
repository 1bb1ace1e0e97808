"""`imr batch --openai-batch`: submit the pending items as one Batch API job, wait, replay.

The replies are replayed through the normal batch run with a drafter that serves them and no
re-asks, so the journal, letters and summary are those of any other run.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Iterator
from pathlib import Path

import openai
import typer
from openai.types import Batch

from assistant.batch import openai_batch
from assistant.batch.budget import Budget
from assistant.batch.dryrun import estimate_packed, pack_pending
from assistant.batch.inputs import WorkItem
from assistant.batch.openai_batch import SubmittedBatch
from assistant.batch.openai_requests import request_lines
from assistant.batch.openai_results import BatchResult, ReplayDrafter, read_results
from assistant.batch.runner import BatchRun
from assistant.cli.batch_progress import (
    EXIT_BUDGET,
    EXIT_FAILURES,
    EXIT_INTERRUPTED,
    execute,
    print_estimate,
    report,
)
from assistant.cli.common import error_line, fail, stderr
from assistant.drafting.case import Case
from assistant.drafting.chain import DraftingChain, build_chain
from assistant.errors import ModelError
from assistant.llm.openai_chat import describe_api_error, openai_client
from assistant.llm.usage import Price
from assistant.settings import Settings


def _say(message: str, as_json: bool) -> None:
    if not as_json:
        stderr.print(message, markup=False)


@contextlib.contextmanager
def _api_errors(settings: Settings) -> Iterator[None]:
    """An API or download failure as one line and exit 1."""
    try:
        yield
    except openai.APIError as error:
        error_line(str(describe_api_error(error, settings.llm)))
        raise typer.Exit(EXIT_FAILURES) from None
    except ModelError as error:
        error_line(str(error))
        raise typer.Exit(EXIT_FAILURES) from None


def run_openai_batch(
    settings: Settings,
    cases: list[Case],
    out: Path,
    *,
    price: Price | None,
    budget_usd: float | None,
    concurrency: int,
    poll_interval_s: float,
    dry_run: bool,
    as_json: bool,
) -> None:
    """Submit (or resume), wait for the batch, and journal its replies like a normal run."""
    started = time.perf_counter()
    chain = build_chain(settings)
    state = openai_batch.load_state(out)
    if state is not None and dry_run:
        fail(f"{out}: batch {state.batch_id} is already submitted; rerun without --dry-run")
    if state is None:
        state = _submit(
            chain,
            cases,
            out,
            price=price,
            budget_usd=budget_usd,
            concurrency=concurrency,
            dry_run=dry_run,
            as_json=as_json,
        )
        if dry_run:
            return
    else:
        _say(f"resuming batch {state.batch_id}", as_json)
    if state is None:
        idle = BatchRun(chain, cases, out, price=price, budget=Budget(None))
        _finish(idle, set(), as_json, concurrency=concurrency)
        return
    with _api_errors(settings):
        client = openai_client(settings.llm)
        batch = _wait(client, state, poll_interval_s, as_json)
        results = _results(client, batch, out)
    replay = ReplayDrafter(
        settings.llm,
        settings.privacy,
        state.batch_id,
        state.manifest,
        results,
        missing=f"{batch.status} with no result for this item; rerun to submit it again",
    )
    no_repairs = settings.model_copy(
        update={"llm": settings.llm.model_copy(update={"max_repairs": 0})}
    )
    replay_chain = DraftingChain(no_repairs, chain.searcher, replay, chain.prompts)
    if batch.status != "completed":
        error_line(openai_batch.batch_problem(batch))
    run = BatchRun(replay_chain, cases, out, price=price, budget=Budget(None))
    items = {entry.item for entry in state.manifest.values()}
    _finish(run, items, as_json, concurrency=concurrency, started=started)


def _finish(
    run: BatchRun,
    items: set[WorkItem],
    as_json: bool,
    *,
    concurrency: int,
    started: float | None = None,
) -> None:
    """Journal `items` through the run, write the summary, forget a finished batch, report."""
    try:
        summary = execute(
            run,
            cases_count=len(run.cases),
            concurrency=concurrency,
            as_json=as_json,
            only=items,
            started=started,
        )
        if run.stop_reason is None:
            openai_batch.clear_state(run.out_dir)
        report(run, summary, as_json)
    finally:
        run.close()


def _submit(
    chain: DraftingChain,
    cases: list[Case],
    out: Path,
    *,
    price: Price | None,
    budget_usd: float | None,
    concurrency: int,
    dry_run: bool,
    as_json: bool,
) -> SubmittedBatch | None:
    """Pack the pending items and submit them; None when there is nothing to send (or dry-run)."""
    probe = BatchRun(chain, cases, out, price=price, budget=Budget(None))
    try:
        pending = probe.pending()
    finally:
        probe.close()
    llm = chain.settings.llm
    packed = pack_pending(chain, cases, pending, concurrency)
    jsonl, manifest = request_lines(packed, llm, chain.settings.privacy)
    found = estimate_packed(packed, price, llm)
    if dry_run:
        path = openai_batch.write_requests(out, jsonl)
        row = found.row() | {"requests_file": str(path)}
        print_estimate(row, as_json)
        if not as_json:
            typer.echo(f"requests:          {path} (not uploaded)")
        return None
    if not pending:
        return None
    cost = found.estimated_cost_usd
    if budget_usd is not None and cost is not None and cost > budget_usd:
        error_line(
            f"not submitted: the batch's estimate ${cost:.4f} exceeds --budget-usd {budget_usd:g}"
        )
        raise typer.Exit(EXIT_BUDGET)
    with _api_errors(chain.settings):
        client = openai_client(llm)
        state = openai_batch.submit(client, out, jsonl, manifest)
    _say(
        f"submitted batch {state.batch_id} ({len(manifest)} request(s)); if this run stops, "
        "rerun the same command to collect it",
        as_json,
    )
    return state


def _wait(
    client: openai.OpenAI, state: SubmittedBatch, poll_interval_s: float, as_json: bool
) -> Batch:
    """Poll until the batch ends, with a status line; Ctrl-C leaves the batch running."""
    shown = (
        contextlib.nullcontext() if as_json else stderr.status(f"batch {state.batch_id}: waiting")
    )
    try:
        with shown as status:

            def on_status(batch: Batch) -> None:
                if status is not None:
                    status.update(openai_batch.describe_status(batch))

            return openai_batch.poll(client, state.batch_id, poll_interval_s, on_status)
    except KeyboardInterrupt:
        error_line(
            f"interrupted: batch {state.batch_id} goes on at the server; rerun the same "
            "command to collect it"
        )
        raise typer.Exit(EXIT_INTERRUPTED) from None


def _results(client: openai.OpenAI, batch: Batch, out: Path) -> dict[str, BatchResult]:
    """The results of both of the batch's files, downloaded into the output folder."""
    results: dict[str, BatchResult] = {}
    for path in openai_batch.download_results(client, batch, out):
        results |= read_results(path)
    return results
