"""A new case from what the reviewer gives: an uploaded case JSON, a .txt or .pdf letter, a PDF or
text bundle of the case's records, or pasted text. Every failure is an InputError naming the file
and what is wrong, including input over the size caps of `LimitsSettings` (the defaults when none
are given).

The case number is the one the letter's (or the records') own header states; a letter without
one gets a new dated number, never its file name or "pasted text".

A case JSON made from the records (or records read here) also brings its summary sentences,
documents and pages (`assistant.review.records`); they are kept with the case when it is started."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict

from assistant.drafting.case import Case, CaseItem, case_from_json, case_from_letter
from assistant.errors import InputError, LetterParseError
from assistant.intake.case_json import case_data
from assistant.intake.models import IntakeResult, Page
from assistant.intake.pages import file_pages
from assistant.intake.reader import intake_pages
from assistant.letters.parser import parse_letter
from assistant.letters.reader import letter_text
from assistant.limits import check_bytes, check_chars, check_pages
from assistant.review.export import LETTER_DETAILS, LetterDetails
from assistant.review.records import RECORD_KEYS, CaseRecords, records_from_json
from assistant.review.store import ReviewStore
from assistant.settings import LimitsSettings

PASTED = Path("pasted text")
SUFFIXES = (".json", ".txt", ".pdf")
HEADER_LINES = 40
_SUMMARY_HEADING = re.compile(r"^\s*CLINICAL CASE SUMMARY", re.I | re.M)
_CASE_NUMBER = re.compile(
    r"\b(?:IMR\s+)?Case\s+(?:Number|No\.?|#)\s*:?\s*(?P<number>[A-Z]{0,4}\d[A-Za-z0-9._-]{3,})",
    re.I,
)
_REQUEST_LINE = re.compile(
    r"^\s*(?:requests?|requested(?: treatments?| items?| services?)?|"
    r"disputed (?:treatments?|items?|services?))\s*:\s*(?P<items>.*)$",
    re.I | re.M,
)
_LISTED = re.compile(r"^\s*(?:\d+[.)]|[-•*])\s+(?P<title>.+)$")
_SEPARATOR = re.compile(r"\s*(?:;|\band\b|\+)\s*", re.I)


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


def _new_number() -> str:
    return "CASE-" + datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def header_case_number(text: str) -> str | None:
    """The case number a letter's header states (before its clinical case summary), if any."""
    summary = _SUMMARY_HEADING.search(text)
    header = text[: summary.start()] if summary else "\n".join(text.splitlines()[:HEADER_LINES])
    found = _CASE_NUMBER.search(header)
    return found.group("number") if found else None


def _from_case(case: Case, note: str = "") -> IntakeCase:
    return IntakeCase(
        case_number=case.case_id, summary=case.clinical_summary, items=list(case.items), note=note
    )


def _letter_case(text: str, path: Path) -> IntakeCase:
    """The case of a determination letter; raises LetterParseError when it is not one."""
    number = header_case_number(text)
    letter = parse_letter(text, source_file=str(path), letter_id=number or _new_number())
    note = (
        ""
        if number
        else "The letter's header states no case number, so the case has a new dated number."
    )
    details = LetterDetails(
        specialty=letter.reviewer.specialty or "",
        licensure=letter.reviewer.licensure,
        decision_date=letter.decision_date,
    )
    found = details if details != LetterDetails() else None
    return _from_case(case_from_letter(letter), note).model_copy(update={"details": found})


def _sentence(text: str) -> str:
    return f"{text[:1].upper()}{text[1:]}." if text else ""


def _records_case(result: IntakeResult, summary: str = "") -> IntakeCase:
    items = [
        CaseItem(
            title=item.title,
            claims_administrator_guideline=item.guideline,
            ur_decision=item.ur_decision,
            ur_date=item.ur_date,
        )
        for item in result.disputed
    ]
    notes = list(result.warnings)
    if not items and not notes:
        notes.append("no disputed item was found in the records; add the disputed items below")
    text = summary or " ".join(sentence.text for sentence in result.summary)
    return IntakeCase(
        case_number=result.case_id,
        summary=text or "No case summary could be read from the records; write it here.",
        items=items,
        note=_sentence("; ".join(notes)),
        records=records_from_json(case_data(result)),
    )


def _records_from_pages(texts: list[str], path: Path) -> IntakeResult:
    pages = [
        Page(number=number, source=str(path), text=text)
        for number, text in enumerate(texts, start=1)
    ]
    return intake_pages(pages, _new_number())


def case_from_upload(name: str, data: bytes, limits: LimitsSettings | None = None) -> IntakeCase:
    """Read an uploaded file by its extension: a case JSON, a determination letter, or a case's
    records (a PDF or text bundle of the IMR application, UR determination, reports)."""
    caps = limits or LimitsSettings()
    path = Path(name)
    check_bytes(len(data), caps.max_upload_bytes, path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise InputError(
            f"unsupported file type {suffix or '(no extension)'!r}: upload a .json case file, "
            "or a .txt or .pdf letter or case records with a text layer",
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
    if suffix == ".pdf":
        texts = file_pages(data, path, caps.max_bundle_pages)
        try:
            letter = _letter_case("\n".join(texts), path)
        except LetterParseError:
            return _records_case(_records_from_pages(texts, path))
        check_pages(len(texts), caps.max_pdf_pages, path)
        return letter
    text = letter_text(data, path, caps)
    try:
        return _letter_case(text, path)
    except LetterParseError:
        return _records_case(_records_from_pages(text.split("\f"), path))


def requested_items(text: str) -> list[CaseItem]:
    """The items a clinical note names on its request line ("Request: Norco 10/325 #90 and MRI
    lumbar spine") or lists under it, in order, without repeats."""
    titles: list[str] = []
    lines = text.splitlines()
    for index, line in enumerate(lines):
        found = _REQUEST_LINE.match(line)
        if found is None:
            continue
        titles += [part for part in _SEPARATOR.split(found.group("items").strip(" .")) if part]
        for following in lines[index + 1 :]:
            listed = _LISTED.match(following)
            if listed is None:
                break
            titles.append(listed.group("title").strip(" ."))
    unique: dict[str, str] = {}
    for title in titles:
        unique.setdefault(" ".join(title.split()).casefold(), title)
    return [CaseItem(title=title) for title in unique.values()]


def case_from_text(text: str, limits: LimitsSettings | None = None) -> IntakeCase:
    """Pasted text: a case JSON, a letter, a UR determination or other records, or else a
    clinical note that is the case summary, with the items its request line names."""
    caps = limits or LimitsSettings()
    check_chars(len(text), caps.max_pasted_chars, PASTED)
    stripped = text.strip()
    if not stripped:
        raise InputError("nothing was pasted", PASTED)
    if stripped.startswith("{"):
        return _from_case_json(stripped, PASTED)
    try:
        return _letter_case(stripped, PASTED)
    except LetterParseError:
        pass
    records = _records_from_pages([stripped], PASTED)
    if records.has_ur and records.disputed:
        return _records_case(records, summary=stripped)
    items = requested_items(stripped)
    note = (
        f"No letter headings were found, so the text is the case summary; the disputed items "
        f"were read from its request line ({len(items)}): check them below."
        if items
        else "No letter headings were found, so the text is the case summary; add the "
        "disputed items below."
    )
    return IntakeCase(
        case_number=header_case_number(stripped) or _new_number(),
        summary=stripped,
        items=items,
        note=note,
    )


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
    """Save the case, and its records when it has them; its store id."""
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
