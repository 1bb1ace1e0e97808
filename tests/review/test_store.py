"""The review store without Streamlit: persistence, optimistic concurrency, audit, purge."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from assistant.drafting.case import CaseItem
from assistant.drafting.result import ItemDraft
from assistant.drafting.schema import RationaleSentence, StatementKind
from assistant.drafting.validate import CHECK_PAGE, GUIDELINE_CHECK, Problem
from assistant.letters.models import Decision
from assistant.llm.usage import Usage
from assistant.review.export import export_blockers
from assistant.review.models import ItemStatus
from assistant.review.store import ConflictError, ReviewStore, ReviewStoreError


def make_draft(title: str, problems: list[Problem] | None = None) -> ItemDraft:
    return ItemDraft(
        title=title,
        decision=Decision.UPHELD,
        decision_source="model",
        maximus_guideline="Decision based on MTUS ACOEM Chapter 12 Page(s): 303.",
        sentences=[
            RationaleSentence(text="Imaging needs red flags.", kind=StatementKind.GUIDELINE),
            RationaleSentence(text="None are described.", kind=StatementKind.CASE, cites=["S1"]),
        ],
        closing=f"Therefore, the request for {title} is not medically necessary.",
        citations=[],
        criteria=[],
        problems=problems or [],
        usage=Usage(calls=1, prompt_tokens=900, completion_tokens=120),
        model="offline",
        prompt_version="draft-1+abc",
        attempts=1,
        retrieved=[],
    )


@pytest.fixture
def store(tmp_path: Path) -> ReviewStore:
    return ReviewStore(tmp_path / "review.sqlite3")


def new_case(store: ReviewStore) -> int:
    return store.create_case(
        "SYN-1",
        "The worker has low back pain. No red flags are described.",
        [CaseItem(title="MRI lumbar spine"), CaseItem(title="Norco 10/325 mg #120")],
        "Dr. A",
    )


def test_work_survives_a_new_connection_and_a_new_store_object(
    store: ReviewStore, tmp_path: Path
) -> None:
    case_id = new_case(store)
    item = store.items(case_id)[0]
    store.save_draft(item.id, item.version, "Dr. A", make_draft(item.title), elapsed_ms=12.0)
    item = store.item(item.id)
    store.save_edit(
        item.id,
        item.version,
        "Dr. A",
        decision=Decision.UPHELD,
        maximus_guideline=item.current.maximus_guideline if item.current else "",
        rationale="Edited text. The request is not medically necessary.",
    )
    store.accept(item.id, item.version + 1, "Dr. A")

    reopened = ReviewStore(tmp_path / "review.sqlite3")
    again = reopened.items(case_id)[0]
    assert again.status is ItemStatus.ACCEPTED
    assert again.current is not None
    assert again.current.rationale.startswith("Edited text.")
    assert again.current.draft is not None and again.current.draft.model == "offline"
    kinds = [version.kind for version in reopened.versions(again.id)]
    assert kinds == ["model", "edit"]
    first = reopened.versions(again.id)[0]
    assert (first.model, first.prompt_tokens, first.completion_tokens) == ("offline", 900, 120)
    actions = [(event.action, event.reviewer) for event in reopened.audit(case_id)]
    assert actions == [
        ("create case", "Dr. A"),
        ("draft", "Dr. A"),
        ("edit", "Dr. A"),
        ("accept", "Dr. A"),
    ]
    assert reopened.list_cases()[0].accepted == 1


def test_a_stale_edit_raises_conflict_and_keeps_both_texts(store: ReviewStore) -> None:
    case_id = new_case(store)
    item = store.items(case_id)[0]
    store.save_draft(item.id, item.version, "Dr. A", make_draft(item.title), elapsed_ms=1.0)
    loaded = store.item(item.id)
    store.save_edit(
        loaded.id,
        loaded.version,
        "Dr. A",
        decision=Decision.UPHELD,
        maximus_guideline="line",
        rationale="First reviewer's text.",
    )
    with pytest.raises(ConflictError, match="kept as version 3"):
        store.save_edit(
            loaded.id,
            loaded.version,
            "Dr. B",
            decision=Decision.UPHELD,
            maximus_guideline="line",
            rationale="Second reviewer's text.",
        )
    current = store.item(item.id).current
    assert current is not None and current.rationale == "First reviewer's text."
    kept = store.versions(item.id)[-1]
    assert (kept.kind, kept.rationale, kept.author) == (
        "rejected",
        "Second reviewer's text.",
        "Dr. B",
    )
    with pytest.raises(ConflictError):
        store.accept(loaded.id, loaded.version, "Dr. B")


def test_accept_needs_a_clean_draft_and_revert_restores_an_old_version(store: ReviewStore) -> None:
    case_id = new_case(store)
    item = store.items(case_id)[0]
    with pytest.raises(ReviewStoreError, match="no draft"):
        store.accept(item.id, item.version, "Dr. A")
    problem = Problem(code="x", message="cites a page the excerpt lacks")
    first = store.save_draft(
        item.id, item.version, "Dr. A", make_draft(item.title, [problem]), elapsed_ms=1.0
    )
    item = store.item(item.id)
    with pytest.raises(ReviewStoreError, match="resolve the problems"):
        store.accept(item.id, item.version, "Dr. A")
    store.save_draft(item.id, item.version, "Dr. A", make_draft(item.title), elapsed_ms=1.0)
    item = store.item(item.id)
    store.revert(item.id, item.version, "Dr. A", first)
    item = store.item(item.id)
    assert item.current is not None and item.current.kind == "revert"
    assert item.problems == ["cites a page the excerpt lacks"]


def test_a_guideline_page_check_is_settled_by_accepting_and_recorded(store: ReviewStore) -> None:
    case_id = new_case(store)
    item = store.items(case_id)[0]
    check = Problem(code=CHECK_PAGE, message=GUIDELINE_CHECK + "page 303 is less certain")
    store.save_draft(item.id, item.version, "Dr. A", make_draft(item.title, [check]), elapsed_ms=1)
    item = store.item(item.id)
    assert item.problems == [check.message] and item.blocking_problems == []
    store.accept(item.id, item.version, "Dr. A")
    assert store.item(item.id).status is ItemStatus.ACCEPTED
    accepted = [event for event in store.audit(case_id) if event.action == "accept"]
    assert "1 guideline page check(s) confirmed by the reviewer" in accepted[0].detail
    other = store.items(case_id)[1]
    both = [check, Problem(code="x", message="cites a page the excerpt lacks")]
    store.save_draft(other.id, other.version, "Dr. A", make_draft(other.title, both), elapsed_ms=1)
    other = store.item(other.id)
    with pytest.raises(ReviewStoreError, match="resolve the problems"):
        store.accept(other.id, other.version, "Dr. A")
    assert export_blockers(store.items(case_id)) == [
        "Norco 10/325 mg #120: 1 unresolved problem(s)."
    ]


def test_item_changes_and_delete_remove_everything(store: ReviewStore, tmp_path: Path) -> None:
    case_id = new_case(store)
    other = new_case(store)
    item = store.items(case_id)[0]
    store.update_item(
        item.id,
        item.version,
        "Dr. A",
        title="MRI of the lumbar spine",
        decision_choice=Decision.OVERTURNED,
        claims_administrator_guideline="Decision based on ODG.",
    )
    renamed = store.item(item.id)
    assert (renamed.title, renamed.decision_choice) == (
        "MRI of the lumbar spine",
        Decision.OVERTURNED,
    )
    store.remove_item(store.items(case_id)[1].id, store.items(case_id)[1].version, "Dr. A")
    store.add_item(case_id, "Acupuncture x6", "Dr. A")
    assert [i.title for i in store.items(case_id)] == ["MRI of the lumbar spine", "Acupuncture x6"]
    store.save_draft(renamed.id, renamed.version, "Dr. A", make_draft("x"), elapsed_ms=1.0)
    report = store.purge_case(case_id, "Dr. B")
    with pytest.raises(ReviewStoreError, match="does not exist"):
        store.get_case(case_id)
    assert [listing.case.id for listing in store.list_cases()] == [other]
    assert store.items(case_id) == [] and store.audit(case_id) == []
    assert store.versions(renamed.id) == []
    (event,) = store.store_audit()
    assert (event.case_id, event.action, event.reviewer) == (case_id, "purge case", "Dr. B")
    assert event.detail == (
        f"{report.items} item(s), 1 version(s), 0 chat message(s), {report.audit_events} "
        "audit event(s)"
    )


def test_a_purge_must_name_the_reviewer_and_then_removes_nothing(store: ReviewStore) -> None:
    case_id = new_case(store)
    with pytest.raises(ReviewStoreError, match="must name the reviewer"):
        store.purge_case(case_id, " ")
    assert store.get_case(case_id).case_number == "SYN-1"
    assert len(store.items(case_id)) == 2 and store.store_audit() == []


def test_a_store_busy_past_its_timeout_is_a_clear_error_and_saves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = ReviewStore(tmp_path / "review.sqlite3")
    monkeypatch.setattr("assistant.review.store.BUSY_TIMEOUT_MS", 50)
    blocker = sqlite3.connect(tmp_path / "review.sqlite3", isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(ReviewStoreError, match=r"could not complete the action.*imr doctor"):
            store.create_case("SYN-BUSY", "Synthetic summary.", [], "Dr. Synthetic")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.list_cases() == []


def test_an_edit_saved_with_its_own_draft_keeps_that_draft_not_the_previous_one(
    store: ReviewStore,
) -> None:
    case_id = new_case(store)
    item = store.items(case_id)[0]
    first = make_draft(item.title)
    store.save_draft(item.id, item.version, "Dr. A", first, elapsed_ms=1.0)
    item = store.item(item.id)
    replacement = first.model_copy(update={"sentences": [], "closing": "Chat text."})

    store.save_edit(
        item.id,
        item.version,
        "Dr. A",
        decision=Decision.UPHELD,
        maximus_guideline="line",
        rationale="Chat text.",
        kind="chat",
        draft=replacement,
    )

    current = store.item(item.id).current
    assert current is not None and current.draft is not None
    assert current.draft.rationale == current.rationale == "Chat text."
