"""Versioned schema steps: a store written by the schema-1 code opens with its work intact, a
fresh store and a migrated one end up alike, and a step that fails leaves the store as it was."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

import pytest

from assistant.letters.models import Decision
from assistant.review.models import ItemStatus
from assistant.review.store import MIGRATIONS, SCHEMA_VERSION, ReviewStore, ReviewStoreError

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "review_store_v1.sql"


def restore(dump: Path, target: Path) -> Path:
    """The database the SQL dump was made from, written to `target`."""
    with contextlib.closing(sqlite3.connect(target)) as db:
        db.executescript(dump.read_text(encoding="utf-8"))
    return target


def user_version(path: Path) -> int:
    with contextlib.closing(sqlite3.connect(path)) as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def columns(path: Path) -> dict[str, list[tuple[str, str, int]]]:
    """Each table's columns as (name, type, not null), and each index under its name."""
    with contextlib.closing(sqlite3.connect(path)) as db:
        names = [row[0] for row in db.execute("SELECT name FROM sqlite_master ORDER BY name")]
        return {
            name: [
                (row[1], row[2], row[3])
                for row in db.execute(f"SELECT * FROM pragma_table_info('{name}')")
            ]
            for name in names
        }


def test_a_schema_1_store_opens_with_its_cases_drafts_and_edits_intact(tmp_path: Path) -> None:
    path = restore(FIXTURE, tmp_path / "review.sqlite3")
    assert user_version(path) == 1

    store = ReviewStore(path)

    assert user_version(path) == SCHEMA_VERSION
    first, second = sorted(store.list_cases(), key=lambda listing: listing.case.id)
    assert (first.case.case_number, first.items, first.accepted) == ("SYN-MIGRATE-1", 2, 1)
    assert first.case.summary.startswith("A synthetic worker has low back pain")
    assert (second.case.case_number, second.items, second.accepted) == ("SYN-MIGRATE-2", 1, 0)
    mri, other = store.items(first.case.id)
    assert (other.title, other.decision_choice) == ("Acupuncture x6", Decision.OVERTURNED)
    assert other.claims_administrator_guideline == "Decision based on ODG."
    assert mri.status is ItemStatus.ACCEPTED
    drafted, edited = store.versions(mri.id)
    assert drafted.kind == "model" and drafted.draft is not None
    assert drafted.draft.citations[0].pages == [303, 304]
    assert drafted.draft.maximus_guideline == drafted.maximus_guideline
    assert drafted.rationale == drafted.draft.rationale
    assert (edited.kind, edited.author) == ("edit", "Dr. Second")
    assert edited.rationale.startswith("Edited by the reviewer: no red flag is described.")
    assert mri.current == edited
    assert [event.action for event in store.audit(first.case.id)] == [
        "create case",
        "draft",
        "edit",
        "accept",
        "export",
    ]
    assert [message.content for message in store.chat(first.case.id)] == [
        "Does imaging need red flags?",
        "Yes [G1].",
    ]
    assert store.store_audit() == []


def test_the_migrated_store_keeps_working_and_reopens_without_a_step(tmp_path: Path) -> None:
    path = restore(FIXTURE, tmp_path / "review.sqlite3")
    store = ReviewStore(path)
    second = max(listing.case.id for listing in store.list_cases())

    store.purge_case(second, "Dr. Fixture")

    assert [event.action for event in ReviewStore(path).store_audit()] == ["purge case"]
    assert user_version(path) == SCHEMA_VERSION


def test_a_fresh_store_and_a_migrated_one_have_the_same_schema(tmp_path: Path) -> None:
    migrated = restore(FIXTURE, tmp_path / "migrated.sqlite3")
    ReviewStore(migrated)
    fresh = tmp_path / "fresh.sqlite3"
    ReviewStore(fresh)
    assert columns(fresh) == columns(migrated)
    assert user_version(fresh) == user_version(migrated) == SCHEMA_VERSION == len(MIGRATIONS)


def test_a_failing_step_leaves_the_store_at_the_previous_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = restore(FIXTURE, tmp_path / "review.sqlite3")
    broken = (*MIGRATIONS[:-1], ("CREATE TABLE half_done (id INTEGER)", "NOT SQL"))
    monkeypatch.setattr("assistant.review.store.MIGRATIONS", broken)

    with pytest.raises(ReviewStoreError, match="could not complete the action"):
        ReviewStore(path)

    assert user_version(path) == SCHEMA_VERSION - 1
    assert "half_done" not in columns(path)


def test_a_store_from_a_newer_version_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = restore(FIXTURE, tmp_path / "review.sqlite3")
    with contextlib.closing(sqlite3.connect(path)) as db:
        db.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")

    newer = SCHEMA_VERSION + 1
    with pytest.raises(ReviewStoreError, match=f"schema {newer} is not the supported"):
        ReviewStore(path)

    assert user_version(path) == newer
