"""`imr intake`: read a case file of records into the case JSON the other commands take."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from assistant.cli.common import (
    EXIT_BAD_INPUT,
    error_line,
    load_settings,
    print_json,
    reports_errors,
    stdout,
)

if TYPE_CHECKING:
    from assistant.intake.models import IntakeResult
    from assistant.llm.usage import Usage
    from assistant.settings import Settings

ALL_CERTIFIED = "utilization review certified every item, so nothing is in dispute"
NO_MODEL = (
    "--summary model needs a chat model: set IMR_LLM__BACKEND=openai and IMR_LLM__BASE_URL "
    "or IMR_LLM__API_KEY"
)


@reports_errors
def intake_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="The case file: one or several .pdf (text layer) or .txt files, in order.",
            show_default=False,
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the case JSON instead of the overview.")
    ] = False,
    out: Annotated[
        Path | None,
        typer.Option("--out", help="Write the case JSON to this file.", show_default=False),
    ] = None,
    summary: Annotated[
        Literal["extractive", "model"] | None,
        typer.Option(
            "--summary",
            help="Who writes the case summary: 'model' (the configured chat model, each "
            "sentence checked against its pages) or 'extractive' (sentences picked from the "
            "records, offline). Default: the model when one is configured.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Read the records of a case: disputed items, case summary and documents reviewed.

    The records are the IMR application, the utilization review (UR)
    determination, the request for authorization, progress reports,
    consultations, imaging and operative reports, in one PDF or several files.
    Intake splits them into documents (type, date, author, pages), reads each
    item as UR wrote it with UR's decision (non-certified / modified /
    certified), date and cited guideline, and drafts a case summary from the
    records whose every sentence names the page it came from. Items UR
    certified are shown but are not in dispute.

    With a chat model configured, the model writes the summary from the
    pages the summary was read from and UR's pages; a sentence whose numbers
    or dates are not on the pages it cites is dropped, and when none holds up
    the extractive summary stands. --summary chooses either.

    The output is a case file for `imr draft`, `imr batch` and the workspace.
    Pages without a text layer are reported and skipped. An encrypted PDF, a
    PDF without any text, a file over the page cap (IMR_LIMITS__MAX_RECORD_PAGES)
    or records without a UR determination or disputed items are reported on one
    line, with exit code 2.

    Examples:

      imr intake records/case-1234.pdf

      imr intake ur-letter.pdf progress-notes.pdf --out case.json && imr draft case.json

      imr intake records.pdf --json > case.json

      imr intake records.pdf --summary extractive
    """
    from assistant.intake.build import NO_UR, case_json, intake_files
    from assistant.intake.reviewed import pages_label, reviewed_lines

    settings = load_settings()
    result = intake_files(files, settings.limits)
    if summary != "extractive":
        result = _with_model_summary(result, settings, required=summary == "model")
        if result.summary_usage is not None and result.summary_usage.calls:
            print(spent_line(result.summary_usage), file=sys.stderr)
    case = case_json(result)
    if out is not None:
        try:
            out.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            error_line(f"{out}: cannot write ({exc.strerror or exc})")
            raise typer.Exit(EXIT_BAD_INPUT) from None
    if as_json:
        print_json(case)
    else:
        stdout.print(
            f"Case {result.case_id}: {len(result.pages)} pages, {len(result.documents)} documents",
            markup=False,
        )
        stdout.print("Items:")
        for item in result.items:
            decision = f"UR {item.decision}" if item.decision else "UR decision not found"
            guideline = f"; UR cited {item.guideline}" if item.guideline else ""
            disputed = " (not in dispute)" if item.decision == "certified" else ""
            stdout.print(f"  {item.title}: {decision}{disputed}{guideline}", markup=False)
        stdout.print("Case summary:")
        for sentence in result.summary:
            stdout.print(f"  {sentence.text} [{pages_label(sentence.pages)}]", markup=False)
        stdout.print("Documents reviewed:")
        for line in reviewed_lines([document.entry() for document in result.documents]):
            stdout.print(f"  {line}", markup=False)
    for warning in result.warnings:
        if warning != NO_UR:
            print(f"warning: {warning}", file=sys.stderr)
    if not result.disputed:
        problem = NO_UR if not result.items else ALL_CERTIFIED
        error_line(f"{files[0]}: {problem}")
        raise typer.Exit(EXIT_BAD_INPUT)


def spent_line(usage: Usage) -> str:
    """What the chat model's case summary cost, in one line for stderr."""
    cost = "cost unknown" if usage.cost_usd is None else f"${usage.cost_usd:.4f}"
    estimated = " (estimated: the server reported no usage)" if usage.estimated else ""
    return (
        f"case summary by the chat model: {usage.calls} call(s), {usage.prompt_tokens} prompt + "
        f"{usage.completion_tokens} completion tokens{estimated}, {cost}"
    )


def _with_model_summary(
    result: IntakeResult, settings: Settings, *, required: bool
) -> IntakeResult:
    """The result with the configured chat model's case summary; as it is when no chat model is
    configured (exit 2 when one was `required`)."""
    from assistant.intake.model_summary import configured_summariser

    summarise = configured_summariser(settings)
    if summarise is None:
        if required:
            error_line(NO_MODEL)
            raise typer.Exit(EXIT_BAD_INPUT)
        return result
    return summarise(result)
