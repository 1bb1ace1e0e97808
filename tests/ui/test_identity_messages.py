"""The typed reviewer name survives a reload (it is kept in the URL), and a confirmation stays next
to its component through a rerun made for another reason."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from assistant.drafting.case import CaseItem
from assistant.review.store import ReviewStore
from tests.ui.conftest import APP
from tests.ui.test_pages import TIMEOUT, case_page, example_case, page


def test_a_typed_name_is_written_to_the_url(app_env: ReviewStore) -> None:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT).run()
    at.text_input(key="reviewer_name").set_value("Dr. Rivera").run()
    assert at.query_params["reviewer"] == "Dr. Rivera"


def test_a_reload_keeps_the_name_from_the_url_and_accept_is_signed_with_it(
    app_env: ReviewStore,
) -> None:
    case_id = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    (item,) = app_env.items(case_id)
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["case"] = str(case_id)
    at.query_params["reviewer"] = "Dr. Rivera"
    at.run()
    assert at.text_input(key="reviewer_name").value == "Dr. Rivera"
    at.button(key=f"draft_{item.id}").click().run()
    at.button(key=f"accept_{item.id}").click().run()
    assert not [w.value for w in at.warning if "Enter your name" in w.value]
    accepted = [e for e in app_env.audit(case_id) if e.action == "accept"]
    assert [e.reviewer for e in accepted] == ["Dr. Rivera"]


def test_new_case_keeps_the_name_in_the_url(app_env: ReviewStore) -> None:
    case_id = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.query_params["case"] = str(case_id)
    at.query_params["reviewer"] = "Dr. Rivera"
    at.run()
    at.button(key="new_case").click().run()
    assert "case" not in at.query_params
    assert at.query_params["reviewer"] == "Dr. Rivera"


def test_a_saved_edit_is_still_confirmed_after_an_unrelated_rerun(app_env: ReviewStore) -> None:
    case_id = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    at = page(case_page, case_id)
    (item,) = app_env.items(case_id)
    at.button(key=f"draft_{item.id}").click().run()
    at.text_area(key=f"edit_text_{item.id}").set_value("The reviewer's own text.")
    at.button(key=f"edit_save_{item.id}").click().run()
    assert "Your edit is saved." in [e.value for e in at.success]
    at.run()
    assert "Your edit is saved." in [e.value for e in at.success]
    at.button(key=f"accept_{item.id}").click().run()
    shown = [e.value for e in at.success]
    assert "Accepted." in shown and "Your edit is saved." not in shown


def test_a_case_message_stays_on_its_case_and_is_not_shown_on_another(
    app_env: ReviewStore,
) -> None:
    first = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    second = example_case(app_env, [CaseItem(title="Acupuncture x 6")])
    at = page(case_page, first)
    at.button(key="draft_all").click().run()
    at.run()
    assert "Drafted 1 item(s)." in [e.value for e in at.success]
    at.query_params["case"] = str(second)
    at.run()
    assert "Drafted 1 item(s)." not in [e.value for e in at.success]
