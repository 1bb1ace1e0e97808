"""What a case file read from its records holds besides the items: the draft case summary sentence
by sentence with the pages each came from, the documents reviewed, and the text of every page.

A case JSON made from the records carries them under three keys::

    "summary_sentences": [{"text": "An MRI on 2015-03-02 showed ...", "pages": [41]}],
    "documents": [{"type": "Imaging report", "date": "2015-03-02", "author": "...", "pages": [41]}],
    "pages": {"41": "MRI LUMBAR SPINE ... IMPRESSION: ..."}

Other keys of the case file are left to the case reader.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic_core import ErrorDetails

from assistant.drafting.case import SummarySentence
from assistant.errors import InputError
from assistant.intake.reviewed import document_line
from assistant.text import split_sentences

RECORD_KEYS = ("summary_sentences", "documents", "pages")
PageNumber = int


class RecordDocument(BaseModel):
    """One document of the records: its type, date and author where stated, and its pages."""

    model_config = ConfigDict(frozen=True)

    type: str = Field(min_length=1)
    date: dt.date | None = None
    author: str | None = None
    pages: list[PageNumber] = Field(default_factory=list)

    @field_validator("pages")
    @classmethod
    def _positive(cls, pages: list[int]) -> list[int]:
        return _page_numbers(pages)

    def line(self) -> str:
        """The document as one line of the documents reviewed (as `imr intake` lists it)."""
        return document_line(self.type, self.author, self.date, self.pages)


class CaseRecords(BaseModel):
    """The summary sentences, documents and page texts kept with a case."""

    model_config = ConfigDict(frozen=True)

    summary_sentences: list[SummarySentence] = Field(default_factory=list)
    documents: list[RecordDocument] = Field(default_factory=list)
    pages: dict[PageNumber, str] = Field(default_factory=dict)

    @field_validator("pages")
    @classmethod
    def _numbered(cls, pages: dict[int, str]) -> dict[int, str]:
        _page_numbers(list(pages))
        return dict(sorted(pages.items()))


def _page_numbers(pages: list[int]) -> list[int]:
    for page in pages:
        if page < 1:
            raise ValueError(f"page numbers start at 1, not {page}")
    return pages


_MESSAGES = {
    "missing": "is required",
    "string_type": "must be a string",
    "list_type": "must be a list",
    "dict_type": "must be an object of page number to page text",
    "int_type": "must be a page number",
    "int_parsing": "must be a page number",
    "int_from_float": "must be a whole page number",
    "date_from_datetime_parsing": "must be a date (YYYY-MM-DD)",
    "date_from_datetime_inexact": "must be a date (YYYY-MM-DD)",
    "date_parsing": "must be a date (YYYY-MM-DD)",
    "date_type": "must be a date (YYYY-MM-DD)",
    "string_too_short": "must not be empty",
    "model_type": "must be an object",
}


def _where(loc: tuple[int | str, ...]) -> str:
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def _describe(error: ErrorDetails) -> str:
    loc = error["loc"]
    message = _MESSAGES.get(error["type"])
    if message is None:
        message = str(error["msg"]).removeprefix("Value error, ")
    return f"{_where(loc)}: {message}"


def records_from_json(data: dict[str, Any], path: Path | str | None = None) -> CaseRecords | None:
    """The records of a case JSON, or None when it has none of their keys.

    Raises InputError naming the field (and `path` when given) when one is malformed."""
    present = {key: data[key] for key in RECORD_KEYS if key in data}
    if not present:
        return None
    if "pages" in present and isinstance(present["pages"], dict):
        present["pages"] = {_page_key(key, path): text for key, text in present["pages"].items()}
    try:
        return CaseRecords.model_validate(present)
    except ValidationError as error:
        raise InputError(_describe(error.errors(include_url=False)[0]), path) from None


def _page_key(key: object, path: Path | str | None) -> object:
    if isinstance(key, str) and key.strip().isdigit():
        return int(key)
    if isinstance(key, int):
        return key
    raise InputError(f"pages: key {key!r} is not a page number", path)


class LinkedSentence(BaseModel):
    """A sentence of the summary as it stands and the pages it links to (none when the reviewer
    changed or added it)."""

    model_config = ConfigDict(frozen=True)

    text: str
    pages: list[PageNumber]


def linked_sentences(summary: str, sentences: list[SummarySentence]) -> list[LinkedSentence]:
    """The summary sentence by sentence: each sentence of the records still found unchanged, in
    order, keeps its pages; the text around them (changed or new sentences) has no link."""
    text = " ".join(summary.split())
    linked: list[LinkedSentence] = []
    cursor = 0
    for sentence in sentences:
        found = text.find(sentence.text, cursor)
        if found < 0:
            continue
        linked.extend(_unlinked(text[cursor:found]))
        linked.append(LinkedSentence(text=sentence.text, pages=list(sentence.pages)))
        cursor = found + len(sentence.text)
    linked.extend(_unlinked(text[cursor:]))
    return linked


def _unlinked(text: str) -> list[LinkedSentence]:
    return [LinkedSentence(text=piece, pages=[]) for piece in split_sentences(text)]


_FIGURE = re.compile(r"\d+(?:[./:-]\d+)*")


def figures(sentence: str) -> list[str]:
    """The numbers, dates and doses a sentence states, longest first (so "2015-03-02" is
    highlighted whole, not as "2015")."""
    return sorted(set(_FIGURE.findall(sentence)), key=lambda figure: (-len(figure), figure))
