"""Entry point of the `imr` command.

Each command's module is imported only when that command runs (see `assistant.cli.lazy`); the
summaries below are the first paragraph of each command's help, as `imr --help` lists them.
"""

from __future__ import annotations

import typer

from assistant.cli.lazy import LazyCommand, LazyGroup
from assistant.logs import configure_logging


class ImrCommands(LazyGroup):
    """The `imr` commands, in the order `imr --help` lists them."""

    lazy_commands = (
        LazyCommand(
            "parse",
            "assistant.cli.parse_cmd:parse",
            "Parse IMR final determination letters and show what was read from each.",
        ),
        LazyCommand(
            "ingest",
            "assistant.cli.ingest_cmd:ingest_command",
            "Chunk the guideline corpus and past determinations and store them for retrieval.",
        ),
        LazyCommand(
            "retrieve",
            "assistant.cli.retrieve_cmd:retrieve_command",
            "Search the ingested corpus: dense + BM25 + alias rankings, fused, with citations.",
        ),
        LazyCommand(
            "intake",
            "assistant.cli.intake_cmd:intake_command",
            "Read the records of a case: disputed items, case summary and documents reviewed.",
        ),
        LazyCommand(
            "draft",
            "assistant.cli.draft_cmd:draft_command",
            "Draft each disputed item: decision, MAXIMUS guideline line and a cited rationale.",
        ),
        LazyCommand(
            "batch",
            "assistant.cli.batch_cmd:batch_command",
            "Draft every disputed item of many cases, resumably, within a budget.",
        ),
        LazyCommand(
            "config",
            "assistant.cli.config_cmd:config",
            "Print the effective settings (defaults overridden by IMR_* variables), secrets "
            "masked.",
        ),
        LazyCommand(
            "doctor",
            "assistant.cli.doctor_cmd:doctor_command",
            "Check the review store and the vector store; exit 2 when one is damaged or "
            "incomplete.",
        ),
        LazyCommand(
            "purge",
            "assistant.cli.purge_cmd:purge_command",
            "Remove a case from the review store: its items, draft versions, edits, chat and audit "
            "trail.",
        ),
        LazyCommand(
            "eval",
            "assistant.cli.eval_cmd:app",
            "Measure drafts against reference letters, and compare runs.",
        ),
        LazyCommand(
            "users",
            "assistant.cli.users_cmd:app",
            "Manage who may sign in to the reviewer workspace.",
        ),
    )


app = typer.Typer(
    cls=ImrCommands,
    name="imr",
    help=(
        "Draft and check IMR final determination letters.\n\n"
        "Everything runs on this machine by default: a local vector store under IMR_DATA_DIR "
        "and a bundled embedding model; nothing is sent anywhere unless you configure it. "
        "Start with `imr ingest`, then `imr draft examples/cases/SYN-CASE-0001.json`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


@app.callback()
def main() -> None:
    """Draft and check IMR final determination letters."""
    configure_logging()
