"""Each page of the reviewer workspace under streamlit.testing.v1.AppTest, on the offline model."""

from __future__ import annotations

import statistics
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.chat.apply import rationale_text
from assistant.drafting.case import CaseItem, read_case
from assistant.review.models import ItemStatus
from assistant.review.store import ReviewStore
from assistant.ui.actions import NO_NAME
from tests.privacy.test_purge_and_files import MARKER, db_bytes
from tests.ui.conftest import APP, EXAMPLE

REVIEWER = "Dr. Rivera"
TIMEOUT = 120


def case_page() -> None:
    from assistant.ui.workspace import render_case_page

    render_case_page()


def history_page() -> None:
    from assistant.ui.history import render_history

    render_history()


def settings_page() -> None:
    from assistant.ui.settings_page import render_settings

    render_settings()


def page(script: object, case_id: int | None = None) -> AppTest:
    at = AppTest.from_function(script, default_timeout=TIMEOUT)  # type: ignore[arg-type]
    at.session_state["reviewer_name"] = REVIEWER
    if case_id is not None:
        at.query_params["case"] = str(case_id)
    return at.run()


def example_case(store: ReviewStore, items: list[CaseItem] | None = None) -> int:
    case = read_case(EXAMPLE)
    return store.create_case(case.case_id, case.clinical_summary, items or case.items, REVIEWER)


def texts(at: AppTest) -> str:
    parts = [e.value for e in at.markdown] + [e.value for e in at.caption]
    parts += [e.value for kind in (at.error, at.warning, at.success, at.info) for e in kind]
    return "\n".join(str(part) for part in parts)


def test_app_starts_on_the_intake_with_navigation(app_env: ReviewStore) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    assert not at.exception
    assert at.text_input(key="reviewer_name").value == ""
    assert at.button(key="intake_from_file").disabled
    assert "offline" in texts(at)


def test_intake_upload_creates_the_case(app_env: ReviewStore) -> None:
    at = page(case_page)
    at.file_uploader(key="intake_upload").set_value(
        ("SYN-CASE-0001.json", EXAMPLE.read_bytes(), "application/json")
    )
    at.run().button(key="intake_from_file").click().run()
    assert not at.exception
    (listing,) = app_env.list_cases()
    assert listing.case.case_number == "SYN-CASE-0001" and listing.items == 3
    assert at.query_params["case"] == str(listing.case.id)
    assert "Norco 10/325 mg" in texts(at)


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("case.json", b'{"case_id": "X", "items": []}', "case.json: clinical_summary: is required"),
        ("notes.docx", b"PK\x03\x04", "notes.docx: unsupported file type '.docx'"),
        ("scan.pdf", b"%PDF-1.4 garbage", "scan.pdf"),
    ],
)
def test_bad_uploads_get_a_message_naming_the_file(
    app_env: ReviewStore, name: str, data: bytes, expected: str
) -> None:
    at = page(case_page)
    at.file_uploader(key="intake_upload").set_value((name, data, "application/octet-stream"))
    at.run().button(key="intake_from_file").click().run()
    assert not at.exception
    assert [expected in e.value for e in at.error] == [True]
    assert app_env.list_cases() == []


def test_pasted_summary_becomes_a_case_to_add_items_to(app_env: ReviewStore) -> None:
    at = page(case_page)
    at.text_area(key="intake_text").set_value(
        "The worker has neck pain after a fall. No red flags."
    )
    at.button(key="intake_from_text").click().run()
    case_id = app_env.list_cases()[0].case.id
    assert "add the disputed items" in texts(at)
    at.text_input(key="new_item_title").set_value("Cervical MRI")
    at.button(key="add_item").click().run()
    assert [item.title for item in app_env.items(case_id)] == ["Cervical MRI"]


def test_draft_all_then_edit_accept_and_export(app_env: ReviewStore) -> None:
    case_id = example_case(app_env)
    at = page(case_page, case_id)
    assert all(b.proto.disabled for b in at.get("download_button"))
    at.button(key="draft_all").click().run()
    assert not at.exception
    items = app_env.items(case_id)
    assert all(item.status is ItemStatus.DRAFTED for item in items)
    first = items[0]
    assert "**[2] ACOEM Ch.12 Low Back p.303" in texts(at)  # the excerpt panel
    assert "<mark" in texts(at)
    at.text_area(key=f"edit_text_{first.id}").set_value(
        "Edited by the reviewer. Therefore, the request is not medically necessary."
    )
    at.button(key=f"edit_save_{first.id}").click().run()
    assert "Your edit is saved." in texts(at)
    for item in app_env.items(case_id):
        at.button(key=f"accept_{item.id}").click().run()
    assert {item.status for item in app_env.items(case_id)} == {ItemStatus.ACCEPTED}
    assert not any(b.proto.disabled for b in at.get("download_button"))
    preview = "\n".join(element.proto.body for element in at.get("html"))
    assert "Edited by the reviewer." in preview
    assert "Norco 10/325 mg #120: " in preview
    actions = [event.action for event in app_env.audit(case_id)]
    assert actions.count("accept") == 3 and "edit" in actions


