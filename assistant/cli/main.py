"""Entry point of the `imr` command."""

from __future__ import annotations

import typer

from assistant.cli import (
    batch_cmd,
    config_cmd,
    doctor_cmd,
    draft_cmd,
    eval_cmd,
    ingest_cmd,
    parse_cmd,
    purge_cmd,
    retrieve_cmd,
    users_cmd,
)
from assistant.logs import configure_logging

app = typer.Typer(
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


app.command("parse")(parse_cmd.parse)
app.command("ingest")(ingest_cmd.ingest_command)
app.command("retrieve")(retrieve_cmd.retrieve_command)
app.command("draft")(draft_cmd.draft_command)
app.command("batch")(batch_cmd.batch_command)
app.command("config")(config_cmd.config)
app.command("doctor")(doctor_cmd.doctor_command)
app.command("purge")(purge_cmd.purge_command)
app.add_typer(eval_cmd.app, name="eval")
app.add_typer(users_cmd.app, name="users")
