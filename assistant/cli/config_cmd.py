"""`imr config`: print the effective settings with secrets masked."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from assistant.cli.common import load_settings, print_json, reports_errors, stdout


def _flatten(data: dict[str, object], prefix: str = "") -> list[tuple[str, object]]:
    rows: list[tuple[str, object]] = []
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            rows.extend(_flatten(value, f"{name}."))
        else:
            rows.append((name, value))
    return rows


@reports_errors
def config(
    as_json: Annotated[bool, typer.Option("--json", help="Print the settings as JSON.")] = False,
) -> None:
    """Print the effective settings (defaults overridden by IMR_* variables), secrets masked.

    Nested settings are set with a double underscore, e.g. IMR_STORE__MODE=server.
    """
    data = load_settings().masked()
    if as_json:
        print_json(data)
        return
    table = Table("setting", "value", title="Effective settings")
    for name, value in _flatten(data):
        env = "IMR_" + name.upper().replace(".", "__")
        table.add_row(f"{name}  [dim]({env})[/dim]", "" if value is None else str(value))
    stdout.print(table)
