"""`imr parse`: read determination letters and show what the parser found."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from assistant.cli.common import (
    EXIT_BAD_INPUT,
    error_line,
    load_settings,
    print_json,
    reports_errors,
    stdout,
)
from assistant.errors import IMRError
from assistant.letters.models import Decision, GuidelineRef, Letter
from assistant.letters.reader import read_letter
from assistant.letters.refs import format_pages, format_ref

SUMMARY_EXCERPT_CHARS = 240


def _excerpt(text: str, limit: int = SUMMARY_EXCERPT_CHARS) -> str:
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _citations(refs: list[GuidelineRef]) -> str:
    """The citations without their pages (the table shows pages in a column of their own)."""
    return "\n".join(format_ref(ref.model_copy(update={"pages": []})) for ref in refs)


def _pages(refs: list[GuidelineRef]) -> str:
    return format_pages(page for ref in refs for page in ref.pages)


def _show(letter: Letter) -> None:
    stdout.print(Text.assemble((letter.letter_id, "bold"), f"  ({letter.source_file or '-'})"))
    reviewer = letter.reviewer
    specialty = reviewer.specialty or "specialty not stated"
    licensure = ", ".join(reviewer.licensure) or "not stated"
    stdout.print(Text(f"Reviewer: {specialty}; licensed in {licensure}"))
    stdout.print(Text(f"Summary: {_excerpt(letter.clinical_summary)}"))
    table = Table("#", "Item", "Decision", "MAXIMUS citation", "Pages", show_lines=True)
    for number, item in enumerate(letter.items, start=1):
        colour = "green" if item.decision is Decision.OVERTURNED else "red"
        table.add_row(
            str(number),
            Text(item.title),
            Text(item.decision.value, style=colour),
            Text(_citations(item.maximus_refs) or "-"),
            Text(_pages(item.maximus_refs) or "-"),
        )
    stdout.print(table)
    stdout.print()


@reports_errors
def parse(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Letter files: .txt (UTF-8 text) or .pdf (text layer).", show_default=False
        ),
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print a JSON array of the parsed letters.")
    ] = False,
) -> None:
    """Parse IMR final determination letters and show what was read from each.

    Reads .txt files (UTF-8) and .pdf files (their text layer; scanned PDFs
    need OCR first). Understands the house format, the same letters as text
    extracted from PDFs (wrapped lines, split headings, page breaks) and the
    older per-item style with a numbered decision list.

    For each letter it prints the case id, the reviewer's credentials, the
    start of the clinical case summary and a table of the disputed items with
    their decisions and MAXIMUS citations. --json prints every field instead.

    A file that is missing, empty, binary, a PDF without text, or not a
    determination letter is reported on one line on stderr; the other files
    are still parsed and the command exits with code 2.

    Examples:

      imr parse examples/letters/SYN-2015-0001.txt

      imr parse letters/*.pdf --json > letters.json
    """
    limits = load_settings().limits
    letters: list[Letter] = []
    failed = False
    for path in files:
        try:
            letter = read_letter(path, limits)
        except IMRError as exc:
            error_line(str(exc))
            failed = True
            continue
        letters.append(letter)
        if not as_json:
            _show(letter)
    if as_json:
        print_json([letter.model_dump(mode="json") for letter in letters])
    if failed:
        raise typer.Exit(EXIT_BAD_INPUT)
