"""What case intake reads from the records and what it makes of them."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class DocumentType(StrEnum):
    """The kinds of document a case file holds."""

    IMR_APPLICATION = "IMR application"
    UR_DETERMINATION = "UR determination"
    RFA = "RFA"
    PROGRESS_REPORT = "PR-2"
    CONSULTATION = "consultation"
    IMAGING = "imaging"
    OPERATIVE_REPORT = "operative report"
    OTHER = "other"


class UrDecision(StrEnum):
    """What utilization review decided on a requested item."""

    NON_CERTIFIED = "non-certified"
    MODIFIED = "modified"
    CERTIFIED = "certified"


class Page(BaseModel):
    """One page of the records, numbered across every file in the order given."""

    model_config = ConfigDict(frozen=True)

    number: int = Field(ge=1)
    source: str = Field(description="The file the page came from.")
    text: str = Field(description="The page's text layer; empty when it has none.")

    @property
    def has_text(self) -> bool:
        return bool(self.text.strip())


class RecordDocument(BaseModel):
    """One document of the records, as its title line and first lines describe it."""

    model_config = ConfigDict(frozen=True)

    type: DocumentType
    title: str
    date: dt.date | None = None
    author: str | None = None
    pages: list[int] = Field(min_length=1)

    @property
    def first_page(self) -> int:
        return self.pages[0]

    @property
    def last_page(self) -> int:
        return self.pages[-1]


class RequestedItem(BaseModel):
    """One item utilization review decided on, as it wrote it."""

    model_config = ConfigDict(frozen=True)

    title: str = Field(min_length=1)
    ur_decision: UrDecision | None = None
    ur_date: dt.date | None = None
    guideline: str | None = None
    pages: list[int] = Field(default_factory=list)

    @property
    def disputed(self) -> bool:
        """Whether the item can go to independent medical review (UR did not certify it)."""
        return self.ur_decision is not UrDecision.CERTIFIED


class SummarySentence(BaseModel):
    """A sentence of the case summary and the pages that hold its facts."""

    model_config = ConfigDict(frozen=True)

    text: str = Field(min_length=1)
    pages: list[int] = Field(min_length=1)


class IntakeResult(BaseModel):
    """Everything read from a case's records."""

    model_config = ConfigDict(frozen=True)

    case_id: str
    pages: list[Page]
    documents: list[RecordDocument]
    requested: list[RequestedItem] = Field(
        description="Every item UR decided on (or, without a UR determination, those the IMR "
        "application lists)."
    )
    ur_date: dt.date | None = None
    summary: list[SummarySentence]
    warnings: list[str] = Field(default_factory=list)

    @property
    def has_ur(self) -> bool:
        """Whether the records hold a utilization review determination."""
        return any(d.type is DocumentType.UR_DETERMINATION for d in self.documents)

    @property
    def disputed(self) -> list[RequestedItem]:
        """The items the case is about: those UR did not certify."""
        return [item for item in self.requested if item.disputed]
