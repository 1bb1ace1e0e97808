"""`imr batch`: draft every item of many cases into an output folder, resumably."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal

import typer

from assistant.batch.budget import Budget, budget_price
from assistant.batch.inputs import read_cases
from assistant.cli.common import fail, load_settings, reports_errors, require_vector_store
from assistant.llm.registry import model_spec


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
        int | None,
        typer.Option(
            "--concurrency",
            min=1,
            max=64,
            help="Items drafted at once (default: 1 with the offline model, whose work is all "
            "on this machine's CPU; 4 with a remote model, whose calls can overlap).",
        ),
    ] = None,
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
    openai_batch: Annotated[
        bool,
        typer.Option(
            "--openai-batch",
            help="Send the items as one OpenAI Batch API job (results within 24 h); rerun the "
            "same command to resume waiting on it.",
        ),
    ] = False,
    poll_interval: Annotated[
        float,
        typer.Option(
            "--poll-interval",
            min=0.01,
            metavar="SECONDS",
            help="With --openai-batch: seconds between status checks.",
        ),
    ] = 30.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Draft every disputed item of many cases, resumably, within a budget.

    Writes DIR/drafts.jsonl (one line per item: case_id plus the item as `imr draft --json`
    gives it), DIR/failures.jsonl (items the model failed on; a rerun retries them),
    DIR/letters/<case_id>.txt once all of a case's items are drafted, and DIR/summary.json.
    Rerunning the same command skips finished items. Ctrl-C stops after the items in flight.
    Exit codes: 0 done, 1 some items failed, 2 bad input, 3 budget reached, 130 interrupted.

    With --openai-batch the requests go to the OpenAI Batch API as one job: the request file is
    kept in DIR/openai_batch/, the job id in DIR/openai_batch.json, and a rerun polls the same
    job instead of submitting again. Replies are checked by the same validators; an item whose
    request failed is retried by a new job on the next run. API errors exit 1.

    Examples:

      imr batch examples/cases --out runs/today

      imr batch cases.jsonl --out runs/today --model openai --dry-run

      imr batch cases.jsonl --out runs/today --model openai --budget-usd 5 --concurrency 8

      imr batch cases.jsonl --out runs/today --model openai --openai-batch --poll-interval 60
    """
    settings = load_settings(model)
    cases = read_cases(source, settings.limits)
    spec = model_spec(settings.llm)
    if concurrency is None:
        concurrency = spec.default_concurrency
    price = budget_price(spec) if budget_usd is not None else spec.price
    if out.exists() and not out.is_dir():
        fail(f"{out}: --out must be a folder")
    require_vector_store(settings)
    # Imported once the inputs are read: the model clients and the store are slow to load.
    from assistant.batch import dryrun
    from assistant.batch.runner import BatchRun
    from assistant.cli import batch_openai
    from assistant.cli.batch_progress import execute, print_estimate, report
    from assistant.drafting.chain import build_chain

    if openai_batch:
        if not spec.batch_api:
            fail(
                "--openai-batch needs the openai model (--model openai, with IMR_LLM__API_KEY "
                "or IMR_LLM__BASE_URL)"
            )
        batch_openai.run_openai_batch(
            settings,
            cases,
            out,
            price=price,
            budget_usd=budget_usd,
            concurrency=concurrency,
            poll_interval_s=poll_interval,
            dry_run=dry_run,
            as_json=as_json,
        )
        return
    chain = build_chain(settings)
    run = BatchRun(chain, cases, out, price=price, budget=Budget(budget_usd))
    try:
        if dry_run:
            found = dryrun.estimate(chain, cases, run.pending(), price, concurrency)
            print_estimate(found.row(), as_json)
            return
        summary = execute(run, cases_count=len(cases), concurrency=concurrency, as_json=as_json)
        report(run, summary, as_json)
    finally:
        run.close()
