"""The case a reviewer drafts from: the clinical case summary and the disputed items.

A case file is JSON with exactly this shape (any other key is rejected)::

    {
      "case_id": "SYN-CASE-0001",
      "decision_date": "2016-12-09",
      "clinical_summary": "The injured worker is a 52-year-old ...",
      "items": [
        {
          "title": "MRI of the lumbar spine without contrast",
          "decision": "Upheld",
          "claims_administrator_guideline": "Decision based on MTUS ACOEM Chapter 12 ..."
        },
        {"title": "Physical therapy, 12 sessions for the low back"}
      ]
    }

`imr intake` writes the same shape with what it read from the records besides::

    {
      "items": [{"title": "...", "ur_decision": "non-certified", "ur_date": "2016-03-14",
                 "claims_administrator_guideline": "..."}],
      "summary_sentences": [{"text": "The injured worker is a 47-year-old ...", "pages": [12]}],
      "documents": [{"type": "progress_report", "date": "2016-02-01",
                     "author": "Dr. ...", "pages": [12, 13]}],
      "pages": {"1": "page text", "2": "..."}
    }

- ``case_id``: letters, digits, ``-``, ``_`` and ``.`` only.
- ``decision_date``, ``ur_date`` (optional): ISO dates (``YYYY-MM-DD``); the first known one
  sets the era of the drafted guideline line (pages before 2016, sections from 2016).
- ``clinical_summary``: the case summary as the reviewer wrote it; must not be blank.
- ``items``: at least one; titles are whitespace-normalised and must be unique, ignoring case.
- ``decision`` (optional): "Upheld" or "Overturned", in any case, when the reviewer has decided.
- ``claims_administrator_guideline`` (optional): the guideline line utilization review cited.
- ``ur_decision`` (optional): what utilization review decided: "non-certified", "modified" or
  "certified"; ``ur_date`` (optional, on an item): the date of that decision.
- ``summary_sentences`` (optional): the case summary sentence by sentence, each with the record
  pages it was read from; ``documents`` (optional): the documents of the records, one per entry
  (``type``, ``date``, ``author``, ``pages``); ``pages`` (optional): record page number -> text.

A determination letter (.txt or .pdf) can stand in for a case file: its dates, summary, item
titles, decisions and claims administrator lines are kept; its rationales and MAXIMUS guideline
lines are dropped, since those are what gets drafted.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from datetime import date
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails, PydanticCustomError

from assistant.errors import InputError
from assistant.files import read_input_text
from assistant.letters.models import Decision, Letter
from assistant.letters.reader import read_letter
from assistant.letters.refs import normalize_space
from assistant.settings import LimitsSettings

CASE_ID_PATTERN = r"^[A-Za-z0-9._-]+$"
JSON_SUFFIXES = frozenset({".json"})
LETTER_SUFFIXES = frozenset({".txt", ".pdf"})

_DISALLOWED_ID_CHARACTERS = re.compile(r"[^A-Za-z0-9._-]+")
_DECISIONS = {decision.value.casefold(): decision for decision in Decision}


def _not_empty() -> PydanticCustomError:
    return PydanticCustomError("empty", "must not be empty")


UrDecision = Literal["non-certified", "modified", "certified"]
DocumentType = Literal[
    "imr_application",
    "ur_determination",
    "rfa",
    "progress_report",
    "consultation",
    "imaging",
    "operative_report",
    "other",
]


class SummarySentence(BaseModel):
    """One sentence of the case summary and the record pages that hold its facts."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    text: str = Field(min_length=1)
    pages: list[int] = Field(default_factory=list, description="Record page numbers, from 1.")

    @field_validator("text")
    @classmethod
    def _collapsed(cls, value: str) -> str:
        text = " ".join(value.split())
        if not text:
            raise _not_empty()
        return text

    @field_validator("pages")
    @classmethod
    def _from_one(cls, pages: list[int]) -> list[int]:
        for page in pages:
            if page < 1:
                raise PydanticCustomError(
                    "page", "page numbers start at 1, not {page}", {"page": page}
                )
        return pages


