"""A new case from what the reviewer gives: an uploaded case JSON, a .txt or .pdf letter, or
pasted text, or a case's records (a PDF or text bundle: IMR application, UR determination,
reports). Every failure is an InputError naming the file and what is wrong, including input over
the size caps of `LimitsSettings` (the defaults when none are given).

A case read from its records (or a case JSON made from them) brings its summary sentences,
documents and pages (`assistant.review.records`); a letter brings its expert reviewer's
credentials and decision date. Both are kept with the case when it is started."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.drafting.case import Case, CaseItem, case_from_json, case_from_letter
from assistant.errors import InputError, LetterParseError
from assistant.intake.build import intake_pages, stated_case_number
from assistant.intake.models import IntakeResult, Page
from assistant.intake.pages import pages_of
from assistant.intake.requests import requested_items
from assistant.letters.parser import parse_letter
from assistant.limits import check_bytes, check_chars
from assistant.review.export import LETTER_DETAILS, LetterDetails
from assistant.review.records import (
    RECORD_KEYS,
    CaseRecords,
    RecordDocument,
    records_from_json,
)
from assistant.review.store import ReviewStore
from assistant.settings import LimitsSettings

PASTED = Path("pasted text")
SUFFIXES = (".json", ".txt", ".pdf")


class IntakeCase(BaseModel):
    """The case number, summary and items found in the input, before the reviewer edits them."""

    model_config = ConfigDict(frozen=True)

    case_number: str
    summary: str
    items: list[CaseItem]
    note: str = ""
    records: CaseRecords | None = None
    details: LetterDetails | None = None
    """The letter's own reviewer credentials and decision date, when a letter was read."""


_NO_NUMBER = "\x00no case number"
_RECORD_TYPES = frozenset({"ur_determination", "imr_application", "rfa", "progress_report"})


def _new_number() -> str:
    return "CASE-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def _from_case(case: Case) -> IntakeCase:
    return IntakeCase(
        case_number=case.case_id, summary=case.clinical_summary, items=list(case.items)
    )


def _from_letter(text: str, path: Path) -> IntakeCase:
    """A determination letter; its case number is the one its header states, else the records'
    case or claim number, else a new number (never the file's name)."""
    letter = parse_letter(text, source_file=str(path), letter_id=_NO_NUMBER)
    case = case_from_letter(letter.model_copy(update={"letter_id": "letter"}))
    number = letter.letter_id
    if number == _NO_NUMBER:
        number = stated_case_number([Page(number=1, source=str(path), text=text)]) or _new_number()
    details = LetterDetails(
        specialty=letter.reviewer.specialty or "",
        licensure=letter.reviewer.licensure,
        decision_date=letter.decision_date,
    )
    found = details if details != LetterDetails() else None
    return _from_case(case).model_copy(update={"case_number": number, "details": found})


def _from_records(result: IntakeResult) -> IntakeCase:
    notes = [f"Read {len(result.pages)} pages as {len(result.documents)} documents."]
    notes += [warning[0].upper() + warning[1:] + "." for warning in result.warnings]
    items = [
        CaseItem(
            title=item.title,
            ur_decision=item.decision,
            ur_date=result.ur_date,
            claims_administrator_guideline=item.guideline,
        )
        for item in result.disputed
    ]
    summary = " ".join(sentence.text for sentence in result.summary)
    return IntakeCase(
        case_number=stated_case_number(result.pages) or _new_number(),
        summary=summary or "No case summary could be drawn from the records; write it here.",
        items=items,
        note=" ".join(notes),
        records=CaseRecords(
            summary_sentences=result.summary,
            documents=[
                RecordDocument.model_validate(document.entry().model_dump())
                for document in result.documents
            ],
            pages={page.number: page.text for page in result.pages},
        ),
    )


Summarise = Callable[[IntakeResult], IntakeResult]
"""Rewrites an intake result's case summary (the configured chat model's writer); without one
the extractive summary stands."""


def _letter_or_records(
    pages: list[str], path: Path, summarise: Summarise | None = None
) -> IntakeCase:
    text = "\n".join(pages)
    try:
        return _from_letter(text, path)
    except LetterParseError:
        numbered = [
            Page(number=number, source=str(path), text=page) for number, page in enumerate(pages, 1)
        ]
        result = intake_pages(numbered, _NO_NUMBER)
        if not any(document.type in _RECORD_TYPES for document in result.documents):
            raise
        return _from_records(summarise(result) if summarise else result)


def case_from_upload(
    name: str,
    data: bytes,
    limits: LimitsSettings | None = None,
    summarise: Summarise | None = None,
) -> IntakeCase:
    """Read an uploaded file by its extension: a case JSON, a letter, or a case's records."""
    caps = limits or LimitsSettings()
    path = Path(name)
    check_bytes(len(data), caps.max_upload_bytes, path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix or '(no extension)'!r}: upload a .json case file, "
            "a .txt letter or a .pdf letter or case file with a text layer",
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
    return _letter_or_records(pages_of(data, path, caps), path, summarise)


def _clinical_note(text: str) -> IntakeCase:
    titles = requested_items(text)
    note = (
        f"No letter headings were found, so the text is the case summary; {len(titles)} "
        "requested item(s) were read from its request line. Check them below."
        if titles
        else "No letter headings were found, so the text is the case summary; add the "
        "disputed items below."
    )
    return IntakeCase(
        case_number=_new_number(),
        summary=text,
        items=[CaseItem(title=title) for title in titles],
        note=note,
    )


def case_from_text(
    text: str, limits: LimitsSettings | None = None, summarise: Summarise | None = None
) -> IntakeCase:
    """Pasted text: a case JSON, a letter, a case's records, or else a clinical note (the case
    summary, with the items its "Request:" lines name)."""
    caps = limits or LimitsSettings()
    check_chars(len(text), caps.max_pasted_chars, PASTED)
    stripped = text.strip()
    if not stripped:
        raise InputError("nothing was pasted", PASTED)
    if stripped.startswith("{"):
        return _from_case_json(stripped, PASTED)
    try:
        return _letter_or_records(stripped.split("\f"), PASTED, summarise)
    except LetterParseError:
        return _clinical_note(stripped)


def _from_case_json(text: str, path: Path) -> IntakeCase:
    try:
        data = json.loads(text)
    except (ValueError, RecursionError):
        data = None
    if not isinstance(data, dict) or not any(key in data for key in RECORD_KEYS):
        return _from_case(case_from_json(text, path))  # every check of the case reader
    return intake_from_json(data, path)


def intake_from_json(data: dict[str, Any], path: Path | str = "case JSON") -> IntakeCase:
    """The case of a case JSON, with its records when it has them."""
    records = records_from_json(data, path)
    rest = {key: value for key, value in data.items() if key not in RECORD_KEYS}
    case: Case = case_from_json(json.dumps(rest), Path(path))
    return _from_case(case).model_copy(update={"records": records})


def start_case(store: ReviewStore, intake: IntakeCase, reviewer: str) -> int:
    """Save the case, with its records and letter details when it has them; its store id."""
    case_id = store.create_case(intake.case_number, intake.summary, intake.items, reviewer)
    if intake.records is not None:
        store.save_records(case_id, intake.records, reviewer)
    if intake.details is not None:
        store.record(case_id, LETTER_DETAILS, reviewer, intake.details.model_dump_json())
    return case_id


def start_case_with_records(
    store: ReviewStore, intake_case_json: dict[str, Any], reviewer: str
) -> int:
    """Save a case JSON made from the records (its items, summary and records); its store id."""
    return start_case(store, intake_from_json(intake_case_json), reviewer)