def test_draft_all_again_leaves_the_reviewers_edit_and_accepted_text(
    app_env: ReviewStore,
) -> None:
    case_id = example_case(app_env)
    at = page(case_page, case_id)
    at.button(key="draft_all").click().run()
    first, second, third = app_env.items(case_id)
    edit = "Edited by the reviewer. Therefore, the request is not medically necessary."
    at.text_area(key=f"edit_text_{first.id}").set_value(edit)
    at.button(key=f"edit_save_{first.id}").click().run()
    at.button(key=f"accept_{second.id}").click().run()
    accepted = app_env.items(case_id)[1].current
    assert at.button(key="draft_all").label == "Draft all (1 without reviewer text)"
    at.button(key="draft_all").click().run()
    assert not at.exception
    after = app_env.items(case_id)
    assert after[0].status is ItemStatus.EDITED
    assert after[0].current is not None and edit in after[0].current.rationale
    assert after[1].status is ItemStatus.ACCEPTED and after[1].current == accepted
    assert after[2].status is ItemStatus.DRAFTED and after[2].version > third.version


def test_regenerate_asks_before_it_replaces_the_reviewers_text(app_env: ReviewStore) -> None:
    case_id = example_case(app_env)
    at = page(case_page, case_id)
    at.button(key="draft_all").click().run()
    first = app_env.items(case_id)[0]
    edit = "Edited by the reviewer. Therefore, the request is not medically necessary."
    at.text_area(key=f"edit_text_{first.id}").set_value(edit)
    at.button(key=f"edit_save_{first.id}").click().run()
    edited = app_env.item(first.id)
    at.button(key=f"draft_{first.id}").click().run()
    assert "Regenerate replaces your edited text" in texts(at)
    assert app_env.item(first.id).current == edited.current
    at.button(key=f"regenerate_no_{first.id}").click().run()
    assert "Regenerate replaces your edited text" not in texts(at)
    assert app_env.item(first.id).current == edited.current
    at.button(key=f"draft_{first.id}").click().run()
    at.button(key=f"regenerate_yes_{first.id}").click().run()
    assert not at.exception
    replaced = app_env.item(first.id)
    assert replaced.status is ItemStatus.DRAFTED and replaced.current is not None
    assert edit not in replaced.current.rationale
    assert any(version.rationale == edit for version in app_env.versions(first.id))


def test_regenerate_with_instruction_and_revert(app_env: ReviewStore) -> None:
    case_id = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    at = page(case_page, case_id)
    (item,) = app_env.items(case_id)
    at.button(key=f"draft_{item.id}").click().run()
    at.text_input(key=f"instruction_{item.id}").set_value("more concise")
    at.button(key=f"draft_{item.id}").click().run()
    versions = app_env.versions(item.id)
    assert [v.instruction for v in versions] == [None, "more concise"]
    at.selectbox(key=f"revert_pick_{item.id}").set_value(versions[0].id).run()
    at.button(key=f"revert_{item.id}").click().run()
    current = app_env.item(item.id).current
    assert current is not None and current.kind == "revert"
    assert current.rationale == versions[0].rationale


def test_two_sessions_editing_one_item_get_a_conflict_and_lose_nothing(
    app_env: ReviewStore,
) -> None:
    case_id = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    first = page(case_page, case_id)
    (item,) = app_env.items(case_id)
    first.button(key=f"draft_{item.id}").click().run()
    second = page(case_page, case_id)
    second.session_state["reviewer_name"] = "Dr. Chen"
    first.text_area(key=f"edit_text_{item.id}").set_value("Text of the first reviewer.")
    second.text_area(key=f"edit_text_{item.id}").set_value("Text of the second reviewer.")
    first.button(key=f"edit_save_{item.id}").click().run()
    second.button(key=f"edit_save_{item.id}").click().run()
    assert any("Another reviewer saved this item" in e.value for e in second.error)
    assert second.text_area(key=f"edit_text_{item.id}").value == "Text of the second reviewer."
    texts_saved = {(v.kind, v.rationale) for v in app_env.versions(item.id)}
    assert ("edit", "Text of the first reviewer.") in texts_saved
    assert ("rejected", "Text of the second reviewer.") in texts_saved


def test_chat_answers_with_citations_and_applies_to_an_item(app_env: ReviewStore) -> None:
    case_id = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    at = page(case_page, case_id)
    (item,) = app_env.items(case_id)
    at.button(key=f"draft_{item.id}").click().run()
    at.chat_input(key="chat_input").set_value("Does a lumbar MRI need nerve compromise?").run()
    assert not at.exception
    question, answer = app_env.chat(case_id)
    assert question.role == "user" and answer.role == "assistant"
    cited = {citation.marker for citation in answer.citations}
    assert any(f"[{marker}]" in answer.content for marker in cited if marker.startswith("G"))
    at.button(key=f"apply_{answer.id}").click().run()
    assert app_env.item(item.id).current.kind == "model"  # type: ignore[union-attr]
    at.button(key=f"apply_confirm_{answer.id}").click().run()
    current = app_env.item(item.id).current
    assert current is not None and current.kind == "chat"
    assert current.rationale.startswith(rationale_text(answer.content, answer.citations))
    assert "[G" not in current.rationale


