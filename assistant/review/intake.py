"""A new case from what the reviewer gives: an uploaded case JSON, a .txt or .pdf letter, or
pasted text. Every failure is an InputError naming the file and what is wrong, including input
over the size caps of `LimitsSettings` (the defaults when none are given)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from assistant.drafting.case import CaseItem, case_from_json, case_from_letter
from assistant.errors import InputError, LetterParseError
from assistant.letters.parser import parse_letter
from assistant.letters.reader import letter_from_bytes
from assistant.limits import check_bytes, check_chars
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
        case = case_from_json(text, path)
    else:
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
        case = case_from_json(stripped, PASTED)
        return IntakeCase(
            case_number=case.case_id, summary=case.clinical_summary, items=list(case.items)
        )
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
