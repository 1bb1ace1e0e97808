"""An item as a reviewer reads it, in real headless Chromium against `streamlit run`: who made the
decision and the criteria behind it, readable citations beside the rationale, the item list with
bulk accept, a tall editor and a version diff, and plain words with the details on request.

One server serves the module; each test opens its own case, drafted beforehand by the offline
model in this process. Screenshots go to test-artifacts/app/."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.drafting.case import read_case
from assistant.drafting.chain import build_chain
from assistant.drafting.request import DraftRequest
from assistant.drafting.result import ItemDraft
from assistant.letters.models import Decision
from assistant.review.store import FILENAME, ReviewStore
from assistant.settings import Settings
from tests.paths import CORPUS
from tests.ui.browser import (
    BROWSER_MARKS,
    free_port,
    see,
    shot,
    sign_in_name,
    streamlit_server,
)
from tests.ui.conftest import EXAMPLE

pytestmark = BROWSER_MARKS

REVIEWER = "Dr. Rivera"
MRI, PT, NORCO = (item.title for item in read_case(EXAMPLE).items)


class Workspace:
    """The module's server, its review store and the offline model's drafts of the example."""

    def __init__(self, url: str, store: ReviewStore, drafts: dict[str, ItemDraft]) -> None:
        self.url = url
        self.store = store
        self.drafts = drafts

    def drafted_case(self, decided: dict[str, Decision] | None = None) -> int:
        """A new case of the example's items, each drafted; `decided` items carry the reviewer's
        decision, as if set before drafting."""
        case = read_case(EXAMPLE)
        decided = decided or {}
        items = [
            item.model_copy(update={"decision": decided.get(item.title)}) for item in case.items
        ]
        case_id = self.store.create_case(case.case_id, case.clinical_summary, items, REVIEWER)
        for item in self.store.items(case_id):
            draft = self.drafts[item.title]
            if item.title in decided:
                draft = draft.model_copy(
                    update={
                        "decision": decided[item.title],
                        "decision_source": "reviewer",
                        "proposal": None,
                    }
                )
            self.store.save_draft(item.id, item.version, REVIEWER, draft, elapsed_ms=1.0)
        return case_id

    def open(self, browser: object, case_id: int) -> object:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(f"{self.url}/?case={case_id}")
        see(page, "Case SYN-CASE-0001")
        sign_in_name(page, REVIEWER)
        return page


@pytest.fixture(scope="module")
def workspace(
    ingested_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Workspace]:
    data = tmp_path_factory.mktemp("items") / "data"
    shutil.copytree(ingested_data_dir, data, ignore=shutil.ignore_patterns(FILENAME + "*"))
    chain = build_chain(Settings(data_dir=data, corpus_dir=CORPUS))
    case = read_case(EXAMPLE)
    drafts = {
        item.title: chain.draft(
            DraftRequest(
                case_id=case.case_id,
                summary=case.clinical_summary,
                title=item.title,
                decision=None,
                claims_administrator_guideline=item.claims_administrator_guideline,
            )
        )
        for item in case.items
    }
    with streamlit_server(data, free_port()) as url:
        yield Workspace(url, ReviewStore(data / FILENAME), drafts)


def _text(block: object) -> str:
    """A block's visible text, whitespace collapsed."""
    return " ".join(block.inner_text().split())  # type: ignore[attr-defined]


def _item(page: object, item_id: int) -> object:
    block = page.locator(f".st-key-item_{item_id}")  # type: ignore[attr-defined]
    block.scroll_into_view_if_needed()
    return block


def test_the_decision_says_who_made_it_and_the_criteria_show_their_case_sentences(
    workspace: Workspace, browser: object
) -> None:
    case_id = workspace.drafted_case(decided={MRI: Decision.UPHELD})
    mri, _, norco = workspace.store.items(case_id)
    page = workspace.open(browser, case_id)

    mri_text = _text(_item(page, mri.id))
    assert "Reviewer's decision: Upheld" in mri_text
    assert "Proposed by the assistant" not in mri_text

    norco_block = _item(page, norco.id)
    norco_text = _text(norco_block)
    assert "Proposed by the assistant: Upheld · confidence 0.92 (high)" in norco_text
    assert "no more often than always answering Upheld (93%)" in norco_text
    assert "Reviewer's decision" not in norco_text
    assert "Guideline criteria and this case" in norco_text
    assert "met Urine drug screens are consistent" in norco_text
    assert "not documented All 4 A's are recorded" in norco_text
    # the case sentence behind the met criterion is quoted under it
    assert "S5: In a progress note dated 9/14/2016" in norco_text
    page.close()  # type: ignore[attr-defined]


