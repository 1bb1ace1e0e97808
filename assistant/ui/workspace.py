"""The case page: the case summary, the item list, every item, Draft all, and the chat, export
and audit tabs. Without an open case it shows the intake."""

from __future__ import annotations

import streamlit as st

from assistant.errors import IMRError
from assistant.review.export import export_blockers
from assistant.review.models import CaseRecord, ItemRecord, ItemStatus
from assistant.review.store import ReviewStoreError
from assistant.ui import actions, context
from assistant.ui.audit_view import render_audit
from assistant.ui.case_records import render_case_records
from assistant.ui.chat_panel import render_chat
from assistant.ui.export_panel import render_export
from assistant.ui.intake import render_intake
from assistant.ui.item_list import render_item_list
from assistant.ui.item_view import render_item
from assistant.ui.text import md_escape

SUMMARY_HEIGHT = 220


LAST_CASE_KEY = "last_open_case"
"""The case this session had open, reopened when the reviewer comes back to the Case page from
another page (whose links carry no case); New case forgets it."""


def render_case_page() -> None:
    case_id = context.open_case_id()
    remembered = case_id is None and LAST_CASE_KEY in st.session_state
    if remembered:
        case_id = int(st.session_state[LAST_CASE_KEY])
    if case_id is None:
        render_intake()
        return
    store = context.store()
    try:
        case = store.get_case(case_id)
    except ReviewStoreError as error:
        st.session_state.pop(LAST_CASE_KEY, None)
        if remembered:
            render_intake()
            return
        st.error(str(error))
        if st.button("Start a new case", key="missing_case_new"):
            st.query_params.clear()
            st.rerun()
        return
    st.session_state[LAST_CASE_KEY] = case.id
    if remembered:
        st.query_params[context.CASE_PARAM] = str(case.id)
    items = store.items(case.id)
    render_workspace(case, items)


def letter_status(items: list[ItemRecord]) -> str:
    accepted = sum(item.status is ItemStatus.ACCEPTED for item in items)
    blockers = export_blockers(items)
    state = "ready to export" if not blockers else "not ready to export"
    return f"{accepted} of {len(items)} items accepted; the letter is {state}."


def render_workspace(case: CaseRecord, items: list[ItemRecord]) -> None:
    st.header(f"Case {case.case_number}")
    st.markdown(
        f"**Letter status:** {letter_status(items)}", help="Export needs every item accepted."
    )
    context.show_flash("case")
    _case_summary(case)
    render_case_records(case)
    tab_items, tab_chat, tab_export, tab_audit = st.tabs(
        ["Items", "Chat", "Export", "Audit trail"], key="case_tabs"
    )
    with tab_items:
        render_item_list(items)
        _draft_all(case, items)
        store = context.store()
        for item in items:
            render_item(case, item, store.versions(item.id))
        st.text_input("New item title", key="new_item_title")
        st.button("Add item", key="add_item", on_click=actions.on_add_item, args=(case,))
    with tab_chat:
        render_chat(case, items)
    with tab_export:
        render_export(case, items)
    with tab_audit:
        render_audit(context.store().audit(case.id), items)


def _case_summary(case: CaseRecord) -> None:
    """The summary in view at all times (scrolling when long); editing it behind an expander."""
    st.markdown("**Clinical case summary**")
    with st.container(height=SUMMARY_HEIGHT, border=True, key="case_summary_text"):
        st.markdown(md_escape(case.summary))
    with st.expander("Edit case details", key="case_details"):
        st.text_input("IMR case number", value=case.case_number, key="case_number")
        st.text_area("Clinical case summary", value=case.summary, key="case_summary", height=250)
        st.button("Save case details", key="case_save", on_click=actions.on_save_case, args=(case,))


MODEL_ONLY = frozenset({ItemStatus.NEW, ItemStatus.DRAFTED})
"""Items holding no reviewer text: the only ones Draft all may (re)draft."""


def _draft_all(case: CaseRecord, items: list[ItemRecord]) -> None:
    pending = [item for item in items if item.status in MODEL_ONLY]
    kept = len(items) - len(pending)
    clicked = st.button(
        f"Draft all ({len(pending)} without reviewer text)",
        key="draft_all",
        disabled=not pending,
        type="primary",
        help=(
            f"{kept} edited or accepted item(s) are left as they are; regenerate one of them "
            "from its own panel."
            if kept
            else None
        ),
    )
    if not clicked:
        return
    reviewer = context.reviewer()
    if not reviewer:
        st.warning(actions.NO_NAME)
        return
    progress = st.progress(0.0, text="Drafting...")
    failures: list[str] = []
    for number, item in enumerate(pending, 1):
        progress.progress((number - 1) / len(pending), text=f"Drafting {number} of {len(pending)}")
        try:
            actions.draft_item(case, item, reviewer, None)
        except IMRError as error:
            failures.append(f"{item.title}: {error}")
    progress.progress(1.0, text="Done")
    if failures:
        context.flash("case", "error", "Some items were not drafted: " + "; ".join(failures))
    else:
        context.flash("case", "success", f"Drafted {len(pending)} item(s).")
    st.rerun()
