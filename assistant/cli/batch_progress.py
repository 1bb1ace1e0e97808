"""Running a batch in the terminal: the progress bar, the summary, the exit code."""

from __future__ import annotations

import asyncio
import json
import signal
import time
from typing import Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

from assistant.batch.inputs import WorkItem, work_items
from assistant.batch.journal import write_atomically
from assistant.batch.outputs import LETTERS, SUMMARY
from assistant.batch.runner import BatchRun, ItemResult
from assistant.batch.summary import summarize
from assistant.cli.common import error_line, print_json, stderr

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


def print_estimate(row: dict[str, object], as_json: bool) -> None:
    if as_json:
        print_json(row)
        return
    cost = row["estimated_cost_usd"]
    shown = "unknown price (set IMR_LLM__PROMPT_USD_PER_1M)" if cost is None else f"${cost:.4f}"
    typer.echo(f"items to draft:    {row['items']}")
    typer.echo(f"prompt tokens:     {row['prompt_tokens']}")
    typer.echo(f"completion tokens: up to {row['max_completion_tokens']}")
    typer.echo(f"estimated cost:    {shown} (first attempts, full completion allowance)")


def execute(
    run: BatchRun,
    *,
    cases_count: int,
    concurrency: int,
    as_json: bool,
    only: set[WorkItem] | None = None,
    started: float | None = None,
) -> dict[str, Any]:
    """Draft the pending items (of `only`) with a progress bar; write and return the summary."""
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
        results = asyncio.run(_run_with_signals(run, concurrency, only))
    wall = time.perf_counter() - (start if started is None else started)
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
    return summary


def report(run: BatchRun, summary: dict[str, Any], as_json: bool) -> None:
    """Print the summary and exit with the code the run earned."""
    items = summary["items"]
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


async def _run_with_signals(
    run: BatchRun, concurrency: int, only: set[WorkItem] | None
) -> list[ItemResult]:
    loop = asyncio.get_running_loop()
    loop.add_signal_handler(signal.SIGINT, run.request_stop, "interrupted")
    loop.add_signal_handler(signal.SIGTERM, run.request_stop, "interrupted")
    try:
        return await run.run(concurrency, only)
    finally:
        loop.remove_signal_handler(signal.SIGINT)
        loop.remove_signal_handler(signal.SIGTERM)
