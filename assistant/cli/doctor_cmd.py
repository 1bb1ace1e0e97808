"""`imr doctor`: run every store's self-check and say what to do about a failed one."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from assistant.cli.common import EXIT_BAD_INPUT, load_settings, print_json, reports_errors, stdout

if TYPE_CHECKING:
    from assistant.health import StoreHealth


def _table(reports: list[StoreHealth]) -> Table:
    table = Table("store", "check", "result", "detail")
    for report in reports:
        for check in report.checks:
            table.add_row(
                report.store, check.name, "ok" if check.passed else "FAILED", check.detail
            )
    return table


@reports_errors
def doctor_command(
    as_json: Annotated[bool, typer.Option("--json", help="Print every check as JSON.")] = False,
) -> None:
    """Check the review store and the vector store; exit 2 when one is damaged or incomplete.

    A configured model server (IMR_LLM__BASE_URL or IMR_LLM__API_KEY) is checked too: one tiny
    structured request per structured-output method says which methods it takes, and exit 2
    when the configured one (IMR_LLM__STRUCTURED_OUTPUT) is not among them.

    Examples:

      imr doctor

      imr doctor --json | jq '.[] | select(.healthy | not)'
    """
    settings = load_settings()
    # Imported here, not at the top: the vector store's client is slow to load.
    from assistant.review.health import check_review_store
    from assistant.review.store import store_path
    from assistant.store.health import check_vector_store

    reports = [check_review_store(store_path(settings)), check_vector_store(settings)]
    from assistant.llm.registry import model_spec

    if model_spec(settings.llm).structured_output is not None:  # a chat model on a server
        from assistant.llm.probe import probe_server
        from assistant.prompts import load_prompts

        reports.append(probe_server(settings.llm, load_prompts(settings.prompts_dir)))
    if as_json:
        print_json(
            [{**report.model_dump(mode="json"), "healthy": report.healthy} for report in reports]
        )
    else:
        stdout.print(_table(reports))
        for report in reports:
            timing = f" ({report.elapsed_ms:.0f} ms)"
            stdout.print(report.summary() + timing, markup=False)
    if not all(report.healthy for report in reports):
        raise typer.Exit(EXIT_BAD_INPUT)
