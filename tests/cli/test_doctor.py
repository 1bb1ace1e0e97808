"""`imr doctor` and the commands that need a store: a healthy store passes, a damaged or
incomplete one gives one line naming the store, the problem and what to do, and exit code 2."""

from __future__ import annotations

import contextlib
import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.case import CaseItem
from assistant.review.store import SCHEMA_VERSION, ReviewStore, store_path
from assistant.settings import Settings
from assistant.store.client import close_client, open_client
from assistant.store.manifest import manifest_path
from tests.paths import EXAMPLE
from tests.store.test_ingest import run, topic_text

pytestmark = pytest.mark.slow


@pytest.fixture
def healthy(settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """A small ingested corpus and a review store with one case, both closed, with IMR_*
    variables pointing at them."""
    guidelines = tmp_path / "corpus" / "guidelines"
    letters = tmp_path / "corpus" / "determinations"
    guidelines.mkdir(parents=True)
    letters.mkdir(parents=True)
    for slug in ("physical-medicine", "trigger-points"):
        (guidelines / f"cpmtg-{slug}.md").write_text(topic_text(slug, slug), encoding="utf-8")
    shutil.copy(EXAMPLE, letters / EXAMPLE.name)
    run(settings, (guidelines, letters))
    close_client(settings)
    ReviewStore.for_settings(settings).create_case(
        "SYN-1", "The worker has low back pain. " * 400, [CaseItem(title="MRI")], "Dr. A"
    )
    monkeypatch.setenv("IMR_DATA_DIR", str(settings.data_dir))
    return settings


def doctor() -> tuple[int, list[dict[str, object]], str]:
    result = CliRunner().invoke(app, ["doctor", "--json"])
    return result.exit_code, json.loads(result.stdout), result.stderr


def failed(reports: list[dict[str, object]]) -> dict[str, object]:
    return next(report for report in reports if not report["healthy"])


def test_a_healthy_store_passes_every_check(healthy: Settings) -> None:
    code, reports, _ = doctor()
    assert code == 0
    assert [report["store"] for report in reports] == ["review store", "vector store"]
    assert all(report["healthy"] for report in reports)
    assert all(check["passed"] for report in reports for check in report["checks"])  # type: ignore[attr-defined]


def test_a_corrupted_review_store_says_to_move_it_aside_and_restore(healthy: Settings) -> None:
    path = store_path(healthy)
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 4096] = b"\xa5" * 4096
    path.write_bytes(bytes(data))
    code, reports, _ = doctor()
    assert code == 2
    report = failed(reports)
    assert report["store"] == "review store"
    assert "move the damaged file aside" in str(report["advice"])
    assert f"your data is at {path}" in str(report["advice"])


def test_a_truncated_review_store_fails_its_check(healthy: Settings) -> None:
    path = store_path(healthy)
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 3)
    code, reports, _ = doctor()
    assert code == 2
    assert failed(reports)["store"] == "review store"


def test_a_review_store_of_unknown_schema_is_named(healthy: Settings) -> None:
    with contextlib.closing(sqlite3.connect(store_path(healthy))) as db:
        db.execute("PRAGMA user_version = 99")
    code, reports, _ = doctor()
    assert code == 2
    assert f"schema 99 is not the supported {SCHEMA_VERSION}" in json.dumps(failed(reports))


def test_a_deleted_collection_says_to_reingest_and_retrieve_refuses(healthy: Settings) -> None:
    open_client(healthy).delete_collection("imr_determinations")
    close_client(healthy)
    code, reports, _ = doctor()
    assert code == 2
    report = failed(reports)
    assert "collection 'imr_determinations' is missing" in json.dumps(report)
    assert "imr ingest --reset" in str(report["advice"])
    result = CliRunner().invoke(app, ["retrieve", "physical therapy"])
    assert result.exit_code == 2
    assert result.stderr.startswith("error: the vector store at ")
    assert "imr ingest --reset" in result.stderr
    assert "Traceback" not in result.output


def test_a_truncated_chroma_file_says_to_rebuild(healthy: Settings) -> None:
    path = healthy.chroma_dir / "chroma.sqlite3"
    with path.open("r+b") as handle:
        handle.truncate(path.stat().st_size // 4)
    code, reports, _ = doctor()
    assert code == 2
    assert "imr ingest --reset" in str(failed(reports)["advice"])


def test_an_interrupted_ingest_says_to_run_ingest(healthy: Settings) -> None:
    path = manifest_path(healthy)
    path.write_text(path.read_text().replace('"complete"', '"in progress"'))
    code, reports, _ = doctor()
    assert code == 2
    assert "the last ingest was interrupted" in json.dumps(failed(reports))


def test_no_ingest_yet_says_to_ingest(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_DATA_DIR", str(settings.data_dir))
    result = CliRunner().invoke(app, ["doctor"])
    assert result.exit_code == 2
    assert "no ingest has completed; run `imr ingest`" in result.stdout
