"""A finished draft of one item, and of a whole case, in the shape `imr draft --json` prints."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from assistant.drafting.proposal import Proposal
from assistant.drafting.schema import CriterionFinding, RationaleSentence
from assistant.drafting.validate import Problem
from assistant.letters.models import Decision
from assistant.llm.usage import Usage


class Citation(BaseModel):
    """A retrieved excerpt the draft cites, with what a reviewer needs to check it."""

    chunk_id: str
    citation: str
    pages: list[int]
    source: str
    section: str | None
    text: str
    page_confidence: str | None = None
    outside_fact_sheet: list[str] = Field(
        default_factory=list,
        description="Numbers the cited topic states from outside the project's fact sheet.",
    )


class ItemDraft(BaseModel):
    """The draft of one disputed item; shown as clean only when `problems` is empty."""

    title: str
    decision: Decision | None
    decision_source: Literal["reviewer", "model"]
    proposal: Proposal | None = Field(
        default=None,
        description="The model's proposal when the reviewer gave no decision; its decision None "
        "means no proposal: the reviewer decides.",
    )
    maximus_guideline: str
    sentences: list[RationaleSentence]
    closing: str
    citations: list[Citation]
    criteria: list[CriterionFinding]
    problems: list[Problem]
    usage: Usage
    model: str
    prompt_version: str
    attempts: int
    retrieved: list[str] = Field(description="Ids of every guideline chunk retrieved.")
    timings_ms: dict[str, float] = Field(default_factory=dict)

    @property
    def needs_review(self) -> bool:
        return bool(self.problems)

    @property
    def abstained(self) -> bool:
        """The model made no proposal (mixed evidence): the reviewer decides."""
        return self.decision is None and self.proposal is not None

    @property
    def rationale(self) -> str:
        return " ".join([sentence.text for sentence in self.sentences] + [self.closing]).strip()

    def row(self) -> dict[str, Any]:
        """The item as `imr draft --json` gives it."""
        return {
            "title": self.title,
            "decision": self.decision.value if self.decision else None,
            "decision_source": self.decision_source,
            "proposal": self.proposal.model_dump(mode="json") if self.proposal else None,
            "maximus_guideline": self.maximus_guideline,
            "rationale": self.rationale,
            "sentences": [sentence.model_dump(mode="json") for sentence in self.sentences],
            "citations": [
                {
                    "chunk_id": c.chunk_id,
                    "citation": c.citation,
                    "pages": c.pages,
                    "page_confidence": c.page_confidence,
                    "outside_fact_sheet": c.outside_fact_sheet,
                }
                for c in self.citations
            ],
            "criteria": [finding.model_dump(mode="json") for finding in self.criteria],
            "needs_review": self.needs_review,
            "problems": [problem.model_dump(mode="json") for problem in self.problems],
            "usage": self.usage.row(),
            "model": self.model,
            "prompt_version": self.prompt_version,
            "attempts": self.attempts,
            "timings_ms": {key: round(value, 1) for key, value in self.timings_ms.items()},
        }


class CaseDraft(BaseModel):
    """Drafts of a case's items."""

    case_id: str
    items: list[ItemDraft]

    @property
    def usage(self) -> Usage:
        total = Usage()
        for item in self.items:
            total = total + item.usage
        return total

    def row(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "items": [item.row() for item in self.items]}