class CaseDocument(BaseModel):
    """One document of the records: its type, date, author and pages."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: DocumentType = "other"
    date: dt.date | None = None
    author: str | None = None
    pages: list[int] = Field(min_length=1, description="Record page numbers, from 1.")


class CaseItem(BaseModel):
    """One disputed item or service, as the reviewer has it before the rationale is written."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(
        min_length=1,
        description="The item or service as requested; whitespace is collapsed.",
        examples=["MRI of the lumbar spine without contrast"],
    )
    decision: Decision | None = Field(
        default=None,
        description='"Upheld" or "Overturned" (any case) once the reviewer has decided.',
    )
    claims_administrator_guideline: str | None = Field(
        default=None,
        description="The guideline line utilization review cited, if known.",
        examples=["Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304."],
    )
    ur_decision: UrDecision | None = Field(
        default=None, description="What utilization review decided on this item, if known."
    )
    ur_date: date | None = Field(
        default=None, description="The date of utilization review's decision (YYYY-MM-DD)."
    )

    @field_validator("title")
    @classmethod
    def _title_not_blank(cls, value: str) -> str:
        title = normalize_space(value)
        if not title:
            raise _not_empty()
        return title

    @field_validator("decision", mode="before")
    @classmethod
    def _decision_any_case(cls, value: Any) -> Any:
        if isinstance(value, str) and not isinstance(value, Decision):
            decision = _DECISIONS.get(value.strip().casefold())
            if decision is None:
                raise PydanticCustomError(
                    "decision",
                    'must be "Upheld" or "Overturned" (any case), not {value}',
                    {"value": json.dumps(value, ensure_ascii=False)},
                )
            return decision
        return value

    @field_validator("claims_administrator_guideline")
    @classmethod
    def _guideline_or_none(cls, value: str | None) -> str | None:
        if value is None:
            return None
        return normalize_space(value) or None


class Case(BaseModel):
    """A case to draft: its id, clinical case summary and disputed items."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    case_id: str = Field(
        min_length=1,
        pattern=CASE_ID_PATTERN,
        description="Letters, digits, '-', '_' and '.' only.",
        examples=["SYN-CASE-0001"],
    )
    clinical_summary: str = Field(
        min_length=1,
        description="The clinical case summary; leading and trailing whitespace is trimmed.",
    )
    decision_date: date | None = Field(
        default=None, description="The IMR decision date, if known (YYYY-MM-DD)."
    )
    ur_date: date | None = Field(
        default=None, description="The utilization review decision date, if known (YYYY-MM-DD)."
    )
    items: list[CaseItem] = Field(
        min_length=1,
        description="The disputed items; titles must be unique, ignoring case.",
    )
    summary_sentences: list[SummarySentence] = Field(
        default_factory=list, description="The summary sentence by sentence, with record pages."
    )
    documents: list[CaseDocument] = Field(
        default_factory=list, description="The documents of the records, one per entry."
    )
    pages: dict[int, str] = Field(
        default_factory=dict, description="Record page number -> the page's text."
    )

    @property
    def citation_date(self) -> date | None:
        """The date that sets the era of the guideline line: the decision date, else UR's."""
        return self.decision_date or self.ur_date

    @field_validator("clinical_summary")
    @classmethod
    def _summary_not_blank(cls, value: str) -> str:
        summary = value.strip()
        if not summary:
            raise _not_empty()
        return summary

    @field_validator("items")
    @classmethod
    def _titles_unique(cls, items: list[CaseItem]) -> list[CaseItem]:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            key = item.title.casefold()
            if key in seen:
                raise PydanticCustomError(
                    "duplicate_title",
                    "repeats items[{first}].title {title} (titles must be unique, ignoring case)",
                    {
                        "index": index,
                        "first": seen[key],
                        "title": json.dumps(item.title, ensure_ascii=False),
                    },
                )
            seen[key] = index
        return items


