"""New case in the workspace: records become a case with their items, summary pages and
documents kept in the review store; a letter without a case number line and a pasted clinical
note get what the reviewer would otherwise type."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from assistant.review.intake import case_from_text, case_from_upload, start_case
from assistant.review.store import ReviewStore
from tests.paths import REPO

Bundles = list[tuple[Path, dict[str, Any]]]
LETTER = REPO / "examples" / "letters" / "SYN-2015-0001.txt"
NEW_NUMBER = re.compile(r"^CASE-\d{8}-\d{6}$")


def test_a_pasted_note_yields_the_items_its_request_line_names() -> None:
    note = "SYNTHETIC note: low back pain, 7/10.\nRequest: Norco 10/325 #90 and MRI lumbar spine\n"
    intake = case_from_text(note)
    assert [item.title for item in intake.items] == ["Norco 10/325 #90", "MRI lumbar spine"]
    assert "2 requested item(s)" in intake.note
    assert NEW_NUMBER.match(intake.case_number)


def test_a_letter_without_a_case_number_line_is_not_numbered_by_its_file_name() -> None:
    text = re.sub(r"(?m)^IMR Case Number:.*\n", "", LETTER.read_text(encoding="utf-8"))
    uploaded = case_from_upload("001_e47d4df8861c58b9.txt", text.encode())
    pasted = case_from_text(text)
    assert uploaded.items and pasted.items
    assert NEW_NUMBER.match(uploaded.case_number)
    assert NEW_NUMBER.match(pasted.case_number)
    assert case_from_text(LETTER.read_text(encoding="utf-8")).case_number == "SYN-2015-0001"


def test_records_uploaded_are_read_and_kept_in_the_store(bundles: Bundles, tmp_path: Path) -> None:
    path, expected = bundles[4]
    intake = case_from_upload(path.name, path.read_bytes())
    assert intake.case_number == expected["case_id"]
    disputed = [item for item in expected["items"] if item["ur_decision"] != "certified"]
    assert [(item.title, item.ur_decision) for item in intake.items] == [
        (item["title"], item["ur_decision"]) for item in disputed
    ]
    assert intake.records is not None
    assert "has no text layer" in intake.note
    store = ReviewStore(tmp_path / "review.sqlite3")
    case_id = start_case(store, intake, "Dr. A")
    assert store.records(case_id) == intake.records
    assert store.records(store.create_case("SYN-2", "Summary.", [], "Dr. A")) is None
    store.purge_case(case_id)
    assert store.records(case_id) is None
