"""`imr eval`: score drafts against reference letters; `imr eval compare` diffs two runs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any, Literal

import typer
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from typer.core import TyperGroup

from assistant.cli.common import (
    EXIT_BAD_INPUT,
    error_line,
    fail,
    load_settings,
    print_json,
    reports_errors,
    require_vector_store,
    stderr,
    stdout,
)
from assistant.evaluation.formatting import fmt
from assistant.evaluation.gate import gate_failures, read_thresholds
from assistant.evaluation.references import read_references
from assistant.evaluation.report import metric_rows, tokens_line
from assistant.evaluation.support_report import judge_rows

EXIT_GATE_FAILED = 1
RUN = "run"


class DefaultRunGroup(TyperGroup):
    """`imr eval REF...` means `imr eval run REF...`; `imr eval compare A B` compares runs."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h"):
            args = [RUN, *args]
        return super().parse_args(ctx, args)


app = typer.Typer(
    cls=DefaultRunGroup,
    no_args_is_help=True,
    help=(
        "Measure drafts against reference letters, and compare runs.\n\n"
        "`imr eval REFERENCE... --out DIR` is short for `imr eval run REFERENCE... --out DIR`; "
        "see `imr eval run --help` for the metrics and the files it writes.\n\n"
        "Examples:\n\n"
        "  imr eval ../shared/seeds/*.txt --out /tmp/run --predict-decision\n\n"
        "  imr eval compare /tmp/run-before /tmp/run-after"
    ),
)


@app.command(RUN)
@reports_errors
def run_command(
    references: Annotated[
        list[Path],
        typer.Argument(
            metavar="REFERENCE...", help="Reference determination letters (.txt or .pdf)."
        ),
    ],
    out: Annotated[
        Path, typer.Option("--out", help="Folder for metrics.json, items.jsonl and the reports.")
    ],
    model: Annotated[
        Literal["offline", "openai"] | None,
        typer.Option(
            "--model",
            help="Drafting model: 'offline' or 'openai' (IMR_LLM__API_KEY or IMR_LLM__BASE_URL). "
            "With a chat model, citation support is also judged by it. Default: IMR_LLM__BACKEND.",
        ),
    ] = None,
    predict_decision: Annotated[
        bool,
        typer.Option(
            "--predict-decision",
            help="Hide the reference decisions and score the model's (otherwise decision metrics "
            "are null).",
        ),
    ] = False,
    gate: Annotated[
        Path | None,
        typer.Option(
            "--gate", help="Thresholds YAML (e.g. evals/thresholds.yaml); exit 1 if any is missed."
        ),
    ] = None,
    limit: Annotated[
        int | None,
        typer.Option("--limit", min=1, help="Score only the first N reference letters given."),
    ] = None,
    figures_only: Annotated[
        bool,
        typer.Option(
            "--figures-only",
            help="Leave the item rows out of report.md (to publish a run on real letters).",
        ),
    ] = False,
    skip_unreadable: Annotated[
        bool,
        typer.Option(
            "--skip-unreadable",
            help="Score the letters that can be read and list the others in metrics.json and "
            "the report, instead of stopping (every unreadable letter is named either way).",
        ),
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print metrics.json to stdout.")] = False,
) -> None:
    """Draft each reference letter's items leave-one-out and score them against the letter.

    The case is the letter's summary, item titles and claims administrator lines; the letter is
    excluded from retrieval. Metrics (defined in evals/README.md): decision accuracy, balanced
    accuracy, per-class recall, Overturned precision, kappa, coverage (a draft without a decision
    is an abstention); guideline family, topic and page P/R/F1; citation validity and ALCE-style
    support (by the lexical judge, and with a chat model by that model too, side by side);
    unsupported facts; ROUGE-L and embedding cosine; style; latency; tokens and cost, drafting's
    and a chat model judge's apart.
    Each is shown beside its baselines on the same items (always Upheld, the claims administrator
    line, the top retrieved topic's line, a shuffled reference), with seeded bootstrap 95%
    intervals; metrics the model meets by construction are marked and not gated.

    Writes OUT/metrics.json, OUT/items.jsonl, OUT/report.md and OUT/report.html. A letter that
    cannot be read is named on stderr and stops the run before any drafting, unless
    --skip-unreadable is given: then the others are scored and the skipped ones listed.

    Examples:

      imr eval ../shared/seeds/*.txt --out /tmp/run --predict-decision

      imr eval ../shared/seeds/*.txt --out /tmp/run --predict-decision --gate evals/thresholds.yaml

      imr eval ../shared/public_letters/letters/*.txt --predict-decision --limit 10 --out /tmp/r

      imr eval new_letters/*.txt --predict-decision --skip-unreadable --out /tmp/new

      IMR_LLM__API_KEY=... imr eval letters/*.txt --out /tmp/run-gpt --model openai
    """
    settings = load_settings(model)
    if out.exists() and not out.is_dir():
        fail(f"{out}: --out must be a folder")
    thresholds = read_thresholds(gate) if gate is not None else None
    given = read_references(references[:limit], settings.limits)
    if given.unreadable and (not skip_unreadable or not given.letters):
        for skipped in given.unreadable:
            error_line(skipped.error)
        if given.letters:
            fail(
                f"{len(given.unreadable)} of {len(references[:limit])} reference letters cannot "
                f"be read (above); fix them, or pass --skip-unreadable to score the other "
                f"{len(given.letters)}"
            )
        raise typer.Exit(EXIT_BAD_INPUT)
    for skipped in given.unreadable:
        stderr.print(f"warning: left out, unreadable: {skipped.error}", markup=False)
    letters = given.letters
    require_vector_store(settings)
    # Imported once the inputs are read: the model clients and the store are slow to load.
    from assistant.corpus.topic_index import topic_index
    from assistant.drafting.chain import build_chain
    from assistant.evaluation.judge import choose_judges
    from assistant.evaluation.runner import run_eval
    from assistant.evaluation.store import write_run
    from assistant.llm.usage import UsageTally
    from assistant.prompts import load_prompts
    from assistant.store.backend import embedding_backend
    from assistant.store.ingest import guideline_drift

    chain = build_chain(settings)
    judge_usage = UsageTally()
    prompts = load_prompts(settings.prompts_dir)
    judges = choose_judges(settings.llm, prompts, settings.privacy, judge_usage)
    embeddings, identity = embedding_backend(settings)
    added, removed = guideline_drift(settings, embeddings, identity)
    if added or removed:
        stderr.print(
            f"warning: the vector store is behind the guideline corpus ({added} chunk(s) to add, "
            f"{removed} to remove): the figures measure the older corpus; run `imr ingest` first",
            markup=False,
        )
    topics = topic_index(settings.guidelines_dir)
    total = sum(len(letter.items) for letter in letters)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=stderr,
        transient=True,
    ) as progress:
        task = progress.add_task("drafting and scoring", total=total)
        run = run_eval(
            chain,
            letters,
            predict_decision=predict_decision,
            judges=judges,
            embed=embeddings.embed_documents,
            topics=topics,
            on_item=lambda _: progress.advance(task),
            judge_usage=judge_usage,
        )
    if given.unreadable:
        metrics = run.metrics.model_copy(update={"skipped_letters": given.unreadable})
        run = run.model_copy(update={"metrics": metrics})
    paths = write_run(run, out, figures_only=figures_only)
    if as_json:
        print_json(run.metrics.model_dump(mode="json"))
    else:
        for row in metric_rows(run.metrics):
            interval = f"[{row.interval_text()}]" if row.interval else ""
            stdout.print(f"{row.key:<28} {fmt(row.value):>7} {interval:<18} {escape(row.note())}")
        for judge in judge_rows(run.metrics):
            stdout.print(
                f"support by {escape(judge.judge)}: recall {fmt(judge.recall)}, precision "
                f"{fmt(judge.precision)}, {judge.pairs} pairs judged ({judge.note})"
            )
        stdout.print(escape(tokens_line(run.metrics)))
        stdout.print(f"wrote {', '.join(escape(str(path)) for path in paths)}")
    if thresholds is not None:
        failures = gate_failures(run.metrics, thresholds)
        for failure in failures:
            error_line(f"gate: {failure}")
        if failures:
            raise typer.Exit(EXIT_GATE_FAILED)


