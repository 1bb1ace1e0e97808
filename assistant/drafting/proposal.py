"""A proposed decision for the reviewer to confirm or change, with how far to trust it.

The offline model proposes "Upheld" when the guideline's conditions for certifying are missed or a
reason not to certify is documented, and no proposal at all when the evidence is mixed, so the
reviewer decides. Where the case documents the conditions strongly and nothing documented argues
against them, the evidence leans to "Overturned"; that proposal is withheld (no proposal, the
reviewer decides, and the proposal says what it leaned to) because on the real public letters
such proposals were right less often than always answering "Upheld" (`show_overturned`). The
rules' thresholds were set on one fixed half of the public letters and the bundled synthetic
letters (`evals/proposer_sweep.py`), never on single items.

The confidence of a proposal is how often proposals of its kind were right on that tuning half,
and an Upheld proposal carries the base rate beside it (how often always answering Upheld was
right there): on real letters the two are equal, so an Upheld proposal tells the reviewer what
most IMR decisions are, not what this case shows, and says so.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.schema import DraftReply
from assistant.letters.models import Decision


class Confidence(StrEnum):
    HIGH = "high"
    MODERATE = "moderate"
    LOW = "low"
    UNRATED = "unrated"


class Proposal(BaseModel):
    """The model's proposed decision; `decision` None means no proposal: the reviewer decides."""

    model_config = ConfigDict(frozen=True)

    decision: Decision | None
    confidence: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="How often proposals of this kind were right on the letters the rules were "
        "tuned on.",
    )
    label: Confidence = Confidence.UNRATED
    basis: str = Field(default="", description="Why, in one line.")
    withheld: Decision | None = Field(
        default=None,
        description="The decision the evidence leaned to but that is not proposed, because such "
        "proposals did worse than always answering Upheld on real letters.",
    )
    base_rate: float | None = Field(
        default=None,
        ge=0.0,
        le=1.0,
        description="For an Upheld proposal, how often always answering Upheld was right on the "
        "same letters: what its confidence has to beat to say more than the base rate.",
    )

    def base_rate_note(self) -> str:
        """The confidence beside the base rate, in one sentence ('' when either is unknown)."""
        if (
            self.decision is not Decision.UPHELD
            or self.confidence is None
            or self.base_rate is None
        ):
            return ""
        shown, base = round(self.confidence * 100), round(self.base_rate * 100)
        verdict = "more often than" if shown > base else "no more often than"
        return (
            f"On real letters such proposals were right {shown}% of the time, {verdict} always "
            f"answering Upheld ({base}%)."
        )

    def describe(self, model: str) -> str:
        """The proposal as a reader sees it, never as a decision already made."""
        rated = (
            f"confidence {self.confidence:.2f}, {self.label.value}"
            if self.confidence is not None
            else "confidence not rated"
        )
        if self.decision is None:
            head = f"No proposed decision (model {model}, {rated}): the reviewer decides."
        else:
            head = (
                f"Proposed decision: {self.decision.value} (model {model}, {rated}), for the "
                "reviewer to confirm or change."
            )
        return " ".join(part for part in (head, self.basis, self.base_rate_note()) if part)


class Balance(BaseModel):
    """The documented evidence for and against certifying, as match strengths in [0, 1]."""

    model_config = ConfigDict(frozen=True)

    supports: list[float]
    against: list[float]
    contradicted: int
    undocumented: int

    @property
    def requirements(self) -> int:
        return len(self.supports) + self.contradicted + self.undocumented


class ProposalRules(BaseModel):
    """The decision rule's thresholds, and how often each of its outcomes was right on the tuning
    letters (the confidence it reports); `evals/proposer_sweep.py` measures both."""

    model_config = ConfigDict(frozen=True)

    strong: float = Field(default=0.25, description="Match strength of a strong support.")
    overturn_supports: int = Field(default=2, description="Strong supports needed to overturn.")
    abstain_support: float = Field(
        default=0.3,
        description="Support strength from which, with a reason not to certify also documented, "
        "no decision is proposed.",
    )
    overturn_confidence: float = 0.7
    uphold_confidence: float = Field(
        default=0.93, description="Upheld with no support documented: right 90 of 97 (tuning)."
    )
    weak_uphold_confidence: float = Field(
        default=0.92, description="Upheld with some support documented: right 12 of 13 (tuning)."
    )
    abstain_confidence: float = 0.5
    upheld_base_rate: float = Field(
        default=0.93, description="Always answering Upheld on the same letters: 106 of 114."
    )
    show_overturned: bool = Field(
        default=False,
        description="Propose Overturned where the evidence leans to it. Off: on the public "
        "letters such proposals were right less often than upholding (evals/README.md).",
    )

    def propose(self, balance: Balance) -> Proposal:
        strong = sum(value >= self.strong for value in balance.supports)
        support = max(balance.supports, default=0.0)
        against = max(balance.against, default=0.0)
        met = f"{len(balance.supports)} of {balance.requirements} conditions for certifying met"
        reasons = f"{len(balance.against)} documented reason(s) not to certify"
        if strong >= self.overturn_supports and support > against:
            if not self.show_overturned:
                return _proposal(
                    None,
                    self.abstain_confidence,
                    f"Leans to Overturned ({met}, outweighing {reasons}), but such proposals "
                    "were right less often than upholding on real letters.",
                    withheld=Decision.OVERTURNED,
                )
            return _proposal(
                Decision.OVERTURNED, self.overturn_confidence, f"{met}, outweighing {reasons}."
            )
        if support >= self.abstain_support and balance.against:
            return _proposal(None, self.abstain_confidence, f"Mixed evidence: {met}; {reasons}.")
        confidence = self.weak_uphold_confidence if support else self.uphold_confidence
        return _proposal(
            Decision.UPHELD, confidence, f"{met}; {reasons}.", base_rate=self.upheld_base_rate
        )


def _proposal(
    decision: Decision | None,
    confidence: float,
    basis: str,
    withheld: Decision | None = None,
    base_rate: float | None = None,
) -> Proposal:
    return Proposal(
        decision=decision,
        confidence=confidence,
        label=_label(confidence),
        basis=basis,
        withheld=withheld,
        base_rate=base_rate,
    )


def _label(confidence: float) -> Confidence:
    if confidence >= 0.8:
        return Confidence.HIGH
    if confidence >= 0.6:
        return Confidence.MODERATE
    return Confidence.LOW


def proposal_of(
    given: Decision | None, reply: DraftReply | None, offered: Proposal | None
) -> Proposal | None:
    """What the model proposes for an item the reviewer has not decided: its own rated proposal
    when it gives one (the offline model), else its reply's decision, unrated."""
    if given is not None:
        return None
    if offered is not None:
        return offered
    return Proposal(decision=reply.decision) if reply is not None else None
