"""Every `imr` command, found by walking the typer app, so new commands are covered as they land."""

from __future__ import annotations

from typing import Any

import typer

from assistant.cli.lazy import LazyGroup
from assistant.cli.main import app


def _subcommands(command: Any) -> dict[str, Any]:
    """The commands of a group (empty for a leaf command); a lazy group's are loaded."""
    if isinstance(command, LazyGroup):
        return {entry.name: entry.load() for entry in command.lazy_commands}
    return dict(getattr(command, "commands", None) or {})


def _walk(command: Any, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
    children = _subcommands(command)
    if not children:
        return [prefix]
    return [path for name in sorted(children) for path in _walk(children[name], (*prefix, name))]


def command_paths() -> list[tuple[str, ...]]:
    """Each leaf command as the words that call it, e.g. ("eval", "compare")."""
    return _walk(typer.main.get_command(app), ())


def command_for(path: tuple[str, ...]) -> Any:
    """The click command object behind a command path."""
    command: Any = typer.main.get_command(app)
    for word in path:
        command = _subcommands(command)[word]
    return command
