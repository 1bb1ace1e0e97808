"""Export: the letter preview in the house format, and .txt / .docx downloads once every item is
accepted with no problem left."""

from __future__ import annotations

import streamlit as st

from assistant.drafting.validate import is_guideline_check
from assistant.review.export import export_blockers, letter_docx, letter_text
from assistant.review.models import CaseRecord, ItemRecord
from assistant.ui import context

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _record(case: CaseRecord, kind: str) -> None:
    context.store().record(case.id, "export", context.reviewer() or "unnamed", kind)


def render_export(case: CaseRecord, items: list[ItemRecord]) -> None:
    blockers = export_blockers(items)
    text = letter_text(case, items)
    if blockers:
        listed = "\n".join(f"- {reason}" for reason in blockers)
        st.warning(f"Export is blocked until every item is accepted:\n{listed}")
    else:
        st.success("Every item is accepted: the letter can be exported.")
    left, right = st.columns(2)
    left.download_button(
        "Download .txt",
        data=text if not blockers else "",
        file_name=f"{case.case_number}.txt",
        mime="text/plain",
        key="download_txt",
        disabled=bool(blockers),
        on_click=_record,
        args=(case, "txt"),
    )
    right.download_button(
        "Download .docx",
        data=letter_docx(text) if not blockers else b"",
        file_name=f"{case.case_number}.docx",
        mime=DOCX_MIME,
        key="download_docx",
        disabled=bool(blockers),
        on_click=_record,
        args=(case, "docx"),
    )
    checks = [
        f"- {item.title}: {problem}"
        for item in items
        for problem in item.problems
        if is_guideline_check(problem)
    ]
    st.markdown("**Letter preview**")
    if checks:
        st.info("To check before the letter is relied on:\n" + "\n".join(checks))
    st.code(text, language=None, wrap_lines=True, height=500)
