"""The workspace shows a model's decision as its proposal, with the confidence, until edited."""

from __future__ import annotations

from assistant.review.store import ReviewStore
from tests.ui.test_pages import case_page, example_case, page, texts


def test_a_drafted_item_shows_the_proposal_and_its_confidence(app_env: ReviewStore) -> None:
    case_id = example_case(app_env)
    at = page(case_page, case_id)

    at.button(key="draft_all").click().run()

    shown = texts(at)
    assert not at.exception
    assert shown.count("**Proposed by the assistant:**") == 3
    assert shown.count("· confidence 0.") == 3
    assert "**Reviewer's decision:**" not in shown
