"""`imr purge` leaves no trace of a case in the SQLite file, and the data dir is private."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.case import CaseItem
from assistant.review.models import ChatCitation
from assistant.review.store import ReviewStore, store_path
from assistant.settings import Settings
from tests.privacy.conftest import ingest

MARKER = "Zebrafinch-Quokka-7731"


def make_case(store: ReviewStore, number: str, marker: str) -> int:
    case_id = store.create_case(
        number,
        f"The injured worker {marker} strained the lower back.",
        [CaseItem(title="MRI of the lumbar spine")],
        "dr-a",
    )
    store.add_chat(
        case_id,
        "user",
        f"Is {marker} working?",
        [ChatCitation(marker="S1", label="Case", text=marker)],
        "dr-a",
    )
    store.record(case_id, "export", "dr-a", f"letter for {marker}")
    return case_id


def db_bytes(path: Path) -> bytes:
    return b"".join(
        candidate.read_bytes()
        for candidate in (path, Path(f"{path}-wal"), Path(f"{path}-shm"))
        if candidate.exists()
    )


def purge(data_dir: Path, *args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(app, ["purge", *args], env={"IMR_DATA_DIR": str(data_dir)})
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore.for_settings(Settings(data_dir=tmp_path / "data"))


def test_purge_removes_every_row_and_the_text_from_the_file(
    store: ReviewStore, tmp_path: Path
) -> None:
    kept = make_case(store, "CM16-0000001", "Kept-Otter-1")
    gone = make_case(store, "CM16-0000002", MARKER)
    assert MARKER.encode() in db_bytes(store.path)

    code, out, err = purge(tmp_path / "data", str(gone), "--yes", "--json")

    assert (code, err) == (0, "")
    assert json.loads(out) == {
        "case_id": gone,
        "case_number": "CM16-0000002",
        "items": 1,
        "versions": 0,
        "chat_messages": 1,
        "audit_events": 2,
    }
    assert MARKER.encode() not in db_bytes(store.path)
    assert [listing.case.id for listing in store.list_cases()] == [kept]
    assert len(store.chat(kept)) == 1 and len(store.audit(kept)) == 2


def test_a_case_number_names_the_case_too(store: ReviewStore, tmp_path: Path) -> None:
    make_case(store, "CM16-0000003", MARKER)

    code, out, _ = purge(tmp_path / "data", "CM16-0000003", "--yes")

    assert code == 0 and out.startswith("Purged case 1 (CM16-0000003): 1 item(s)")
    assert store.list_cases() == []


def test_an_unknown_case_is_named_and_exits_2(store: ReviewStore, tmp_path: Path) -> None:
    make_case(store, "CM16-0000004", MARKER)

    code, _, err = purge(tmp_path / "data", "CM99-404", "--yes")

    assert code == 2
    assert err.startswith("error: case 'CM99-404' is not in the review store")
    assert len(store.list_cases()) == 1


def test_without_a_terminal_purge_asks_for_yes(store: ReviewStore, tmp_path: Path) -> None:
    case_id = make_case(store, "CM16-0000005", MARKER)

    code, _, err = purge(tmp_path / "data", str(case_id))

    assert code == 2 and "pass --yes to confirm" in err
    assert len(store.list_cases()) == 1


@pytest.fixture
def umask_022() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


@pytest.mark.slow
def test_everything_under_the_data_dir_is_private(
    tmp_path: Path, small_corpus: Path, umask_022: None
) -> None:
    data_dir = tmp_path / "home" / "data"
    ingest(data_dir, small_corpus)
    store = ReviewStore.for_settings(Settings(data_dir=data_dir))
    make_case(store, "CM16-0000006", MARKER)
    holder = sqlite3.connect(store_path(Settings(data_dir=data_dir)))
    try:
        holder.execute("PRAGMA journal_mode = WAL")
        holder.execute("UPDATE cases SET summary = 'edited'")
        holder.commit()
        names = {path.name for path in data_dir.rglob("*")}
        modes = {
            str(path.relative_to(tmp_path)): stat.S_IMODE(path.lstat().st_mode)
            for path in [data_dir, *data_dir.rglob("*")]
        }
    finally:
        holder.close()

    assert {"chroma", "chroma.sqlite3", "tiktoken", "ingest.lock", "review.sqlite3"} <= names
    assert {"review.sqlite3-wal", "review.sqlite3-shm"} <= names
    wrong = {
        path: oct(mode)
        for path, mode in modes.items()
        if mode != (0o700 if (tmp_path / path).is_dir() else 0o600)
    }
    assert wrong == {}
