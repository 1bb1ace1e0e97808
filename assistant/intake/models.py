"""What intake reads from the records, before it becomes a case file."""

from __future__ import annotations

import datetime as dt
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.case import CaseDocument, DocumentType, SummarySentence, UrDecision
from assistant.llm.usage import Usage


class Page(BaseModel):
    """One page of the records: its number across all files, its file and its text."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    source: str
    text: str


class Document(BaseModel):
    """A document found in the records, with the clean lines of each of its pages."""

    model_config = ConfigDict(frozen=True)

    type: DocumentType
    title: str
    date: dt.date | None = None
    date_text: str | None = None
    author: str | None = None
    pages: list[int] = Field(min_length=1)
    lines: dict[int, list[str]] = Field(default_factory=dict)

    def entry(self) -> CaseDocument:
        return CaseDocument(type=self.type, date=self.date, author=self.author, pages=self.pages)


class UrItem(BaseModel):
    """One item as utilization review wrote it, with its decision and the guideline it cited."""

    model_config = ConfigDict(frozen=True)

    title: str
    decision: UrDecision | None = None
    guideline: str | None = None
    pages: list[int] = Field(default_factory=list)


class IntakeResult(BaseModel):
    """Everything intake read from one case file."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    ur_date: date | None = None
    ur_date_text: str | None = None
    items: list[UrItem] = Field(default_factory=list)
    documents: list[Document] = Field(default_factory=list)
    summary: list[SummarySentence] = Field(default_factory=list)
    summary_source: Literal["extractive", "model"] = "extractive"
    summary_usage: Usage | None = Field(
        default=None,
        description="What the chat model's case summary cost: its calls, tokens and dollars "
        "(None when no model was asked).",
    )
    summary_dropped: int = Field(
        default=0, ge=0, description="Model-written sentences dropped as not backed by their pages."
    )
    pages: list[Page] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @property
    def disputed(self) -> list[UrItem]:
        """The items in dispute: all but those UR certified."""
        return [item for item in self.items if item.decision != "certified"]
