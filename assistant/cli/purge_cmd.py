"""`imr purge`: remove a case and everything saved about it from the review store."""

from __future__ import annotations

import logging
import sys
from typing import Annotated

import typer

from assistant.cli.common import error_line, fail, load_settings, print_json, reports_errors, stdout
from assistant.review.store import ReviewStore, store_path

log = logging.getLogger(__name__)


@reports_errors
def purge_command(
    case: Annotated[
        str, typer.Argument(help="The case's store id (as History shows it) or its case number.")
    ],
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation.")] = False,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print what was removed as JSON.")
    ] = False,
) -> None:
    """Remove a case from the review store: its items, draft versions, edits, chat and audit trail.

    The database is then rewritten so the case text is not left in the file. Without --yes the
    command asks first; with no terminal to ask on, --yes is required.

    Examples:

        imr purge 12

        imr purge CM16-0012345 --yes --json
    """
    settings = load_settings()
    path = store_path(settings)
    if not path.is_file():
        fail(f"case {case!r} is not in the review store: there is no {path}")
    store = ReviewStore(path)
    found = store.find_cases(case)
    if not found:
        fail(f"case {case!r} is not in the review store {path} (give its store id or case number)")
    if len(found) > 1:
        ids = ", ".join(str(case_id) for case_id in found)
        fail(f"case number {case!r} names several cases (store ids {ids}); purge one by its id")
    case_id = found[0]
    if not yes:
        if not sys.stdin.isatty():
            fail(f"purging case {case!r} cannot be undone; pass --yes to confirm")
        record = store.get_case(case_id)
        question = f"Remove case {case_id} ({record.case_number}) and all its saved work for good?"
        if not typer.confirm(question):
            error_line("nothing was removed")
            raise typer.Exit(1)
    report = store.purge_case(case_id)
    log.info("purged case %d from the review store", case_id)
    if as_json:
        print_json(report.model_dump())
        return
    stdout.print(
        f"Purged case {report.case_id} ({report.case_number}): {report.items} item(s), "
        f"{report.versions} version(s), {report.chat_messages} chat message(s), "
        f"{report.audit_events} audit event(s).",
        markup=False,
    )
