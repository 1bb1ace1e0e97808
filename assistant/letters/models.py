"""Typed domain model of an IMR final determination letter."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field


class Decision(StrEnum):
    """The expert reviewer's finding on utilization review's decision."""

    UPHELD = "Upheld"
    OVERTURNED = "Overturned"


class GuidelineSource(StrEnum):
    """Guideline families a determination can cite."""

    ACOEM = "MTUS ACOEM"
    CPMTG = "MTUS Chronic Pain Medical Treatment Guidelines"
    ACUPUNCTURE = "MTUS Acupuncture Medical Treatment Guidelines"
    POSTSURGICAL = "MTUS Postsurgical Treatment Guidelines"
    ODG = "Non-MTUS ODG"
    OTHER = "Other"

    @property
    def is_mtus(self) -> bool:
        return self in {
            GuidelineSource.ACOEM,
            GuidelineSource.CPMTG,
            GuidelineSource.ACUPUNCTURE,
            GuidelineSource.POSTSURGICAL,
        }


class GuidelineRef(BaseModel):
    """One citation parsed from a guideline line ("Decision based on ...")."""

    model_config = ConfigDict(frozen=True)

    source: GuidelineSource
    chapter: int | None = None
    chapter_title: str | None = None
    topic: str | None = None
    pages: list[int] = Field(default_factory=list)
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
    reviewer: Reviewer = Field(default_factory=Reviewer)
    clinical_summary: str
    items: list[Item]