def _location(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


_CASE_KEYS = (
    "case_id, decision_date, ur_date, clinical_summary, items, summary_sentences, documents, pages"
)
_ITEM_KEYS = "title, decision, claims_administrator_guideline, ur_decision, ur_date"
_MESSAGES = {
    "missing": "is required",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "model_type": "must be an object",
    "model_attributes_type": "must be an object",
    "string_pattern_mismatch": "must contain only letters, digits, '-', '_' and '.'",
    "enum": 'must be "Upheld" or "Overturned" (any case)',
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
}


def _describe(error: ErrorDetails) -> str:
    """One error as `field: what is wrong`."""
    loc = error["loc"]
    kind = error["type"]
    if kind == "duplicate_title":
        loc = (*loc, error.get("ctx", {})["index"], "title")
    if kind == "too_short":
        message = (
            "must list at least one disputed item" if loc == ("items",) else "must not be empty"
        )
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "extra_forbidden":
        allowed = {1: _CASE_KEYS}.get(len(loc), _ITEM_KEYS if loc[0] == "items" else "")
        message = f"unknown field (allowed: {allowed})" if allowed else "unknown field"
    else:
        message = _MESSAGES.get(kind, error["msg"])
    where = _location(loc)
    return f"{where}: {message}" if where else message


def validation_message(error: ValidationError) -> str:
    """A pydantic validation error as one line: the first problem, and how many more there are."""
    errors = error.errors(include_url=False)
    first = _describe(errors[0])
    more = len(errors) - 1
    return f"{first} (and {more} more problem{'s' if more > 1 else ''})" if more else first


def case_id_from(letter_id: str) -> str:
    """A letter id made usable as a case id: disallowed characters become '-'."""
    return _DISALLOWED_ID_CHARACTERS.sub("-", letter_id).strip("-") or "letter"


def case_from_letter(letter: Letter) -> Case:
    """The case behind a determination letter, without its rationales and MAXIMUS lines.

    Raises InputError (naming the letter's source file) when the letter's items cannot form a
    case, for example two items with the same title.
    """
    try:
        return Case(
            case_id=case_id_from(letter.letter_id),
            clinical_summary=letter.clinical_summary,
            decision_date=letter.decision_date,
            ur_date=letter.ur_date,
            items=[
                CaseItem(
                    title=item.title,
                    decision=item.decision,
                    claims_administrator_guideline=item.claims_administrator_guideline or None,
                )
                for item in letter.items
            ],
        )
    except ValidationError as exc:
        raise InputError(validation_message(exc), letter.source_file) from None


def _no_duplicate_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise ValueError(f"duplicate key {key!r} in a JSON object")
        result[key] = value
    return result


def case_from_json(text: str, path: Path) -> Case:
    """Parse and validate a case file's text; path names the file in errors."""
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicate_keys)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}", path
        ) from None
    except ValueError as exc:
        raise InputError(f"invalid case file: {exc}", path) from None
    except RecursionError:
        raise InputError("invalid JSON: nested too deeply", path) from None
    if not isinstance(data, dict):
        raise InputError(
            "a case file must be a JSON object with case_id, clinical_summary and items", path
        )
    try:
        return Case.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_message(exc), path) from None


def _read_json_text(path: Path, max_bytes: int) -> str:
    text = read_input_text(path, max_bytes=max_bytes)
    if not text.strip():
        raise InputError("file is empty", path)
    return text


def read_case(path: Path, limits: LimitsSettings | None = None) -> Case:
    """Read a case from a .json case file, or from a .txt/.pdf determination letter.

    Raises InputError naming the file and what is wrong with it (a file over a cap of `limits`,
    the defaults when not given); a letter that cannot be parsed raises LetterParseError.
    """
    caps = limits or LimitsSettings()
    suffix = path.suffix.lower()
    if suffix in JSON_SUFFIXES:
        return case_from_json(_read_json_text(path, caps.max_upload_bytes), path)
    if suffix in LETTER_SUFFIXES:
        return case_from_letter(read_letter(path, caps))
    raise InputError(
        f"unsupported file type {path.suffix or '(no extension)'!r}: "
        "expected a .json case file or a .txt/.pdf letter",
        path,
    )
