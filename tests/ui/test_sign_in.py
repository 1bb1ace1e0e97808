"""Sign-in against a users file: required before any page, the same message for a wrong name or
password, a lockout after repeated failures, and the signed-in name on every audit event."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from assistant.access.passwords import hash_password
from assistant.access.users import User, Users
from assistant.access.users_file import save_users
from assistant.letters.models import Decision
from assistant.review.store import ReviewStore
from assistant.ui.sign_in import WRONG
from tests.ui.conftest import APP, EXAMPLE
from tests.ui.test_pages import texts

NAME = "Dr. Ana Rivera"
PASSWORD = "rivera-password"
TIMEOUT = 120


@pytest.fixture(scope="module")
def users() -> Users:
    return Users(users=[User(name=NAME, password=hash_password(PASSWORD))])


@pytest.fixture
def signed_env(
    app_env: ReviewStore, users: Users, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[ReviewStore]:
    path = tmp_path / "users.json"
    save_users(path, users)
    monkeypatch.setenv("IMR_APP__USERS_FILE", str(path))
    monkeypatch.setenv("IMR_APP__SIGN_IN_DELAY_S", "0")
    monkeypatch.setenv("IMR_APP__MAX_FAILED_SIGN_INS", "3")
    yield app_env


def sign_in(at: AppTest, name: str, password: str) -> AppTest:
    at.text_input(key="sign_in_name").input(name)
    at.text_input(key="sign_in_password").input(password)
    return at.button(key="sign_in_submit").click().run()


def app() -> AppTest:
    return AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()


def test_no_page_is_shown_before_signing_in(signed_env: ReviewStore) -> None:
    at = app()
    assert not at.exception
    assert [e.value for e in at.header] == ["Sign in"]
    assert not [w for w in at.text_input if w.key == "reviewer_name"]
    assert not [b for b in at.button if b.key == "intake_from_file"]


@pytest.mark.parametrize(("name", "password"), [(NAME, "wrong-password"), ("Dr. Nobody", PASSWORD)])
def test_a_wrong_name_or_password_gets_one_message(
    signed_env: ReviewStore, name: str, password: str
) -> None:
    at = sign_in(app(), name, password)
    assert [e.value for e in at.error] == [WRONG]
    assert [e.value for e in at.header] == ["Sign in"]


def test_repeated_failures_lock_the_name(signed_env: ReviewStore) -> None:
    at = app()
    for _ in range(3):
        sign_in(at, NAME, "wrong-password")
    sign_in(at, NAME, PASSWORD)
    assert any("Too many failed sign-ins" in e.value for e in at.error)
    assert [e.value for e in at.header] == ["Sign in"]


def test_signed_in_name_is_shown_and_names_every_audit_event(signed_env: ReviewStore) -> None:
    at = sign_in(app(), "dr. ana rivera", PASSWORD)
    assert not at.exception
    assert f"Signed in as **{NAME}**" in texts(at)
    assert not [w for w in at.text_input if w.key == "reviewer_name"]

    at.file_uploader(key="intake_upload").set_value(
        (EXAMPLE.name, EXAMPLE.read_bytes(), "application/json")
    )
    at.run().button(key="intake_from_file").click().run()
    (listing,) = signed_env.list_cases()
    case_id = listing.case.id
    assert listing.case.created_by == NAME

    at.text_area(key="case_summary").set_value(listing.case.summary + " Seen again in May.")
    at.button(key="case_save").click().run()
    at.text_input(key="new_item_title").set_value("Acupuncture, 6 sessions")
    at.button(key="add_item").click().run()
    first, *_, added = signed_env.items(case_id)
    at.selectbox(key=f"item_decision_{added.id}").set_value(Decision.UPHELD.value)
    at.button(key=f"item_save_{added.id}").click().run()
    at.button(key=f"item_remove_{added.id}").click().run()
    at.button(key=f"draft_{first.id}").click().run()
    at.text_area(key=f"edit_text_{first.id}").set_value(
        "Edited. Therefore, the request is not medically necessary."
    )
    at.button(key=f"edit_save_{first.id}").click().run()
    versions = signed_env.versions(first.id)
    at.selectbox(key=f"revert_pick_{first.id}").set_value(versions[0].id)
    at.button(key=f"revert_{first.id}").click().run()
    at.button(key=f"accept_{first.id}").click().run()
    at.chat_input(key="chat_input").set_value("Does a lumbar MRI need nerve compromise?").run()
    answer = signed_env.chat(case_id)[-1]
    at.button(key=f"apply_{answer.id}").click().run()
    at.button(key=f"apply_confirm_{answer.id}").click().run()
    assert not at.exception

    events = signed_env.audit(case_id)
    actions = {event.action for event in events}
    assert {
        "create case",
        "edit case",
        "add item",
        "edit item",
        "remove item",
        "draft",
        "edit",
        "revert",
        "accept",
        "apply chat",
    } <= actions
    assert {event.reviewer for event in events} == {NAME}
    assert {message.reviewer for message in signed_env.chat(case_id)} == {NAME}
    assert {version.author for version in signed_env.versions(first.id)} == {NAME}


def test_sign_out_returns_to_the_sign_in_form(signed_env: ReviewStore) -> None:
    at = sign_in(app(), NAME, PASSWORD)
    at.button(key="sign_out").click().run()
    assert [e.value for e in at.header] == ["Sign in"]
    assert "signed_in_reviewer" not in at.session_state