def test_history_lists_reopens_and_deletes_leaving_no_text_in_the_file(
    app_env: ReviewStore,
) -> None:
    kept = example_case(app_env)
    gone = app_env.create_case(
        "SYN-GONE-1", f"A synthetic worker, {MARKER}, fell.", [CaseItem(title="Acupuncture")], "x"
    )
    at = page(history_page)
    shown = [str(e.value) for e in at.markdown]
    assert [line.split(" · ")[:2] for line in shown if line.startswith("**SYN-")] == [
        ["**SYN-GONE-1**", "0 of 1 items accepted"],
        ["**SYN-CASE-0001**", "0 of 3 items accepted"],
    ]
    at.button(key=f"open_{kept}").click().run()
    assert at.query_params["case"] == str(kept)
    assert at.button(key=f"delete_{gone}").disabled
    at.checkbox(key=f"confirm_delete_{gone}").check().run()
    at.button(key=f"delete_{gone}").click().run()
    assert [listing.case.id for listing in app_env.list_cases()] == [kept]
    assert "Deleted case SYN-GONE-1 and all of its data." in texts(at)
    assert MARKER.encode() not in db_bytes(app_env.path)
    (event,) = app_env.store_audit()
    assert (event.case_id, event.action, event.reviewer) == (gone, "purge case", REVIEWER)


def test_history_delete_without_a_name_is_refused(app_env: ReviewStore) -> None:
    case_id = example_case(app_env)
    at = page(history_page)
    at.session_state["reviewer_name"] = ""
    at.checkbox(key=f"confirm_delete_{case_id}").check().run()
    at.button(key=f"delete_{case_id}").click().run()
    assert [e.value for e in at.warning] == [NO_NAME]
    assert [listing.case.id for listing in app_env.list_cases()] == [case_id]


def test_settings_page_masks_secrets(app_env: ReviewStore, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("IMR_LLM__API_KEY", "sk-very-secret-value")
    at = page(settings_page)
    assert not at.exception
    shown = "\n".join(str(e.value) for e in at.json) + texts(at)
    assert "sk-very-secret-value" not in shown
    assert "***" in shown and "openai:gpt-4o-mini" in shown
    assert "k_guidelines" in shown


def test_ten_drafted_items_render_in_under_two_seconds(
    app_env: ReviewStore, capsys: pytest.CaptureFixture[str]
) -> None:
    items = [CaseItem(title=f"Item {n}: MRI of the lumbar spine") for n in range(1, 11)]
    case_id = example_case(app_env, items)
    at = page(case_page, case_id)
    at.button(key="draft_all").click().run()
    assert sum(item.current is not None for item in app_env.items(case_id)) == 10
    timings = []
    for _ in range(5):
        start = time.perf_counter()
        at.run()
        timings.append(time.perf_counter() - start)
    assert not at.exception
    median = statistics.median(timings)
    with capsys.disabled():
        print(f"\n10 drafted items: workspace render median {median * 1000:.0f} ms")
    assert median < 2.0


def test_bad_case_in_the_url_is_reported(app_env: ReviewStore, tmp_path: Path) -> None:
    at = page(case_page, 999)
    assert any("does not exist" in e.value for e in at.error)


def test_input_over_a_cap_is_refused_under_its_box(
    app_env: ReviewStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("IMR_LIMITS__MAX_UPLOAD_BYTES", "100")
    monkeypatch.setenv("IMR_LIMITS__MAX_PASTED_CHARS", "20")
    at = page(case_page)
    at.file_uploader(key="intake_upload").set_value(
        ("SYN-CASE-0001.json", EXAMPLE.read_bytes(), "application/json")
    )
    at.run().button(key="intake_from_file").click().run()
    size = EXAMPLE.stat().st_size
    assert [e.value for e in at.error] == [
        f"Could not read SYN-CASE-0001.json: SYN-CASE-0001.json: file is {size:,} bytes, over "
        "the limit of 100 bytes; set IMR_LIMITS__MAX_UPLOAD_BYTES to allow larger files"
    ]
    at.text_area(key="intake_text").set_value("x" * 21)
    at.button(key="intake_from_text").click().run()
    assert [e.value for e in at.error] == [
        "Could not read the pasted text: pasted text: 21 characters, over the limit of 20; "
        "set IMR_LIMITS__MAX_PASTED_CHARS to allow longer text"
    ]
    assert app_env.list_cases() == []
