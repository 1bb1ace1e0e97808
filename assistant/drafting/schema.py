"""What a drafting model returns for one disputed item: the structured output every backend fills.

Guideline statements cite retrieved chunk ids; statements about the case cite case sentence ids
(`S1`, `S2`, ... from `assistant.drafting.evidence`). The guideline line is never written by the
model: it chooses chunk ids, and the line is rendered from those chunks' metadata.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from assistant.drafting.closing import closing_sentence
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


# -- the compact reply a chat model is asked for ------------------------------------------------

MAX_SENTENCES = 6
"""The house style's longest rationale, before the closing."""
MAX_LABELS = 3
"""The most labels of one kind a sentence, a criterion or the guideline line cites."""
SENTENCE_CHARS = 240
"""The longest sentence or criterion (the seed letters' rationale sentences run 100-240
characters); quotes and line breaks are left out, as the house style has no quotations."""
CHARS_PER_TOKEN = 4
ENTRY_TOKENS = 35
"""Reply tokens of one sentence or criterion beside its words: keys, labels, and the
indentation some servers let a model write."""
REPLY_OVERHEAD_TOKENS = 40
"""Braces, keys and the guideline line."""


class CompactSentence(BaseModel):
    """One rationale sentence as sent: text, excerpt labels, case sentence labels."""

    t: str
    g: list[str] = Field(default_factory=list)
    s: list[str] = Field(default_factory=list)


class CompactCriterion(BaseModel):
    """One guideline requirement as sent: its words, status, case and excerpt labels."""

    n: str
    v: CriterionStatus
    s: list[str] = Field(default_factory=list)
    g: list[str] = Field(default_factory=list)


class CompactReply(BaseModel):
    """A chat model's reply for one item, with the fewest keys validation needs.

    `d` the decision (only when the model proposes it), `g` the excerpt labels of the guideline
    line, `r` the rationale sentences, `k` the criteria (only when the model proposes). A sentence
    citing excerpts states the guideline; one citing only case sentences states the case. The
    closing is written from the decision, never by the model.
    """

    d: Decision | None = None
    g: list[str] = Field(default_factory=list)
    r: list[CompactSentence]
    k: list[CompactCriterion] = Field(default_factory=list)


def _labels(kind: str) -> dict[str, Any]:
    return {"type": "array", "items": {"$ref": f"#/$defs/{kind}"}, "maxItems": MAX_LABELS}


def _text() -> dict[str, Any]:
    return {"type": "string", "pattern": f'^[^"\\\\\\n]{{1,{SENTENCE_CHARS}}}$'}


def _object(properties: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
    }


class ReplyForm(BaseModel):
    """What one item's reply may contain: the excerpt labels (G1, ...) and case sentence labels
    (S1, ...) offered, and whether the model proposes the decision or argues the reviewer's."""

    model_config = ConfigDict(frozen=True)

    title: str
    guideline_labels: tuple[str, ...]
    case_labels: tuple[str, ...]
    decision: Decision | None

    @property
    def proposing(self) -> bool:
        return self.decision is None

    def json_schema(self) -> dict[str, Any]:
        """The reply's JSON schema: the label lists allow only the labels offered, each kind in
        its own list, so a constrained server cannot cite a case sentence as an excerpt; the
        lists are bounded, so a small model that repeats itself stops within the reply limit."""
        sentence = _object({"t": _text(), "g": _labels("G"), "s": _labels("S")})
        properties: dict[str, Any] = {}
        if self.proposing:
            properties["d"] = {"type": "string", "enum": [d.value for d in Decision]}
        properties["g"] = _labels("G")
        properties["r"] = {
            "type": "array",
            "items": sentence,
            "minItems": 1,
            "maxItems": MAX_SENTENCES,
        }
        if self.proposing:
            criterion = _object(
                {
                    "n": _text(),
                    "v": {"type": "string", "enum": [s.value for s in CriterionStatus]},
                    "s": _labels("S"),
                    "g": _labels("G"),
                }
            )
            properties["k"] = {"type": "array", "items": criterion, "maxItems": MAX_SENTENCES}
        labels = {
            "G": {"type": "string", "enum": list(self.guideline_labels)},
            "S": {"type": "string", "enum": list(self.case_labels)},
        }
        return {"title": "draft_reply", **_object(properties), "$defs": labels}

    def reply_cap(self) -> int:
        """The most reply tokens a whole answer needs: the longest rationale the schema allows,
        and the criteria when the model proposes."""
        entry = SENTENCE_CHARS // CHARS_PER_TOKEN + ENTRY_TOKENS
        entries = MAX_SENTENCES * (2 if self.proposing else 1)
        return REPLY_OVERHEAD_TOKENS + entries * entry

    def read(self, data: Any) -> DraftReply:
        """The reply as a `DraftReply`, labels kept for the chain to resolve; raises
        ValidationError when it does not fit the compact reply or names no decision."""
        compact = CompactReply.model_validate(data)
        decision = self.decision or compact.d
        if decision is None:
            raise ValidationError.from_exception_data(
                "CompactReply", [{"type": "missing", "loc": ("d",), "input": data}]
            )
        return DraftReply(
            decision=compact.d or decision,
            guideline_chunk_ids=compact.g,
            rationale=[
                RationaleSentence(text=s.t, kind=StatementKind.GUIDELINE, cites=s.g)
                if s.g
                else RationaleSentence(text=s.t, kind=StatementKind.CASE, cites=s.s)
                for s in compact.r
            ],
            closing=closing_sentence(self.title, decision),
            criteria=[
                CriterionFinding(criterion=c.n, status=c.v, evidence=c.s, cites=c.g)
                for c in compact.k
            ],
        )


def compact_reply(reply: DraftReply, form: ReplyForm) -> CompactReply:
    """A `DraftReply` as the compact reply that carries it (what a chat model would send)."""
    return CompactReply(
        d=reply.decision if form.proposing else None,
        g=reply.guideline_chunk_ids,
        r=[
            CompactSentence(t=s.text, g=s.cites)
            if s.kind is StatementKind.GUIDELINE
            else CompactSentence(t=s.text, s=s.cites)
            for s in reply.rationale
        ],
        k=[
            CompactCriterion(n=c.criterion, v=c.status, s=c.evidence, g=c.cites)
            for c in reply.criteria
        ]
        if form.proposing
        else [],
    )
