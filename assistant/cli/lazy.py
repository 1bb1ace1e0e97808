"""A command group that imports a command's module only when that command runs.

`imr --help` lists every command from its name and one-line summary alone, so it starts without
loading the vector store, the model clients or the web app; `imr parse ...` loads the parse
command's module and nothing the other commands need.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any, ClassVar

import typer
from typer._click import Command, Context
from typer.core import TyperCommand, TyperGroup


@dataclass(frozen=True)
class LazyCommand:
    """A command known by name and summary until it is run or asked for its own help.

    `target` is "module:attribute", naming a command function or a `typer.Typer` of subcommands;
    `summary` is the first paragraph of that command's help, shown in the group's listing.
    """

    name: str
    target: str
    summary: str

    def listing(self) -> TyperCommand:
        """A stand-in that carries only what the group's help shows."""
        return TyperCommand(self.name, help=self.summary)

    def load(self) -> Command:
        """Import the command's module and build the command typer would have built."""
        module_name, _, attribute = self.target.partition(":")
        found = getattr(importlib.import_module(module_name), attribute)
        if isinstance(found, typer.Typer):
            command: Command = typer.main.get_group(found)
        else:
            single = typer.Typer(add_completion=False)
            single.command(self.name)(found)
            command = typer.main.get_command(single)
        command.name = self.name
        return command


class LazyGroup(TyperGroup):
    """Lists `lazy_commands` by their stand-ins and swaps in the real command to run it."""

    lazy_commands: ClassVar[tuple[LazyCommand, ...]] = ()

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        for entry in self.lazy_commands:
            self.add_command(entry.listing())

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        name, command, rest = super().resolve_command(ctx, args)
        entry = next((entry for entry in self.lazy_commands if entry.name == name), None)
        if entry is None:
            return name, command, rest
        return name, entry.load(), rest
