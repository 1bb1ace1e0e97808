"""A case and its drafts as a determination letter in the house format."""

from __future__ import annotations

from assistant.drafting.case import Case
from assistant.drafting.result import CaseDraft, ItemDraft
from assistant.letters.models import Decision, Item, Letter
from assistant.letters.renderer import render_item, render_letter

NO_PROPOSAL_HEADING = "no proposed decision, for the reviewer to decide"


def _item(draft: ItemDraft, claims_line: str, decision: Decision) -> Item:
    return Item(
        title=draft.title,
        decision=decision,
        claims_administrator_guideline=claims_line,
        maximus_guideline=draft.maximus_guideline,
        rationale=draft.rationale,
    )


def draft_letter(case: Case, drafts: CaseDraft) -> Letter:
    """The letter of every drafted item that has a decision, in the case's item order."""
    claims_lines = {item.title: item.claims_administrator_guideline for item in case.items}
    return Letter(
        letter_id=case.case_id,
        clinical_summary=case.clinical_summary,
        items=[
            _item(draft, claims_lines.get(draft.title) or "", draft.decision)
            for draft in drafts.items
            if draft.decision is not None
        ],
    )


def _preview(draft: ItemDraft, block: str) -> str:
    """An item's block with the model's proposal under its heading, read as a proposal; an item
    without a proposal is headed as left to the reviewer."""
    if draft.proposal is None:
        return block
    heading, rest = block.split("\n\n", 1)
    if draft.decision is None:
        heading = f"{draft.title}: {NO_PROPOSAL_HEADING}"
    return f"{heading}\n\n{draft.proposal.describe(draft.model)}\n\n{rest}"


def render_draft_letter(case: Case, drafts: CaseDraft) -> str:
    """The drafted letter as text. A decision the model proposed is shown as its proposal, with
    its confidence; an item it made no proposal for is kept, marked for the reviewer to decide."""
    claims_lines = {item.title: item.claims_administrator_guideline for item in case.items}
    items = [
        _item(draft, claims_lines.get(draft.title) or "", draft.decision or Decision.UPHELD)
        for draft in drafts.items
    ]
    text = render_letter(
        Letter(letter_id=case.case_id, clinical_summary=case.clinical_summary, items=items)
    )
    for draft, item in zip(drafts.items, items, strict=True):
        block = render_item(item)
        text = text.replace(block, _preview(draft, block), 1)
    return text
