"""Fuzzing every reader of user input: whatever the bytes, the result is a value or one of the
project's own errors, on one line, naming the file (or the IMR_* variable).

Run with CI=1 for 2,000 examples per property (see tests/conftest.py).
"""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.batch.inputs import read_cases
from assistant.drafting.case import read_case
from assistant.errors import ConfigError, IMRError, one_line
from assistant.evaluation.gate import read_thresholds
from assistant.evaluation.store import ITEMS_FILE, METRICS_FILE, read_run
from assistant.review.intake import PASTED, case_from_text, case_from_upload
from assistant.settings import Settings, load_settings
from tests.fuzz.strategies import (
    case_texts,
    json_values,
    settings_environments,
    yaml_texts,
)
from tests.letters.strategies import file_contents

pytestmark = pytest.mark.slow
TMP = settings(deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

contents = st.one_of(case_texts.map(str.encode), file_contents)
case_file_names = st.sampled_from(["case.json", "case.JSON", "letter.txt", "letter.pdf"])


def assert_names(error: IMRError, where: Path | str) -> None:
    """One line that starts with the file (or folder) it is about."""
    message = str(error)
    assert message.startswith(one_line(str(where))), message
    assert "\n" not in message, message


@TMP
@given(contents, case_file_names)
def test_case_file_gives_a_case_or_an_error_naming_it(
    tmp_path: Path, data: bytes, name: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    try:
        case = read_case(path)
    except IMRError as exc:
        assert_names(exc, f"{path}: ")
        return
    assert case.items


@TMP
@given(st.lists(st.tuples(case_file_names, contents), min_size=1, max_size=3))
def test_batch_folder_gives_cases_or_an_error_naming_it(
    tmp_path: Path, files: list[tuple[str, bytes]]
) -> None:
    folder = tmp_path / "cases"
    folder.mkdir(exist_ok=True)
    for old in folder.iterdir():
        old.unlink()
    for number, (name, data) in enumerate(files):
        (folder / f"{number}-{name}").write_bytes(data)
    try:
        cases = read_cases(folder)
    except IMRError as exc:
        assert_names(exc, folder)
        return
    assert len({case.case_id for case in cases}) == len(cases) == len(files)


@TMP
@given(st.lists(st.one_of(case_texts, st.just("")), max_size=4), st.booleans())
def test_batch_jsonl_gives_cases_or_an_error_naming_the_line(
    tmp_path: Path, lines: list[str], bom: bool
) -> None:
    path = tmp_path / "cases.jsonl"
    text = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8", "surrogatepass"))
    try:
        cases = read_cases(path)
    except IMRError as exc:
        assert_names(exc, path)
        return
    assert cases


@settings(deadline=None)
@given(
    st.one_of(case_file_names, st.text(max_size=12), st.sampled_from(["a.docx", ".json", "x.Pdf"])),
    contents,
)
def test_upload_of_any_bytes_gives_a_case_or_an_error_naming_it(name: str, data: bytes) -> None:
    try:
        intake = case_from_upload(name, data)
    except IMRError as exc:
        assert_names(exc, f"{Path(name)}: ")
        return
    assert intake.case_number and intake.items


@settings(deadline=None)
@given(st.one_of(case_texts, st.text(max_size=200)))
def test_pasted_text_gives_a_case_or_an_error_naming_it(text: str) -> None:
    try:
        intake = case_from_text(text)
    except IMRError as exc:
        assert_names(exc, f"{PASTED}: ")
        return
    assert intake.summary


@TMP
@given(yaml_texts.map(str.encode) | file_contents)
def test_thresholds_file_gives_thresholds_or_an_error_naming_it(
    tmp_path: Path, data: bytes
) -> None:
    path = tmp_path / "thresholds.yaml"
    path.write_bytes(data)
    try:
        read_thresholds(path)
    except IMRError as exc:
        assert_names(exc, f"{path}: ")


_run_file = st.one_of(json_values.map(lambda v: f"{v!r}".encode()), case_texts.map(str.encode))


@TMP
@given(st.none() | _run_file | file_contents, st.none() | _run_file | file_contents)
def test_eval_run_folder_gives_a_run_or_an_error_naming_the_file(
    tmp_path: Path, metrics: bytes | None, items: bytes | None
) -> None:
    folder = tmp_path / "run"
    folder.mkdir(exist_ok=True)
    for name, data in ((METRICS_FILE, metrics), (ITEMS_FILE, items)):
        (folder / name).unlink(missing_ok=True)
        if data is not None:
            (folder / name).write_bytes(data)
    try:
        read_run(folder)
    except IMRError as exc:
        assert_names(exc, folder)


@settings(deadline=None)
@given(settings_environments)
def test_garbage_imr_variables_give_settings_or_a_config_error_naming_one(
    environment: dict[str, str],
) -> None:
    with mock.patch.dict(os.environ, environment):
        for name in [name for name in os.environ if name.startswith("IMR_")]:
            if name not in environment:
                del os.environ[name]
        try:
            loaded = load_settings()
        except ConfigError as exc:
            message = str(exc)
            assert message.startswith("invalid IMR_* setting IMR_"), message
            named = message.split()[3].rstrip(":")
            assert any(
                named == set_name or named.startswith(f"{set_name}__") for set_name in environment
            ), (message, environment)
            return
    assert isinstance(loaded, Settings)
