"""Bad input to every `imr` command, run as a real process: exit code 2, one message on stderr
naming the problem, and never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from tests.cli.commands import command_paths
from tests.paths import EXAMPLE, REPO


class Recipe(NamedTuple):
    """Arguments ({d} is a folder of bad files), extra IMR_* variables, and the expected words."""

    args: list[str]
    expected: str
    env: tuple[tuple[str, str], ...] = ()


RECIPES: dict[tuple[str, ...], list[Recipe]] = {
    ("parse",): [
        Recipe(["{d}/missing.txt"], "missing.txt: file not found"),
        Recipe(["{d}"], "is a directory, not a file"),
    ],
    ("intake",): [
        Recipe(["{d}/missing.pdf"], "missing.pdf: file not found"),
        Recipe(["{d}/binary.txt"], "binary.txt: not a text file (binary content)"),
        Recipe(["{d}/empty.json"], "empty.json: file is empty"),
    ],
    ("ingest",): [
        Recipe(["--lock-timeout", "soon"], "Invalid value for '--lock-timeout'"),
    ],
    ("retrieve",): [
        Recipe(["Norco"], "invalid IMR_* setting IMR_STORE", (("IMR_STORE", "garbage"),)),
    ],
    ("draft",): [
        Recipe(["{d}/empty.json"], "empty.json: file is empty"),
        Recipe(["{d}/invalid.json"], "invalid.json: invalid JSON at line 1"),
        Recipe(["{d}/deep.json"], "deep.json: invalid JSON: nested too deeply"),
    ],
    ("batch",): [
        Recipe(["{d}/binary.jsonl", "--out", "{d}/out"], "binary.jsonl: not valid UTF-8"),
    ],
    ("config",): [
        Recipe([], "IMR_LLM__TEMPERATURE", (("IMR_LLM__TEMPERATURE", "hot"),)),
    ],
    ("doctor",): [
        Recipe([], "invalid IMR_* setting IMR_STORE", (("IMR_STORE", "garbage"),)),
    ],
    ("purge",): [
        Recipe(["CM00-0000000", "--yes"], "case 'CM00-0000000' is not in the review store"),
    ],
    ("users", "add"): [
        Recipe(["Dr. Synthetic", "--password-stdin"], "no users file: set IMR_APP__USERS_FILE"),
    ],
    ("users", "list"): [
        Recipe(
            [],
            "invalid.json: not a valid users file",
            (("IMR_APP__USERS_FILE", "{d}/invalid.json"),),
        ),
    ],
    ("users", "remove"): [
        Recipe(
            ["Dr. Synthetic", "--file", "{d}/invalid.json"], "invalid.json: not a valid users file"
        ),
    ],
    ("eval", "run"): [
        Recipe([str(EXAMPLE), "--out", "{d}/binary.txt"], "--out must be a folder"),
        Recipe(
            [str(EXAMPLE), "--out", "{d}/out", "--gate", "{d}/binary.yaml"],
            "binary.yaml: not valid UTF-8",
        ),
    ],
    ("eval", "compare"): [
        Recipe(["{d}", "{d}"], "metrics.json: missing"),
    ],
}
BOX = re.compile(r"[│╭╮╰╯─]+")


def shown(text: str) -> str:
    """Output with typer's error box drawn away and whitespace collapsed."""
    return " ".join(BOX.sub(" ", text).split())


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("bad")
    (folder / "empty.json").write_bytes(b"")
    (folder / "invalid.json").write_text('{"case_id": ', encoding="utf-8")
    (folder / "deep.json").write_text("[" * 100_000, encoding="utf-8")
    for name in ("binary.txt", "binary.jsonl", "binary.yaml"):
        (folder / name).write_bytes(b"\xff\xfe\x00\x01garbage\x00")
    return folder


def test_every_command_has_a_bad_input_recipe() -> None:
    missing = [" ".join(path) for path in command_paths() if path not in RECIPES]
    assert not missing, (
        f"add bad-input recipes for `imr {'`, `imr '.join(missing)}` to RECIPES in {__file__}"
    )


CASES = [(path, recipe) for path in command_paths() for recipe in RECIPES.get(path, [])]


@pytest.mark.slow
@pytest.mark.parametrize(
    ("path", "recipe"), CASES, ids=[f"{' '.join(p)}: {r.expected}" for p, r in CASES]
)
def test_bad_input_exits_2_with_a_message_and_no_traceback(
    path: tuple[str, ...], recipe: Recipe, bad_files: Path
) -> None:
    args = [arg.format(d=bad_files) for arg in recipe.args]
    env = {k: v for k, v in os.environ.items() if not k.startswith("IMR_")}
    env |= {
        "IMR_DATA_DIR": str(bad_files / "data"),
        "IMR_LLM__BACKEND": "offline",
        "PYTHONPATH": str(REPO),
        "COLUMNS": "200",
        **{name: value.format(d=bad_files) for name, value in recipe.env},
    }
    completed = subprocess.run(
        [sys.executable, "-m", "assistant", *path, *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert completed.returncode == 2, completed.stderr
    assert recipe.expected in shown(completed.stderr)
    assert "Traceback" not in completed.stdout + completed.stderr


runner = CliRunner()


@pytest.mark.parametrize("path", command_paths(), ids=" ".join)
def test_unknown_option_is_a_usage_error_naming_it(path: tuple[str, ...]) -> None:
    result = runner.invoke(app, [*path, "--no-such-option"], env={"COLUMNS": "200"})
    assert result.exit_code == 2
    assert "No such option: --no-such-option" in shown(result.stderr)
    assert "Traceback" not in result.output
