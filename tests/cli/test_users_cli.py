"""`imr users add|list|remove` manage the users file the workspace signs in against."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.access.users import authenticate
from assistant.access.users_file import load_users
from assistant.cli.main import app
from tests.paths import REPO

runner = CliRunner()


@pytest.fixture
def users_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "users.json"
    monkeypatch.setenv("IMR_APP__USERS_FILE", str(path))
    return path


def add(name: str, password: str, *extra: str) -> tuple[int, str, str]:
    result = runner.invoke(app, ["users", "add", name, "--password-stdin", *extra], input=password)
    return result.exit_code, result.stdout, result.stderr


@pytest.mark.slow
def test_add_list_and_remove(users_file: Path) -> None:
    assert add("Dr. Rivera", "rivera-password\n")[0] == 0
    assert add("Dr. Chen", "chen-password\n")[0] == 0
    assert stat.S_IMODE(users_file.stat().st_mode) == 0o600
    users = load_users(users_file)
    assert authenticate(users, "Dr. Rivera", "rivera-password") is not None
    assert "rivera-password" not in users_file.read_text(encoding="utf-8")

    listed = runner.invoke(app, ["users", "list", "--json"])
    assert [row["name"] for row in json.loads(listed.stdout)] == ["Dr. Rivera", "Dr. Chen"]

    removed = runner.invoke(app, ["users", "remove", "dr. chen"])
    assert removed.exit_code == 0 and "Removed Dr. Chen" in removed.stdout
    assert [user.name for user in load_users(users_file).users] == ["Dr. Rivera"]


@pytest.mark.slow
def test_replace_changes_the_password(users_file: Path) -> None:
    add("Dr. Rivera", "first-password\n")
    code, _, stderr = add("dr. rivera", "second-password\n")
    assert code == 2 and "already exists (use --replace" in stderr
    assert add("Dr. Rivera", "second-password\n", "--replace")[0] == 0
    users = load_users(users_file)
    assert authenticate(users, "Dr. Rivera", "first-password") is None
    assert authenticate(users, "Dr. Rivera", "second-password") is not None


@pytest.mark.parametrize(
    ("args", "stdin", "expected"),
    [
        (["users", "add", "Dr. A", "--password-stdin"], "short\n", "at least 8 characters"),
        (["users", "add", " ", "--password-stdin"], "long-password\n", "must not be empty"),
        (["users", "remove", "Dr. Nobody"], "", "no user named 'Dr. Nobody'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    users_file: Path, args: list[str], stdin: str, expected: str
) -> None:
    result = runner.invoke(app, args, input=stdin)
    assert result.exit_code == 2
    assert expected in result.stderr and len(result.stderr.splitlines()) == 1
    assert not users_file.exists()


def test_without_a_users_file_setting_the_commands_say_how_to_set_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("IMR_APP__USERS_FILE", raising=False)
    result = runner.invoke(app, ["users", "list"])
    assert result.exit_code == 2 and "set IMR_APP__USERS_FILE" in result.stderr


def test_a_damaged_users_file_is_named(users_file: Path) -> None:
    users_file.write_text("[]", encoding="utf-8")
    result = runner.invoke(app, ["users", "list"])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {users_file}: not a valid users file")


@pytest.mark.slow
def test_prompted_password_must_be_typed_twice_alike(tmp_path: Path) -> None:
    path = tmp_path / "users.json"
    env = {**os.environ, "IMR_APP__USERS_FILE": str(path)}
    command = [sys.executable, "-m", "assistant", "users", "add", "Dr. Rivera"]

    def run(stdin: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, input=stdin, env=env, cwd=REPO, capture_output=True, text=True, timeout=60
        )

    differ = run("first-password\nother-password\n")
    assert differ.returncode == 2 and "the two passwords differ" in differ.stderr
    assert not path.exists()
    same = run("first-password\nfirst-password\n")
    assert same.returncode == 0, same.stderr
    assert authenticate(load_users(path), "Dr. Rivera", "first-password") is not None
