"""The reviewed case as a letter: what blocks export, the letter details the reviewer gives (the
expert reviewer's credentials and the decision date), the house-format text and a .docx file."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from assistant.letters.models import Item, Letter, Reviewer
from assistant.letters.renderer import render_letter
from assistant.review import letter_document
from assistant.review.models import AuditEvent, CaseRecord, ItemRecord, ItemStatus

LETTER_DETAILS = "letter details"
"""The audit action that records the letter details; the latest one is the letter's."""


class LetterDetails(BaseModel):
    """What the letter states besides the items: the expert reviewer's credentials and the
    decision date (the day of export when none is set)."""

    model_config = ConfigDict(frozen=True)

    specialty: str = ""
    licensure: list[str] = Field(default_factory=list)
    decision_date: date | None = None

    def reviewer(self) -> Reviewer:
        return Reviewer(specialty=self.specialty or None, licensure=self.licensure)

    def describe(self) -> str:
        """The details in words, as the audit trail shows them."""
        parts = [
            f"specialty {self.specialty or 'not given'}",
            f"licensed in {', '.join(self.licensure) or 'not given'}",
            f"decision date {self.decision_date:%m/%d/%Y}"
            if self.decision_date
            else "decision date: the day of export",
        ]
        return "; ".join(parts)


def split_states(text: str) -> list[str]:
    """The states of licensure typed in one box, separated by commas or semicolons."""
    return [
        state
        for state in (" ".join(part.split()) for part in text.replace(";", ",").split(","))
        if state
    ]


def letter_details(events: Sequence[AuditEvent]) -> LetterDetails:
    """The letter details last saved in a case's audit trail, or none given."""
    for event in reversed(events):
        if event.action == LETTER_DETAILS:
            return LetterDetails.model_validate_json(event.detail)
    return LetterDetails()


def export_blockers(items: Sequence[ItemRecord]) -> list[str]:
    """Why the letter cannot be exported yet, one reason per item; empty when it can."""
    if not items:
        return ["The case has no disputed items."]
    reasons: list[str] = []
    for item in items:
        if item.current is None:
            reasons.append(f"{item.title}: not drafted yet.")
        elif item.blocking_problems:
            reasons.append(f"{item.title}: {len(item.blocking_problems)} unresolved problem(s).")
        elif item.status is not ItemStatus.ACCEPTED:
            reasons.append(f"{item.title}: not accepted yet ({item.status.value}).")
    return reasons


def review_letter(
    case: CaseRecord,
    items: Sequence[ItemRecord],
    details: LetterDetails | None = None,
    today: date | None = None,
) -> Letter:
    """The letter of every drafted item that has a decision, in the case's item order, with the
    reviewer's credentials and the decision date (`today` when the details set none)."""
    given = details or LetterDetails()
    return Letter(
        letter_id=case.case_number,
        decision_date=given.decision_date or today,
        reviewer=given.reviewer(),
        clinical_summary=case.summary,
        items=[
            Item(
                title=item.title,
                decision=item.current.decision,
                claims_administrator_guideline=item.claims_administrator_guideline,
                maximus_guideline=item.current.maximus_guideline,
                rationale=item.current.rationale,
            )
            for item in items
            if item.current is not None and item.current.decision is not None
        ],
    )


def letter_text(
    case: CaseRecord,
    items: Sequence[ItemRecord],
    details: LetterDetails | None = None,
    today: date | None = None,
) -> str:
    return render_letter(review_letter(case, items, details, today))


def letter_docx(text: str) -> bytes:
    """A Word document of the letter text, set as the preview shows it."""
    return letter_document.letter_docx(letter_document.letter_blocks(text))


def letter_html(text: str) -> str:
    """The letter text as the formatted page the workspace shows."""
    return letter_document.letter_html(letter_document.letter_blocks(text))
