"""`imr batch`: draft every item of many cases into an output folder, resumably."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from pathlib import Path
from typing import Annotated, Literal

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from assistant.batch import dryrun
from assistant.batch.budget import Budget, budget_price
from assistant.batch.inputs import read_cases, work_items
from assistant.batch.journal import write_atomically
from assistant.batch.outputs import LETTERS, SUMMARY
from assistant.batch.runner import BatchRun, ItemResult
from assistant.batch.summary import summarize
from assistant.cli.common import (
    error_line,
    fail,
    load_settings,
    print_json,
    reports_errors,
    require_vector_store,
    stderr,
)
from assistant.drafting.chain import build_chain
from assistant.llm.usage import price_for

EXIT_FAILURES = 1
EXIT_BUDGET = 3
EXIT_INTERRUPTED = 130


def _progress(show: bool) -> Progress:
    return Progress(
        TextColumn("[bold]drafting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]} items/s"),
        TimeElapsedColumn(),
        TextColumn("ETA"),
        TimeRemainingColumn(),
        TextColumn("needs review: {task.fields[review]}  failed: {task.fields[failed]}"),
        console=stderr,
        disable=not show,
        transient=False,
    )


@reports_errors
def batch_command(
    source: Annotated[
        Path,
        typer.Argument(
            metavar="INPUT",
            help="A folder of case files (.json, or letters as .txt/.pdf) or a .jsonl file with "
            "one case JSON object per line.",
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Output folder; rerun with the same one to resume.")
    ],
    model: Annotated[
        Literal["offline", "openai"] | None,
        typer.Option("--model", help="Drafting model (default: IMR_LLM__BACKEND)."),
    ] = None,
    concurrency: Annotated[
        int, typer.Option("--concurrency", min=1, max=64, help="Items drafted at once.")
    ] = 4,
    budget_usd: Annotated[
        float | None,
        typer.Option(
            "--budget-usd",
            min=0.0,
            help="Stop before spending more than this (estimated at the model's price).",
        ),
    ] = None,
    dry_run: Annotated[
        bool,
        typer.Option("--dry-run", help="Count prompt tokens and estimate the cost; send nothing."),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Draft every disputed item of many cases, resumably, within a budget.

    Writes DIR/drafts.jsonl (one line per item: case_id plus the item as `imr draft --json`
    gives it), DIR/failures.jsonl (items the model failed on; a rerun retries them),
    DIR/letters/<case_id>.txt once all of a case's items are drafted, and DIR/summary.json.
    Rerunning the same command skips finished items. Ctrl-C stops after the items in flight.
    Exit codes: 0 done, 1 some items failed, 2 bad input, 3 budget reached, 130 interrupted.

    Examples:

      imr batch examples/cases --out runs/today

      imr batch cases.jsonl --out runs/today --model openai --dry-run

      imr batch cases.jsonl --out runs/today --model openai --budget-usd 5 --concurrency 8
    """
    settings = load_settings()
    if model is not None:
        settings = settings.model_copy(
            update={"llm": settings.llm.model_copy(update={"backend": model})}
        )
    cases = read_cases(source, settings.limits)
    price = budget_price(settings.llm) if budget_usd is not None else price_for(settings.llm)
    if out.exists() and not out.is_dir():
        fail(f"{out}: --out must be a folder")
    require_vector_store(settings)
    chain = build_chain(settings)
    run = BatchRun(chain, cases, out, price=price, budget=Budget(budget_usd))
    try:
        if dry_run:
            found = dryrun.estimate(chain, cases, run.pending(), price, concurrency)
            _print_estimate(found.row(), as_json)
            return
        _execute(run, cases_count=len(cases), concurrency=concurrency, as_json=as_json)
    finally:
        run.close()


def _print_estimate(row: dict[str, object], as_json: bool) -> None:
    if as_json:
        print_json(row)
        return
    cost = row["estimated_cost_usd"]
    shown = "unknown price (set IMR_LLM__PROMPT_USD_PER_1M)" if cost is None else f"${cost:.4f}"
    typer.echo(f"items to draft:    {row['items']}")
    typer.echo(f"prompt tokens:     {row['prompt_tokens']}")
    typer.echo(f"completion tokens: up to {row['max_completion_tokens']}")
    typer.echo(f"estimated cost:    {shown} (first attempts, full completion allowance)")


def _execute(run: BatchRun, *, cases_count: int, concurrency: int, as_json: bool) -> None:
    items = len(work_items(list(run.cases.values())))
    already = items - len(run.pending())
    counts = {"done": already, "review": sum(1 for r in run.rows() if r.get("needs_review"))}
    counts["failed"] = 0
    start = time.perf_counter()
    with _progress(show=not as_json) as progress:
        task = progress.add_task(
            "drafting", total=items, completed=already, rate="-", review=counts["review"], failed=0
        )

        def on_item(result: ItemResult) -> None:
            if result.outcome == "drafted":
                counts["done"] += 1
                counts["review"] += int(result.needs_review)
            else:
                counts["failed"] += 1
            elapsed = time.perf_counter() - start
            rate = f"{(counts['done'] - already) / elapsed:.1f}" if elapsed > 0 else "-"
            progress.update(
                task,
                completed=counts["done"],
                rate=rate,
                review=counts["review"],
                failed=counts["failed"],
            )

        run.on_item = on_item
        results = asyncio.run(_run_with_signals(run, concurrency))
    wall = time.perf_counter() - start
    letters_dir = run.out_dir / LETTERS
    summary = summarize(
        cases=cases_count,
        items=items,
        rows=run.rows(),
        results=results,
        letters=len(list(letters_dir.glob("*.txt"))) if letters_dir.exists() else 0,
        wall_s=wall,
        budget_usd=run.budget.limit_usd,
        spent_usd=run.budget.spent_usd,
        stopped=run.stop_reason,
    )
    write_atomically(run.out_dir / SUMMARY, json.dumps(summary, indent=2) + "\n")
    if as_json:
        print_json(summary)
    else:
        typer.echo(
            f"{summary['items_done']} of {items} items drafted "
            f"({summary['needs_review']} need review, {summary['failures']} failed this run) "
            f"in {run.out_dir}; {summary['items_per_second']} items/s"
        )
    if run.stop_reason == "budget":
        error_line(
            f"stopped: the next item would exceed --budget-usd {run.budget.limit_usd:g} "
            f"({summary['items_left']} item(s) left; raise the budget and rerun to finish)"
        )
        raise typer.Exit(EXIT_BUDGET)
    if run.stop_reason == "interrupted":
        error_line(f"interrupted: {summary['items_left']} item(s) left; rerun to finish")
        raise typer.Exit(EXIT_INTERRUPTED)
    if summary["failures"]:
        error_line(
            f"{summary['failures']} item(s) failed (see {run.out_dir / 'failures.jsonl'}); "
            "rerun to retry them"
        )
        raise typer.Exit(EXIT_FAILURES)


async def _run_with_signals(run: BatchRun, concurrency: int) -> list[ItemResult]:
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, run.request_stop, "interrupted")
    loop.add_signal_handler(signal.SIGTERM, run.request_stop, "interrupted")
    try:
        return await run.run(concurrency)
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        loop.remove_signal_handler(signal.SIGTERM)
