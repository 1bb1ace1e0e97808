"""Where a batch writes, and the letters and summary built from its journal's rows."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from assistant.drafting.case import Case
from assistant.letters.models import Decision, Item, Letter
from assistant.letters.renderer import render_letter

DRAFTS = "drafts.jsonl"
FAILURES = "failures.jsonl"
SUMMARY = "summary.json"
LETTERS = "letters"


def letter_path(out_dir: Path, case_id: str) -> Path:
    return out_dir / LETTERS / f"{case_id}.txt"


def letter_from_rows(case: Case, rows: dict[str, dict[str, Any]]) -> str:
    """The case's letter from its journal rows (title -> row), in the case's item order."""
    items = []
    for case_item in case.items:
        row = rows[case_item.title]
        if row.get("decision") is None:
            continue
        items.append(
            Item(
                title=case_item.title,
                decision=Decision(row["decision"]),
                claims_administrator_guideline=case_item.claims_administrator_guideline or "",
                maximus_guideline=row.get("maximus_guideline") or "",
                rationale=row.get("rationale") or "",
            )
        )
    letter = Letter(letter_id=case.case_id, clinical_summary=case.clinical_summary, items=items)
    return render_letter(letter)
