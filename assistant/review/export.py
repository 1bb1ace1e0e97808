"""The reviewed case as a letter: what blocks export, the house-format text and a .docx file."""

from __future__ import annotations

import io
from collections.abc import Sequence

from docx import Document

from assistant.letters.models import Item, Letter
from assistant.letters.renderer import render_letter
from assistant.review.models import CaseRecord, ItemRecord, ItemStatus


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


def review_letter(case: CaseRecord, items: Sequence[ItemRecord]) -> Letter:
    """The letter of every drafted item that has a decision, in the case's item order."""
    return Letter(
        letter_id=case.case_number,
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


def letter_text(case: CaseRecord, items: Sequence[ItemRecord]) -> str:
    return render_letter(review_letter(case, items))


def letter_docx(text: str) -> bytes:
    """A Word document of the letter text: the first line as the title, one paragraph per block;
    headings (all capitals) and item headings (ending in a decision) in bold."""
    document = Document()
    blocks = [block for block in text.strip().split("\n\n") if block.strip()]
    for index, block in enumerate(blocks):
        if index == 0:
            document.add_heading(block.strip(), level=1)
            continue
        lines = block.split("\n")
        paragraph = document.add_paragraph()
        for number, line in enumerate(lines):
            run = paragraph.add_run(line)
            run.bold = line.isupper() or line.endswith((": Upheld", ": Overturned"))
            if number < len(lines) - 1:
                run.add_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
