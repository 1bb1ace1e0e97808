"""Regenerate with an instruction: the draft changes as asked, and a draft the instruction did not
change is reported and not saved as a version."""

from __future__ import annotations

from assistant.drafting.case import CaseItem
from assistant.review.store import ReviewStore
from assistant.ui.actions import UNCHANGED_BY_INSTRUCTION
from tests.ui.test_pages import case_page, example_case, page


def test_more_concise_shortens_the_draft_and_asking_again_saves_nothing(
    app_env: ReviewStore,
) -> None:
    case_id = example_case(app_env, [CaseItem(title="MRI of the lumbar spine")])
    at = page(case_page, case_id)
    (item,) = app_env.items(case_id)
    at.button(key=f"draft_{item.id}").click().run()
    at.text_input(key=f"instruction_{item.id}").set_value("more concise")
    at.button(key=f"draft_{item.id}").click().run()
    first, concise = app_env.versions(item.id)
    assert len(concise.rationale) < len(first.rationale)
    assert "Drafted again with your instruction." in [e.value for e in at.success]

    at.button(key=f"draft_{item.id}").click().run()
    assert [v.id for v in app_env.versions(item.id)] == [first.id, concise.id]
    assert UNCHANGED_BY_INSTRUCTION in [e.value for e in at.info]
    assert "Drafted again with your instruction." not in [e.value for e in at.success]
