"""`imr intake`: read a case's records into the case JSON the other commands take."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

if TYPE_CHECKING:
    from assistant.intake.models import IntakeResult

from assistant.cli.common import (
    EXIT_BAD_INPUT,
    error_line,
    load_settings,
    print_json,
    reports_errors,
    stdout,
)


def _show(result: IntakeResult, lines: list[str]) -> None:
    stdout.print(
        f"Case {result.case_id}: {len(result.pages)} pages, {len(result.documents)} documents"
    )
    stdout.print("\nDisputed items:")
    for item in result.disputed or []:
        decision = item.ur_decision.value if item.ur_decision else "UR decision not found"
        stdout.print(
            escape(f"  - {item.title} ({decision}; {item.guideline or 'no guideline found'})")
        )
    if not result.disputed:
        stdout.print("  (none found)")
    stdout.print("\nCase summary:")
    for sentence in result.summary:
        pages = ", ".join(str(number) for number in sentence.pages)
        stdout.print(escape(f"  {sentence.text} [p. {pages}]"))
    stdout.print("\nDocuments reviewed:")
    for line in lines:
        stdout.print(escape(f"  - {line}"))


@reports_errors
def intake_command(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="The case's records: .pdf (text layer) or .txt files, in order.",
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
) -> None:
    """Read a case's records into a case file: disputed items, case summary, documents reviewed.

    The records are one or more PDFs (their text layer) or .txt files, often a single
    bundle of many documents. They are split into documents (IMR application, UR
    determination, RFA, progress reports, consultations, imaging and operative reports)
    by their title lines. The disputed items come from the utilization review
    determination, each with UR's decision, date and cited guideline; the case summary
    is made of sentences from the records, each linked to the pages that hold its facts;
    the documents reviewed are listed one by one.

    The case JSON it writes is what `imr draft` and the workspace take.

    A page without a text layer is reported and skipped. A PDF without any text, an
    encrypted PDF or one over the page cap is an error. Records without a UR
    determination still give a case file, with the disputed items left for the reviewer
    to enter; the command then exits with code 2.

    Examples:

      imr intake records.pdf

      imr intake application.pdf ur.pdf reports.pdf --out CASE.json

      imr intake records.pdf --json > CASE.json
    """
    from assistant.intake.case_json import case_data
    from assistant.intake.reader import LEFT_TO_ENTER, NO_UR, intake_files
    from assistant.intake.reviewed import documents_reviewed

    result = intake_files(files, load_settings().limits)
    data = case_data(result)
    if out is not None:
        try:
            out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        except OSError as exc:
            error_line(f"{out}: cannot write the case file ({exc.strerror or exc})")
            raise typer.Exit(EXIT_BAD_INPUT) from None
    if as_json:
        print_json(data)
    else:
        _show(result, documents_reviewed(result.documents))
    problems = [warning for warning in result.warnings if warning.startswith(NO_UR)]
    for warning in result.warnings:
        if warning not in problems:
            print(f"warning: {warning}", file=sys.stderr)
    if not result.disputed and not problems:
        problems.append(f"no disputed item was found in the records; {LEFT_TO_ENTER}")
    if problems:
        error_line(f"{files[0]}: {problems[0]}")
        raise typer.Exit(EXIT_BAD_INPUT)
