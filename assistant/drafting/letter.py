"""A case and its drafts as a determination letter in the house format."""

from __future__ import annotations

from assistant.drafting.case import Case
from assistant.drafting.result import CaseDraft
from assistant.letters.models import Item, Letter
from assistant.letters.renderer import render_letter


def draft_letter(case: Case, drafts: CaseDraft) -> Letter:
    """The letter of every drafted item that has a decision, in the case's item order."""
    claims_lines = {item.title: item.claims_administrator_guideline for item in case.items}
    return Letter(
        letter_id=case.case_id,
        clinical_summary=case.clinical_summary,
        items=[
            Item(
                title=draft.title,
                decision=draft.decision,
                claims_administrator_guideline=claims_lines.get(draft.title) or "",
                maximus_guideline=draft.maximus_guideline,
                rationale=draft.rationale,
            )
            for draft in drafts.items
            if draft.decision is not None
        ],
    )


def render_draft_letter(case: Case, drafts: CaseDraft) -> str:
    return render_letter(draft_letter(case, drafts))
