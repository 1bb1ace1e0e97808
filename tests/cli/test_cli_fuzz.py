"""Generated argument lists and file contents for every `imr` command, in process: the command
ends with a documented exit code and never with an uncaught exception or a traceback."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from assistant.cli.main import app
from tests.cli.commands import command_for, command_paths
from tests.fuzz.strategies import case_texts
from tests.letters.strategies import file_contents

EXIT_CODES = {0, 1, 2, 3}
"""0 done, 1 model or gate failures, 2 bad input, 3 batch budget reached (see each --help)."""

runner = CliRunner()


def _options(path: tuple[str, ...]) -> list[str]:
    return sorted(
        opt for param in command_for(path).params for opt in param.opts if opt.startswith("-")
    )


OPTIONS = {path: _options(path) for path in command_paths()}
"""Each command's option names, read once: drawing must not depend on which command modules the
examples run so far happened to import."""


@st.composite
def invocations(draw: st.DrawFn) -> tuple[tuple[str, ...], list[str], str, bytes]:
    """A command, its arguments (the generated file, option names, garbage), the file's name."""
    path = draw(st.sampled_from(sorted(OPTIONS)))
    name = draw(st.sampled_from(["in.json", "in.txt", "in.pdf", "in.jsonl", "in.yaml", "in"]))
    token = st.one_of(
        st.just("@file"),
        st.sampled_from(OPTIONS[path] or ["--help"]),
        st.sampled_from(["0", "-1", "1e9", "nan", "", "offline", "openai", "run", "@dir"]),
        st.text(st.characters(exclude_categories=["Cs"], exclude_characters="\x00"), max_size=8),
    )
    args = draw(st.lists(token, max_size=6))
    data = draw(st.one_of(case_texts.map(str.encode), file_contents))
    return path, args, name, data


@contextlib.contextmanager
def inside(folder: Path) -> Iterator[None]:
    previous = Path.cwd()
    os.chdir(folder)
    try:
        yield
    finally:
        os.chdir(previous)


@pytest.mark.slow
@settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(invocations())
def test_any_arguments_end_with_a_documented_exit_code(
    tmp_path: Path, invocation: tuple[tuple[str, ...], list[str], str, bytes]
) -> None:
    path, args, name, data = invocation
    work = tmp_path / "work"
    work.mkdir(exist_ok=True)
    (work / name).write_bytes(data)
    (work / "corpus").mkdir(exist_ok=True)
    swapped = [{"@file": name, "@dir": "corpus"}.get(arg, arg) for arg in args]
    env = {
        "IMR_DATA_DIR": str(tmp_path / "data"),
        "IMR_CORPUS_DIR": str(work / "corpus"),
        "IMR_LLM__BACKEND": "offline",
        "COLUMNS": "200",
    }
    with inside(work):
        result = runner.invoke(app, [*path, *swapped], env=env)
    assert result.exception is None or isinstance(result.exception, SystemExit), (
        f"imr {' '.join([*path, *swapped])} raised {result.exception!r}"
    )
    assert result.exit_code in EXIT_CODES, result.output
    assert "Traceback" not in result.output
