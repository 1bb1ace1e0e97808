"""`imr users add|list|remove`: manage the users file the reviewer workspace signs in against."""

from __future__ import annotations

import getpass
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from assistant.access.passwords import hash_password, password_problem
from assistant.access.users import User, name_problem
from assistant.access.users_file import load_users, save_users
from assistant.cli.common import fail, load_settings, print_json, reports_errors, stdout

app = typer.Typer(
    no_args_is_help=True,
    help=(
        "Manage who may sign in to the reviewer workspace.\n\n"
        "The users file is IMR_APP__USERS_FILE (or --file); it holds each reviewer's name and a "
        "salted scrypt hash of the password, never the password itself.\n\n"
        "Examples:\n\n"
        "  IMR_APP__USERS_FILE=~/imr-users.json imr users add 'Dr. Rivera'\n\n"
        "  printf '%s\\n' \"$PASSWORD\" | imr users add 'Dr. Chen' --password-stdin\n\n"
        "  imr users list"
    ),
)

FileOption = Annotated[
    Path | None,
    typer.Option("--file", help="The users file (default: IMR_APP__USERS_FILE)."),
]


def _users_file(given: Path | None) -> Path:
    path = given or load_settings().app.users_file
    if path is None:
        fail("no users file: set IMR_APP__USERS_FILE to its path, or pass --file")
    return path.expanduser()


def _new_password(from_stdin: bool) -> str:
    if from_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = getpass.getpass("Password: ")
        if getpass.getpass("Repeat the password: ") != password:
            fail("the two passwords differ; nothing was changed")
    problem = password_problem(password)
    if problem:
        fail(f"{problem}; nothing was changed")
    return password


@app.command("add")
@reports_errors
def add(
    name: Annotated[str, typer.Argument(help="The reviewer's name, as signed on every change.")],
    password_stdin: Annotated[
        bool,
        typer.Option("--password-stdin", help="Read the password from the first line of stdin."),
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Change the password of an existing user.")
    ] = False,
    file: FileOption = None,
) -> None:
    """Add a reviewer (asks for the password twice unless --password-stdin)."""
    problem = name_problem(name)
    if problem:
        fail(f"{problem}: {name!r}")
    path = _users_file(file)
    users = load_users(path, missing_ok=True)
    if users.find(name) is not None and not replace:
        fail(f"{path}: a user named {name!r} already exists (use --replace to change the password)")
    user = User(name=name, password=hash_password(_new_password(password_stdin)))
    save_users(path, users.with_user(user, replace=replace))
    stdout.print(f"{'Changed the password of' if replace else 'Added'} {escape(name)} in {path}")


@app.command("list")
@reports_errors
def list_users(
    as_json: Annotated[bool, typer.Option("--json", help="Print the names as JSON.")] = False,
    file: FileOption = None,
) -> None:
    """List the reviewers who may sign in (names and when each was added)."""
    path = _users_file(file)
    users = load_users(path, missing_ok=True)
    rows = [{"name": user.name, "added_at": user.added_at.isoformat()} for user in users.users]
    if as_json:
        print_json(rows)
        return
    if not rows:
        stdout.print(f"No users in {path}")
        return
    table = Table("name", "added", title=str(path))
    for row in rows:
        table.add_row(escape(row["name"]), row["added_at"])
    stdout.print(table)


@app.command("remove")
@reports_errors
def remove(
    name: Annotated[str, typer.Argument(help="The reviewer's name (any case).")],
    file: FileOption = None,
) -> None:
    """Remove a reviewer: they can no longer sign in."""
    path = _users_file(file)
    users = load_users(path, missing_ok=True)
    found = users.find(name)
    if found is None:
        fail(f"{path}: no user named {name!r}")
    save_users(path, users.without(name))
    stdout.print(f"Removed {escape(found.name)} from {path}")
