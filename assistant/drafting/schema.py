"""What a drafting model returns for one disputed item: the structured output every backend fills.

Guideline statements cite retrieved chunk ids; statements about the case cite case sentence ids
(`S1`, `S2`, ... from `assistant.drafting.evidence`). The guideline line is never written by the
model: it chooses chunk ids, and the line is rendered from those chunks' metadata.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from assistant.letters.models import Decision


class StatementKind(StrEnum):
    GUIDELINE = "guideline"
    CASE = "case"


class RationaleSentence(BaseModel):
    """One sentence of the rationale and what it relies on."""

    text: str = Field(description="One sentence of the decision rationale.")
    kind: StatementKind = Field(
        description="'guideline' for what a guideline requires, 'case' for facts of this case."
    )
    cites: list[str] = Field(
        default_factory=list,
        description="Chunk ids for guideline statements; case sentence ids (S1...) for case facts.",
    )


class CriterionStatus(StrEnum):
    MET = "met"
    NOT_MET = "not_met"
    NOT_DOCUMENTED = "not_documented"


class CriterionFinding(BaseModel):
    """A guideline criterion and whether the case meets it, with the case sentences that show it."""

    criterion: str
    status: CriterionStatus
    evidence: list[str] = Field(default_factory=list, description="Case sentence ids.")
    cites: list[str] = Field(default_factory=list, description="Chunk ids stating the criterion.")


class DraftReply(BaseModel):
    """A drafting model's answer for one item."""

    decision: Decision
    guideline_chunk_ids: list[str] = Field(
        description="Retrieved guideline chunk ids the reviewer's guideline line cites, best first."
    )
    rationale: list[RationaleSentence]
    closing: str = Field(
        description="The closing sentence, ending 'is medically necessary.' (Overturned) or "
        "'is not medically necessary.' (Upheld)."
    )
    criteria: list[CriterionFinding] = Field(default_factory=list)
