"""Typed domain model of an IMR final determination letter."""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.letters.sources import GuidelineSource


class Decision(StrEnum):
    """The expert reviewer's finding on utilization review's decision."""

    UPHELD = "Upheld"
    OVERTURNED = "Overturned"


class GuidelineRef(BaseModel):
    """One citation parsed from a guideline line ("Decision based on ...").

    A page-style citation (2013-2015 letters) sets `pages`; a section-style one (2016 on) sets
    `edition`, the guideline's year as the letter gives it, and carries its cited sections in
    `topic`.
    """

    model_config = ConfigDict(frozen=True)

    source: GuidelineSource
    chapter: int | None = None
    chapter_title: str | None = None
    topic: str | None = None
    pages: list[int] = Field(default_factory=list)
    edition: int | None = None
    raw: str


class Reviewer(BaseModel):
    """The expert reviewer's credentials as the letter states them."""

    specialty: str | None = None
    licensure: list[str] = Field(default_factory=list)


class Item(BaseModel):
    """One disputed item/service and the reviewer's decision on it."""

    title: str
    decision: Decision
    claims_administrator_guideline: str = ""
    maximus_guideline: str = ""
    rationale: str
    claims_administrator_refs: list[GuidelineRef] = Field(default_factory=list)
    maximus_refs: list[GuidelineRef] = Field(default_factory=list)


class Letter(BaseModel):
    """A whole final determination letter."""

    letter_id: str
    source_file: str | None = None
    decision_date: date | None = None
    ur_date: date | None = None
    reviewer: Reviewer = Field(default_factory=Reviewer)
    clinical_summary: str
    items: list[Item]