@app.command("compare")
@reports_errors
def compare_command(
    run_a: Annotated[Path, typer.Argument(metavar="RUN_A", help="Folder of the earlier run.")],
    run_b: Annotated[Path, typer.Argument(metavar="RUN_B", help="Folder of the later run.")],
    top: Annotated[int, typer.Option("--top", min=1, help="How many changed items to list.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the comparison as JSON.")] = False,
) -> None:
    """Print each metric of RUN_A and RUN_B with its delta (B - A), then the most changed items.

    Examples:

      imr eval compare /tmp/run-offline /tmp/run-gpt

      imr eval compare /tmp/run-a /tmp/run-b --top 10 --json
    """
    from assistant.evaluation.compare import item_changes, judge_mismatch, metric_deltas, spent
    from assistant.evaluation.store import read_run

    a, b = read_run(run_a), read_run(run_b)
    mismatch = judge_mismatch(a, b)
    if mismatch is not None:
        stderr.print(f"warning: {mismatch}", markup=False)
    deltas = metric_deltas(a, b)
    changes = item_changes(a, b, top)
    if as_json:
        data: dict[str, Any] = {
            "metrics": [row.model_dump() for row in deltas],
            "spent": {"RUN_A": spent(a), "RUN_B": spent(b)},
            "items": [change.model_dump() for change in changes],
        }
        print_json(data)
        return
    stdout.print(f"{'metric':<28} {'A':>9} {'B':>9} {'delta':>9}")
    for row in deltas:
        delta = "n/a" if row.delta is None else f"{row.delta:+.3f}"
        stdout.print(f"{row.metric:<28} {fmt(row.a):>9} {fmt(row.b):>9} {delta:>9}")
    stdout.print()
    stdout.print(f"RUN_A {escape(tokens_line(a.metrics))}")
    stdout.print(f"RUN_B {escape(tokens_line(b.metrics))}")
    stdout.print()
    if not changes:
        stdout.print("No item changed.")
    for change in changes:
        moved = ", ".join(f"{k} {v:+.3f}" for k, v in change.deltas.items())
        decision = (
            f"; decision {change.decision_a} -> {change.decision_b}"
            if change.decision_a != change.decision_b
            else ""
        )
        stdout.print(
            f"{change.change:6.3f}  {escape(change.letter_id)}: {escape(change.title)} "
            f"({escape(moved) or 'no score moved'}{decision})"
        )
