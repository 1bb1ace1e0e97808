"""End to end in real headless Chromium against `streamlit run` on 127.0.0.1: upload, draft all,
read the cited excerpts, edit, accept all, export .docx, restart the server and find the work again;
and two browser sessions editing one item. Screenshots go to test-artifacts/app/."""

from __future__ import annotations

import io
from pathlib import Path

from docx import Document

from assistant.review.store import FILENAME, ReviewStore
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

EDIT = "Edited in the browser: no red flag or nerve compromise is documented."


def test_review_a_case_end_to_end_and_find_it_after_a_restart(
    e2e_data_dir: Path, browser: object
) -> None:
    port = free_port()
    with streamlit_server(e2e_data_dir, port) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(url)
        see(page, "New case")
        sign_in_name(page, "Dr. Rivera")
        page.locator(".st-key-intake_upload input[type=file]").set_input_files(str(EXAMPLE))
        see(page, "SYN-CASE-0001.json")
        page.locator(".st-key-intake_from_file button").click()
        see(page, "Case SYN-CASE-0001")
        shot(page, "01-uploaded")

        page.locator(".st-key-draft_all button").click()
        see(page, "Drafted 3 item(s).")
        shot(page, "02-drafted")

        page.locator(".st-key-excerpts_1").scroll_into_view_if_needed()
        see(page, "ACOEM Ch.12 Low Back p.303-304")
        shot(page, "03-citation")

        page.locator(".st-key-edit_expander_1 summary").click()
        editor = page.locator(".st-key-edit_text_1 textarea")
        editor.fill(EDIT)
        page.locator(".st-key-edit_save_1 button").click()
        see(page, "Your edit is saved.")
        shot(page, "04-edited")

        # Draft all again: only the two items without reviewer text are drafted, the edit stays
        page.get_by_role("button", name="Draft all (2 without reviewer text)").click()
        see(page, "Drafted 2 item(s).")
        see(page, EDIT)

        for number, item_id in enumerate((1, 2, 3), 1):
            page.locator(f".st-key-accept_{item_id} button").click()
            see(page, f"{number} of 3 items accepted")
        shot(page, "05-accepted")

        page.get_by_role("tab", name="Export").click()
        see(page, "Every item is accepted")
        with page.expect_download() as download_info:
            page.locator(".st-key-download_docx button").click()
        data = Path(download_info.value.path()).read_bytes()
        shot(page, "06-exported")
        document = Document(io.BytesIO(data))
        text = "\n".join(paragraph.text for paragraph in document.paragraphs)
        assert "IMR Case Number: SYN-CASE-0001" in text
        assert EDIT in text
        assert "Norco 10/325 mg #120: " in text
        case_url = page.url
        page.close()

    with streamlit_server(e2e_data_dir, port) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        page.goto(case_url)
        see(page, "Case SYN-CASE-0001")
        see(page, "3 of 3 items accepted")
        see(page, EDIT)
        shot(page, "07-after-restart")
        page.close()


def test_two_browser_sessions_on_one_item_get_a_conflict_and_lose_no_edit(
    e2e_data_dir: Path, browser: object
) -> None:
    store = ReviewStore(e2e_data_dir / FILENAME)
    from assistant.drafting.case import CaseItem, read_case

    case = read_case(EXAMPLE)
    case_id = store.create_case(
        case.case_id, case.clinical_summary, [CaseItem(title="MRI of the lumbar spine")], "setup"
    )
    (item,) = store.items(case_id)
    with streamlit_server(e2e_data_dir, free_port()) as url:
        pages = []
        for name in ("Dr. Rivera", "Dr. Chen"):
            context = browser.new_context(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
            page = context.new_page()
            page.goto(f"{url}/?case={case_id}")
            see(page, "Case SYN-CASE-0001")
            sign_in_name(page, name)
            pages.append(page)
        first, second = pages
        first.locator(f".st-key-draft_{item.id} button").click()
        see(first, "Drafted.")
        second.reload()
        see(second, "Decision rationale:")
        sign_in_name(second, "Dr. Chen")
        for page, text in ((first, "First reviewer's text."), (second, "Second reviewer's text.")):
            page.locator(f".st-key-edit_expander_{item.id} summary").click()
            page.locator(f".st-key-edit_text_{item.id} textarea").fill(text)
        first.locator(f".st-key-edit_save_{item.id} button").click()
        see(first, "Your edit is saved.")
        second.locator(f".st-key-edit_save_{item.id} button").click()
        see(second, "Another reviewer saved this item")
        shot(second, "08-conflict")
        kept = second.locator(f".st-key-edit_text_{item.id} textarea").input_value()
        assert kept == "Second reviewer's text."
    saved = {
        (version.kind, version.rationale, version.author) for version in store.versions(item.id)
    }
    assert ("edit", "First reviewer's text.", "Dr. Rivera") in saved
    assert ("rejected", "Second reviewer's text.", "Dr. Chen") in saved
    current = store.item(item.id).current
    assert current is not None and current.rationale == "First reviewer's text."
