"""A new case from what the reviewer gives: an uploaded case JSON, a .txt or .pdf letter, or
pasted text. Every failure is an InputError naming the file and what is wrong, including input
over the size caps of `LimitsSettings` (the defaults when none are given).

A case JSON made from the records also brings its summary sentences, documents and pages
(`assistant.review.records`); they are kept with the case when it is started."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.drafting.case import Case, CaseItem, case_from_json, case_from_letter
from assistant.errors import InputError, LetterParseError
from assistant.letters.parser import parse_letter
from assistant.letters.reader import letter_from_bytes
from assistant.limits import check_bytes, check_chars
from assistant.review.records import RECORD_KEYS, CaseRecords, records_from_json
from assistant.review.store import ReviewStore
from assistant.settings import LimitsSettings

PASTED = Path("pasted text")
SUFFIXES = (".json", ".txt", ".pdf")
RECORD_ITEM_KEYS = ("ur_decision", "ur_date")
"""Item keys a case made from the records has that the review store does not keep."""


class IntakeCase(BaseModel):
    """The case number, summary and items found in the input, before the reviewer edits them."""

    model_config = ConfigDict(frozen=True)

    case_number: str
    summary: str
    items: list[CaseItem]
    note: str = ""
    records: CaseRecords | None = None


def _new_number() -> str:
    return "CASE-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def case_from_upload(name: str, data: bytes, limits: LimitsSettings | None = None) -> IntakeCase:
    """Read an uploaded file by its extension."""
    caps = limits or LimitsSettings()
    path = Path(name)
    check_bytes(len(data), caps.max_upload_bytes, path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix or '(no extension)'!r}: upload a .json case file, "
            "a .txt letter or a .pdf letter with a text layer",
            path,
        )
    if suffix == ".json":
        if not data.strip():
            raise InputError("file is empty", path)
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(f"not valid UTF-8 (byte offset {exc.start})", path) from None
        return _from_case_json(text, path)
    case = case_from_letter(letter_from_bytes(data, path, caps))
    return IntakeCase(
        case_number=case.case_id, summary=case.clinical_summary, items=list(case.items)
    )


def case_from_text(text: str, limits: LimitsSettings | None = None) -> IntakeCase:
    """Pasted text: a case JSON, a letter, or else the case summary itself (items added later)."""
    caps = limits or LimitsSettings()
    check_chars(len(text), caps.max_pasted_chars, PASTED)
    stripped = text.strip()
    if not stripped:
        raise InputError("nothing was pasted", PASTED)
    if stripped.startswith("{"):
        return _from_case_json(stripped, PASTED)
    try:
        case = case_from_letter(parse_letter(stripped, source_file=str(PASTED)))
    except LetterParseError:
        return IntakeCase(
            case_number=_new_number(),
            summary=stripped,
            items=[],
            note="No letter headings were found, so the text is the case summary; add the "
            "disputed items below.",
        )
    return IntakeCase(
        case_number=case.case_id, summary=case.clinical_summary, items=list(case.items)
    )


def _from_case_json(text: str, path: Path) -> IntakeCase:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or not any(key in data for key in RECORD_KEYS):
        case = case_from_json(text, path)  # every check of the case reader, errors included
        return IntakeCase(
            case_number=case.case_id, summary=case.clinical_summary, items=list(case.items)
        )
    return intake_from_json(data, path)


def intake_from_json(data: dict[str, Any], path: Path | str = "case JSON") -> IntakeCase:
    """The case of a case JSON, with its records when it has them."""
    records = records_from_json(data, path)
    rest = {key: value for key, value in data.items() if key not in RECORD_KEYS}
    if isinstance(rest.get("items"), list):
        rest["items"] = [_stored_item_keys(item) for item in rest["items"]]
    case: Case = case_from_json(json.dumps(rest), Path(path))
    return IntakeCase(
        case_number=case.case_id,
        summary=case.clinical_summary,
        items=list(case.items),
        records=records,
    )


def _stored_item_keys(item: object) -> object:
    if not isinstance(item, dict):
        return item
    return {
        key: value
        for key, value in item.items()
        if key not in RECORD_ITEM_KEYS or key in CaseItem.model_fields
    }


def start_case(store: ReviewStore, intake: IntakeCase, reviewer: str) -> int:
    """Save the case, and its records when it has them; its store id."""
    case_id = store.create_case(intake.case_number, intake.summary, intake.items, reviewer)
    if intake.records is not None:
        store.save_records(case_id, intake.records, reviewer)
    return case_id


def start_case_with_records(
    store: ReviewStore, intake_case_json: dict[str, Any], reviewer: str
) -> int:
    """Save a case JSON made from the records (its items, summary and records); its store id."""
    return start_case(store, intake_from_json(intake_case_json), reviewer)