def test_citations_read_as_guideline_places_beside_the_rationale_and_an_edit_says_what_it_dropped(
    workspace: Workspace, browser: object
) -> None:
    case_id = workspace.drafted_case()
    mri = workspace.store.items(case_id)[0]
    draft = workspace.drafts[MRI]
    page = workspace.open(browser, case_id)

    panel = page.locator(f".st-key-excerpts_{mri.id}")  # type: ignore[attr-defined]
    panel.scroll_into_view_if_needed()
    panel_text = _text(panel)
    assert "[1] ACOEM Ch.12 Low Back p.303-304, summary" in panel_text
    assert "[2] ACOEM Ch.12 Low Back p.303-304, criteria" in panel_text
    assert "Also requested as" not in panel_text and "g-" not in panel_text
    highlighted = panel.locator("mark").all_inner_texts()
    assert any("Unequivocal objective findings" in text for text in highlighted)
    # the panel sits beside the rationale, not under it
    rationale = page.get_by_text("Decision rationale:").first  # type: ignore[attr-defined]
    assert panel.bounding_box()["x"] > rationale.bounding_box()["x"] + 300
    # only what the rationale cites: the MRI draft retrieves four excerpts and cites three
    assert "[4]" not in panel_text
    shot(page, "excerpt-panel")

    kept = " ".join(sentence.text for sentence in draft.sentences[:2])
    page.locator(f".st-key-edit_expander_{mri.id} summary").click()  # type: ignore[attr-defined]
    editor = page.locator(f".st-key-edit_text_{mri.id} textarea")  # type: ignore[attr-defined]
    editor.fill(f"{kept} My own closing words.")
    editor.press("Tab")
    page.locator(f".st-key-edit_save_{mri.id} button").click()  # type: ignore[attr-defined]
    see(page, "Your edit is saved.")
    see(page, "Citations dropped by your edit: [3] ACOEM Ch.12 Low Back p.303-304")
    item_text = _text(_item(page, mri.id))
    assert f"{draft.sentences[0].text} [1]" in item_text
    assert f"{draft.sentences[1].text} [2] My own closing words." in item_text
    page.close()  # type: ignore[attr-defined]


def test_the_item_list_bulk_accept_tall_editor_version_diff_and_history_back_to_the_case(
    workspace: Workspace, browser: object
) -> None:
    case_id = workspace.drafted_case()
    mri, pt, norco = workspace.store.items(case_id)
    workspace.store.save_edit(
        pt.id,
        pt.version,
        REVIEWER,
        decision=Decision.UPHELD,
        maximus_guideline=workspace.drafts[PT].maximus_guideline,
        rationale="The reviewer's own rationale. The request is not medically necessary.",
    )
    summary = read_case(EXAMPLE).clinical_summary
    page = workspace.open(browser, case_id)

    # the summary and the UR line are on the page without opening anything
    see(page, summary.split(". ")[0])
    see(page, f"Utilization review: {mri.claims_administrator_guideline}")
    item_list = page.locator(".st-key-item_list")  # type: ignore[attr-defined]
    listed = _text(item_list)
    for title, status in ((MRI, "drafted"), (PT, "edited"), (NORCO, "drafted")):
        who = "reviewer's" if title == PT else "proposed"
        assert f"{title} {status}, to review Upheld ({who})" in listed
    shot(page, "item-list")
    item_list.get_by_role("link", name=NORCO).click()
    page.wait_for_url(f"**#item-{norco.id}")  # type: ignore[attr-defined]

    page.locator(f".st-key-edit_expander_{pt.id} summary").click()  # type: ignore[attr-defined]
    editor = page.locator(f".st-key-edit_text_{pt.id} textarea")  # type: ignore[attr-defined]
    assert editor.bounding_box()["height"] >= 400
    page.locator(f".st-key-edit_expander_{pt.id} summary").click()  # type: ignore[attr-defined]

    page.locator(f".st-key-versions_{pt.id} summary").click()  # type: ignore[attr-defined]
    see(page, "What reverting to v1 changes")  # the version before the current one
    diff = page.locator(f".st-key-version_diff_{pt.id}")  # type: ignore[attr-defined]
    removed = " ".join(diff.locator("del").all_inner_texts())
    restored = " ".join(diff.locator("ins").all_inner_texts())
    assert "reviewer's own rationale." in removed
    assert "Physical Medicine topic of the MTUS" in restored
    diff.scroll_into_view_if_needed()
    shot(page, "version-diff")

    page.get_by_role("button", name="Accept all drafted items without problems (3)").click()  # type: ignore[attr-defined]
    see(page, "Accepted 3 item(s).")
    see(page, "3 of 3 items accepted")

    page.get_by_role("link", name="History").click()  # type: ignore[attr-defined]
    see(page, "Cases")
    page.get_by_role("link", name="Case", exact=True).click()  # type: ignore[attr-defined]
    see(page, "Case SYN-CASE-0001")
    page.close()  # type: ignore[attr-defined]


def test_the_item_says_who_wrote_it_in_plain_words_with_the_details_on_request(
    workspace: Workspace, browser: object
) -> None:
    case_id = workspace.drafted_case()
    mri = workspace.store.items(case_id)[0]
    page = workspace.open(browser, case_id)

    block = _item(page, mri.id)
    shown = _text(block)
    assert f"Drafted by the assistant · saved by {REVIEWER}" in shown
    assert "tokens" not in shown.lower() and "prompt" not in shown.lower()
    page.locator(f".st-key-details_{mri.id} summary").click()  # type: ignore[attr-defined]
    see(page, "Prompt version: draft-")
    assert "Model: offline" in _text(block)
    page.close()  # type: ignore[attr-defined]
