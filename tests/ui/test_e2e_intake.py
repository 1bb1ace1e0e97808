"""New case in real headless Chromium: a letter without a case number line gets a case number of
its own, not its file's name; a pasted clinical note yields the items its request line names; a
PDF of a case's records yields its UR items, its case number and a summary whose page links show
the page."""

from __future__ import annotations

import re
from pathlib import Path

from tests.intake.synthetic import write_bundles
from tests.paths import REPO
from tests.ui.browser import BROWSER_MARKS, free_port, see, shot, sign_in_name, streamlit_server

pytestmark = BROWSER_MARKS

LETTER = REPO / "examples" / "letters" / "SYN-2015-0001.txt"
NOTE = (
    "SYNTHETIC progress note. The injured worker has chronic low back pain after a lifting "
    "injury, with pain 7/10 and a positive straight leg raise.\n"
    "Request: Norco 10/325 #90 and MRI lumbar spine\n"
)


def _new_case(page: object, url: str) -> None:
    """A fresh New case page, signed in (a reload forgets the name)."""
    page.goto(url)  # type: ignore[attr-defined]
    see(page, "Or paste the case")
    sign_in_name(page, "Dr. Rivera")


def _heading(page: object, text: str) -> None:
    page.get_by_role("heading", name=text).first.wait_for()  # type: ignore[attr-defined]


def test_new_cases_get_their_own_numbers_and_the_notes_requests(
    e2e_data_dir: Path, browser: object, tmp_path: Path
) -> None:
    unnumbered = tmp_path / "001_e47d4df8861c58b9.txt"
    text = LETTER.read_text(encoding="utf-8")
    unnumbered.write_text(re.sub(r"(?m)^IMR Case Number:.*\n", "", text), encoding="utf-8")
    records, expected = write_bundles(tmp_path / "records")[1]
    port = free_port()
    with streamlit_server(e2e_data_dir, port) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        _new_case(page, url)

        page.locator(".st-key-intake_upload input[type=file]").set_input_files(str(unnumbered))
        see(page, "KB")
        page.locator(".st-key-intake_from_file button").click()
        see(page, "Case CASE-")
        assert page.get_by_text("001_e47d4df8861c58b9", exact=False).count() == 0
        shot(page, "intake-01-unnumbered-letter")

        _new_case(page, url)
        page.locator(".st-key-intake_text textarea").fill(NOTE)
        page.keyboard.press("Tab")
        page.locator(".st-key-intake_from_text button").click()
        see(page, "Case CASE-")
        _heading(page, "Norco 10/325 #90")
        _heading(page, "MRI lumbar spine")
        assert page.get_by_text("pasted-text", exact=False).count() == 0
        shot(page, "intake-02-clinical-note")

        _new_case(page, url)
        page.locator(".st-key-intake_upload input[type=file]").set_input_files(str(records))
        see(page, "KB")
        page.locator(".st-key-intake_from_file button").click()
        see(page, f"Case {expected['case_id']}")
        _heading(page, expected["items"][0]["title"])
        see(page, "Case summary from the records")
        link = page.locator("[class*='st-key-records_link_0_'] button").first
        found = re.search(r"p\. (\d+)", link.inner_text())
        assert found is not None
        cited = int(found.group(1))
        link.click()
        see(page, f"Records p. {cited}")
        see(page.locator(".st-key-records_page"), "year-old")
        shot(page, "intake-03-records")
