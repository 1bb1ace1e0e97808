"""Export: the letter details (the expert reviewer's credentials, the decision date), the letter
as a formatted page, and the Word and text downloads once every item is accepted with no problem
left. The page and the Word file are set from the same blocks."""

from __future__ import annotations

from datetime import date

import streamlit as st

from assistant.drafting.validate import is_guideline_check
from assistant.review.export import (
    LETTER_DETAILS,
    LetterDetails,
    export_blockers,
    letter_details,
    letter_docx,
    letter_html,
    letter_text,
    split_states,
)
from assistant.review.models import CaseRecord, ItemRecord
from assistant.ui import actions, context

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _record(case: CaseRecord, kind: str) -> None:
    context.store().record(case.id, "export", context.reviewer() or "unnamed", kind)


def _on_save_details(case: CaseRecord) -> None:
    state = st.session_state
    picked = state.get("letter_date")
    details = LetterDetails(
        specialty=" ".join(str(state.get("letter_specialty", "")).split()),
        licensure=split_states(str(state.get("letter_licensure", ""))),
        decision_date=picked if isinstance(picked, date) else None,
    )

    def run(reviewer: str) -> str:
        context.store().record(case.id, LETTER_DETAILS, reviewer, details.model_dump_json())
        return "Letter details saved."

    actions.guarded("export", run)


def _details_form(case: CaseRecord, details: LetterDetails, today: date) -> None:
    st.markdown("**Letter details**")
    left, middle, right = st.columns([3, 3, 2])
    left.text_input(
        "Your specialty (board certification)",
        value=details.specialty,
        key="letter_specialty",
        placeholder="for example Orthopedic Surgery",
    )
    middle.text_input(
        "State(s) of licensure",
        value=", ".join(details.licensure),
        key="letter_licensure",
        placeholder="for example California",
        help="Separate several states with commas.",
    )
    right.date_input(
        "Decision date",
        value=details.decision_date or today,
        key="letter_date",
        format="MM/DD/YYYY",
    )
    st.button(
        "Save letter details", key="letter_details_save", on_click=_on_save_details, args=(case,)
    )
    context.show_flash("export")


def render_export(case: CaseRecord, items: list[ItemRecord]) -> None:
    today = date.today()
    details = letter_details(context.store().audit(case.id))
    blockers = export_blockers(items)
    text = letter_text(case, items, details, today)
    if blockers:
        listed = "\n".join(f"- {reason}" for reason in blockers)
        st.warning(
            f"The letter can be downloaded once every item is accepted. Still to do:\n{listed}"
        )
    else:
        st.success("Every item is accepted: the letter can be downloaded.")
    _details_form(case, details, today)
    left, right = st.columns(2)
    left.download_button(
        "Download Word file (.docx)",
        data=letter_docx(text) if not blockers else b"",
        file_name=f"{case.case_number}.docx",
        mime=DOCX_MIME,
        key="download_docx",
        disabled=bool(blockers),
        on_click=_record,
        args=(case, "docx"),
    )
    right.download_button(
        "Download plain text (.txt)",
        data=text if not blockers else "",
        file_name=f"{case.case_number}.txt",
        mime="text/plain",
        key="download_txt",
        disabled=bool(blockers),
        on_click=_record,
        args=(case, "txt"),
    )
    checks = [
        f"- {item.title}: {problem}"
        for item in items
        for problem in item.problems
        if is_guideline_check(problem)
    ]
    st.subheader("Letter preview")
    if checks:
        st.info("To check before the letter is relied on:\n" + "\n".join(checks))
    if not details.specialty and not details.licensure:
        st.caption("Add your specialty and state(s) of licensure above: the letter states them.")
    st.html(letter_html(text))
