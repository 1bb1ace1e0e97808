"""In real headless Chromium against one `streamlit run` server: the reviewer's name survives a
reload, Regenerate follows an instruction (and says when it changed nothing), the letter preview
is a formatted page with the credentials and the date, and the audit trail and settings read in
plain words. Screenshots go to test-artifacts/app/."""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from docx import Document

from assistant.drafting.case import CaseItem, read_case
from assistant.letters.models import Decision
from assistant.review.store import FILENAME, ReviewStore
from tests.ui.browser import (
    BROWSER_MARKS,
    free_port,
    see,
    settled,
    shot,
    sign_in_name,
    streamlit_server,
)
from tests.ui.conftest import EXAMPLE

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = BROWSER_MARKS

SPECIALTY = "Physical Medicine and Rehabilitation"


@pytest.fixture(scope="module")
def server(
    ingested_data_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, ReviewStore]]:
    """One server for the module over a copy of the ingested store, and its review store."""
    data = tmp_path_factory.mktemp("misc") / "data"
    shutil.copytree(ingested_data_dir, data, ignore=shutil.ignore_patterns(FILENAME + "*"))
    with streamlit_server(data, free_port()) as url:
        yield url, ReviewStore(data / FILENAME)


def new_case(store: ReviewStore, title: str) -> tuple[int, int]:
    case = read_case(EXAMPLE)
    case_id = store.create_case(
        case.case_id,
        case.clinical_summary,
        [CaseItem(title=title, decision=Decision.UPHELD)],
        "setup",
    )
    (item,) = store.items(case_id)
    return case_id, item.id


def open_case(browser: Browser, url: str, case_id: int) -> Page:
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{url}/?case={case_id}")
    see(page, "Case SYN-CASE-0001")
    return page


def test_the_reviewer_name_survives_a_reload_and_accept_is_signed_with_it(
    server: tuple[str, ReviewStore], browser: Browser
) -> None:
    url, store = server
    case_id, item_id = new_case(store, "MRI of the lumbar spine")
    page = open_case(browser, url, case_id)
    sign_in_name(page, "Dr. Rivera")
    page.locator(f".st-key-draft_{item_id} button").click()
    see(page, "Drafted.")
    page.reload()
    see(page, "Case SYN-CASE-0001")
    page.locator(f".st-key-accept_{item_id} button").click()
    see(page, "Accepted.")
    assert page.locator(".st-key-reviewer_name input").input_value() == "Dr. Rivera"
    shot(page, "misc-name-after-reload")
    page.close()
    accepted = [event for event in store.audit(case_id) if event.action == "accept"]
    assert [event.reviewer for event in accepted] == ["Dr. Rivera"]


def test_regenerate_more_concise_shortens_and_an_unchanged_draft_is_not_saved(
    server: tuple[str, ReviewStore], browser: Browser
) -> None:
    url, store = server
    case_id, item_id = new_case(store, "Cyclobenzaprine 7.5 mg #20")
    page = open_case(browser, url, case_id)
    sign_in_name(page, "Dr. Rivera")
    page.locator(f".st-key-draft_{item_id} button").click()
    see(page, "Drafted.")
    field = page.locator(f".st-key-instruction_{item_id} input")
    field.fill("more concise")
    field.press("Tab")
    settled(page)
    page.locator(f".st-key-draft_{item_id} button").click()
    see(page, "Drafted again with your instruction.")
    page.locator(f".st-key-draft_{item_id} button").click()
    see(page, "The instruction did not change the draft")
    shot(page, "misc-regenerate-unchanged")
    page.close()
    first, concise = store.versions(item_id)
    assert concise.instruction == "more concise"
    assert len(concise.rationale) < 0.8 * len(first.rationale)


def test_the_letter_preview_is_a_formatted_page_like_the_word_file(
    server: tuple[str, ReviewStore], browser: Browser
) -> None:
    url, store = server
    case_id, item_id = new_case(store, "MRI of the lumbar spine")
    page = open_case(browser, url, case_id)
    sign_in_name(page, "Dr. Rivera")
    page.locator(f".st-key-draft_{item_id} button").click()
    see(page, "Drafted.")
    page.locator(f".st-key-accept_{item_id} button").click()
    see(page, "Accepted.")
    page.get_by_role("tab", name="Export").click()
    see(page, "Every item is accepted")
    for key, value in (("letter_specialty", SPECIALTY), ("letter_licensure", "California")):
        box = page.locator(f".st-key-{key} input")
        box.fill(value)
        box.press("Tab")
        settled(page)
    page.locator(".st-key-letter_details_save button").click()
    see(page, "Letter details saved.")
    letter = page.locator(".imr-letter")
    see(letter, SPECIALTY)
    assert letter.locator("h3", has_text="CLINICAL CASE SUMMARY").is_visible()
    assert letter.locator("h4", has_text="MRI of the lumbar spine: Upheld").is_visible()
    labels = letter.locator("strong").all_inner_texts()
    assert {"Decision rationale:", "Decision Date:", "Certification(s)/Specialty:"} <= set(labels)
    assert SPECIALTY in letter.inner_text()
    assert page.locator("[data-testid='stCode']").count() == 0
    letter.evaluate("element => element.scrollIntoView({block: 'start'})")
    shot(page, "letter-preview")
    with page.expect_download() as download_info:
        page.locator(".st-key-download_docx button").click()
    data = Path(download_info.value.path()).read_bytes()
    page.close()
    document = Document(io.BytesIO(data))
    words = "\n".join(paragraph.text for paragraph in document.paragraphs)
    assert f"Certification(s)/Specialty: {SPECIALTY}" in words
    assert "Decision Date: " in words
    assert "CLINICAL CASE SUMMARY" in words and "MRI of the lumbar spine: Upheld" in words


def test_the_audit_trail_and_settings_read_in_plain_words(
    server: tuple[str, ReviewStore], browser: Browser
) -> None:
    url, store = server
    case_id, item_id = new_case(store, "Acupuncture, 6 sessions")
    page = open_case(browser, url, case_id)
    sign_in_name(page, "Dr. Rivera")
    page.locator(f".st-key-draft_{item_id} button").click()
    see(page, "Drafted.")
    page.get_by_role("tab", name="Audit trail").click()
    see(page, "Opened the case")
    audit = page.locator("[data-testid='stTable']").first
    drafted = audit.locator("tbody tr", has_text="Drafted").first
    drafted.wait_for()
    assert "Acupuncture, 6 sessions" in drafted.inner_text()
    rows = audit.locator("tbody tr").all_inner_texts()
    assert not [row for row in rows if "None" in row.split()]
    shot(page, "misc-audit")
    page.get_by_role("link", name="Settings").click()
    see(page, "Who drafts the rationales")
    see(page, "The offline model on this computer")
    assert not page.locator("[data-testid='stJson']").first.is_visible()
    page.get_by_text("Details (every setting").click()
    page.locator("[data-testid='stJson']").first.wait_for()
    shot(page, "misc-settings")
    page.close()
