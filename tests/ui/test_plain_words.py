"""Plain words for a physician: the audit trail names items by their titles and actions in words,
and the settings are a table of plain sentences with the raw values behind Details."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from assistant.drafting.case import CaseItem
from assistant.review.export import LETTER_DETAILS, LetterDetails
from assistant.review.store import ReviewStore
from assistant.settings import LLMSettings, Settings
from assistant.ui.audit_view import audit_rows
from assistant.ui.settings_page import plain_settings
from tests.review.test_store import make_draft
from tests.ui.test_pages import page, settings_page


def test_audit_rows_name_items_by_title_and_say_what_was_done(tmp_path: Path) -> None:
    store = ReviewStore(tmp_path / "review.sqlite3")
    items = [CaseItem(title="MRI of the lumbar spine"), CaseItem(title="Norco 10/325 mg #90")]
    case_id = store.create_case("SYN-1", "Back pain.", items, "Dr. A")
    mri, norco = store.items(case_id)
    store.save_draft(mri.id, mri.version, "Dr. A", make_draft("MRI"), elapsed_ms=1.0)
    store.accept(mri.id, mri.version + 1, "Dr. A")
    store.save_draft(norco.id, norco.version, "Dr. A", make_draft("Norco"), elapsed_ms=1.0)
    store.remove_item(norco.id, norco.version + 1, "Dr. A")
    details = LetterDetails(specialty="Orthopedic Surgery", decision_date=date(2026, 3, 4))
    store.record(case_id, LETTER_DETAILS, "Dr. A", details.model_dump_json())
    store.record(case_id, "export", "Dr. A", "docx")

    rows = audit_rows(store.audit(case_id), store.items(case_id))
    shown = [(row["What"], row["Item"], row["Details"]) for row in rows]
    assert shown == [
        ("Opened the case", "the whole case", "2 disputed item(s)"),
        ("Drafted", "MRI of the lumbar spine", "version 1"),
        ("Accepted", "MRI of the lumbar spine", "version 1"),
        ("Drafted", "(a removed item)", "version 1"),
        ("Removed an item", "Norco 10/325 mg #90", ""),
        (
            "Set the letter details",
            "the whole case",
            "specialty Orthopedic Surgery; licensed in not given; decision date 03/04/2026",
        ),
        ("Downloaded the letter", "the whole case", "as a Word file"),
    ]
    assert all(row["Who"] == "Dr. A" for row in rows)


def test_settings_read_as_plain_sentences(tmp_path: Path) -> None:
    offline = {row["Setting"]: row["Value"] for row in plain_settings(Settings(), "open")}
    assert offline["Who drafts the rationales"] == "The offline model on this computer"
    assert offline["Case text sent off this computer"] == "No"
    assert offline["Largest file to upload"] == "10 MB"
    remote = Settings(llm=LLMSettings(base_url="http://127.0.0.1:9/v1", model="m1"))
    sent = {row["Setting"]: row["Value"] for row in plain_settings(remote, "users_file")}
    assert sent["Case text sent off this computer"].startswith("Yes, to http://127.0.0.1:9/v1")
    assert sent["Names, dates of birth and numbers replaced before sending"] == "Yes"


def test_the_settings_page_shows_a_table_and_keeps_raw_values_behind_details(
    app_env: ReviewStore,
) -> None:
    at = page(settings_page)
    assert not at.exception
    (table,) = at.table
    assert "Who drafts the rationales" in table.value["Setting"].tolist()
    (details,) = at.expander
    assert details.label.startswith("Details")
    assert len(details.json) == len(at.json) == 3
