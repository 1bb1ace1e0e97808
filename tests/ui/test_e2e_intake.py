"""New case in a real browser: the case number comes from the letter's own header (never its file
name or "pasted text"), a PDF bundle of the records gives the disputed items UR decided on, and a
pasted clinical note gives the items its request line names."""

from __future__ import annotations

from pathlib import Path

from tests.data.intake.cases import SPECS
from tests.data.intake.generate import write_bundle
from tests.paths import EXAMPLE
from tests.ui.browser import (
    BROWSER_MARKS,
    WAIT_MS,
    free_port,
    see,
    settled,
    shot,
    sign_in_name,
    streamlit_server,
)

pytestmark = BROWSER_MARKS

HASH_NAME = "001_e47d4df8861c58b9.txt"
NOTE = (
    "Progress note, synthetic. The injured worker has low back pain radiating to the left leg.\n"
    "Request: Norco 10/325 #90 and MRI lumbar spine\n"
)


def _letter_with_number_inside_a_header_line(folder: Path) -> Path:
    """The example letter as extracted from a PDF whose header put the number after a date."""
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "IMR Case Number: SYN-2015-0001", "Date Assigned: 11/09/2016 Case Number: SYN16-0000042"
    )
    path = folder / HASH_NAME
    path.write_text(text, encoding="utf-8")
    return path


def _new_case(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    see(page, "New case")
    sign_in_name(page, "Dr. Synthetic")


def _see_item(page: object, title: str) -> None:
    """Wait for an item's title where the reviewer sees it (the summary may name it too, folded)."""
    page.locator(f"text={title} >> visible=true").first.wait_for(timeout=WAIT_MS)  # type: ignore[attr-defined]


def _upload(page: object, path: Path) -> None:
    page.locator(".st-key-intake_upload input[type=file]").set_input_files(str(path))  # type: ignore[attr-defined]
    see(page, path.name[:7])  # the uploader shortens long names in the middle
    page.locator(".st-key-intake_from_file button").click()  # type: ignore[attr-defined]


def test_the_case_number_comes_from_the_letter_header_and_bundles_give_items(
    e2e_data_dir: Path, browser: object, tmp_path: Path
) -> None:
    letter = _letter_with_number_inside_a_header_line(tmp_path)
    index, spec = next((i, s) for i, s in enumerate(SPECS) if s.case_id == "SYN-INTAKE-01")
    bundle = tmp_path / "records-bundle.pdf"
    write_bundle(spec, index, bundle)
    with streamlit_server(e2e_data_dir, free_port()) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        _new_case(page, url)
        _upload(page, letter)
        see(page, "Case SYN16-0000042")
        assert page.get_by_text("e47d4df8861c58b9").count() == 0
        shot(page, "intake-01-case-number")

        _new_case(page, url)
        page.locator(".st-key-intake_text textarea").fill(  # type: ignore[attr-defined]
            letter.read_text(encoding="utf-8").replace(
                "Date Assigned: 11/09/2016 Case Number: SYN16-0000042", ""
            )
        )
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        page.locator(".st-key-intake_from_text button").click()  # type: ignore[attr-defined]
        see(page, "states no case number")
        assert page.get_by_text("pasted-text").count() == 0
        assert page.locator("h2", has_text="Case CASE-").count() == 1

        _new_case(page, url)
        _upload(page, bundle)
        see(page, "Case SYN-CLM-01")
        _see_item(page, "Norco 10/325 mg #90")
        _see_item(page, "MRI of the lumbar spine without contrast")
        see(page, "has no text layer")
        shot(page, "intake-02-records-bundle")


def test_a_pasted_note_gives_the_items_its_request_line_names(
    e2e_data_dir: Path, browser: object
) -> None:
    with streamlit_server(e2e_data_dir, free_port()) as url:
        page = browser.new_page(viewport={"width": 1400, "height": 1000})  # type: ignore[attr-defined]
        _new_case(page, url)
        page.locator(".st-key-intake_text textarea").fill(NOTE)  # type: ignore[attr-defined]
        page.keyboard.press("Tab")  # type: ignore[attr-defined]
        page.locator(".st-key-intake_from_text button").click()  # type: ignore[attr-defined]
        see(page, "read from its request line (2)")
        settled(page)
        _see_item(page, "Norco 10/325 #90")
        _see_item(page, "MRI lumbar spine")
        shot(page, "intake-03-pasted-note")
