"""One disputed item in the workspace: its settings, its current draft with citations and case
evidence, its problems, and the Accept / Edit / Regenerate / Revert actions."""

from __future__ import annotations

import streamlit as st

from assistant.drafting.result import Citation, ItemDraft
from assistant.letters.refs import format_pages
from assistant.review.models import CaseRecord, DraftVersion, ItemRecord, ItemStatus
from assistant.ui import actions, context
from assistant.ui.text import evidence_ids, highlighted_summary, marked_rationale, md_escape

STATUS_ICONS = {
    ItemStatus.NEW: ":grey-badge[not drafted]",
    ItemStatus.DRAFTED: ":orange-badge[drafted, to review]",
    ItemStatus.EDITED: ":blue-badge[edited, to review]",
    ItemStatus.ACCEPTED: ":green-badge[accepted]",
}


def render_item(case: CaseRecord, item: ItemRecord, versions: list[DraftVersion]) -> None:
    with st.container(border=True, key=f"item_{item.id}"):
        st.markdown(f"#### {md_escape(item.title)} {STATUS_ICONS[item.status]}")
        context.show_flash(f"item_{item.id}")
        _settings_form(item)
        current = item.current
        if current is None:
            st.caption("No draft yet.")
        else:
            _current_version(case, item, current)
        _actions(case, item, versions)


def _settings_form(item: ItemRecord) -> None:
    with st.expander("Item details", key=f"item_details_{item.id}"):
        st.text_input("Title", value=item.title, key=f"item_title_{item.id}")
        choice = item.decision_choice.value if item.decision_choice else actions.LEAVE_TO_ASSISTANT
        st.selectbox(
            "Decision",
            actions.DECISION_OPTIONS,
            index=actions.DECISION_OPTIONS.index(choice),
            key=f"item_decision_{item.id}",
        )
        st.text_input(
            "Claims administrator guideline",
            value=item.claims_administrator_guideline,
            key=f"item_claims_{item.id}",
        )
        left, right = st.columns(2)
        left.button(
            "Save item",
            key=f"item_save_{item.id}",
            on_click=actions.on_save_item,
            args=(item,),
        )
        right.button(
            "Remove item",
            key=f"item_remove_{item.id}",
            on_click=actions.on_remove_item,
            args=(item,),
        )


def _current_version(case: CaseRecord, item: ItemRecord, current: DraftVersion) -> None:
    decision = current.decision.value if current.decision else "none yet: choose one"
    written = "the reviewer" if current.model == "reviewer" else current.model
    draft = current.draft
    proposal = draft.proposal if draft is not None and current.kind == "model" else None
    st.markdown(f"**{'Proposed decision' if proposal else 'Decision'}:** {decision}")
    if draft is not None and proposal is not None:
        st.caption(md_escape(proposal.describe(draft.model)))
    st.markdown(f"**MAXIMUS guideline:** {md_escape(current.maximus_guideline) or '(none)'}")
    as_drafted = draft is not None and draft.rationale == current.rationale
    body = marked_rationale(draft) if as_drafted and draft else md_escape(current.rationale)
    st.markdown(f"**Decision rationale:** {body}")
    st.caption(
        f"Version {current.number} ({current.kind}) written by {written}, saved by "
        f"{current.author}; prompt {current.prompt_version or '-'}; "
        f"{current.prompt_tokens + current.completion_tokens} tokens."
    )
    if current.problems:
        listed = "\n".join(f"- {md_escape(problem)}" for problem in current.problems)
        st.warning(f"Problems to resolve before accepting:\n{listed}")
    if draft is not None:
        if not as_drafted:
            st.caption("Edited text: the excerpts below are those of the draft it started from.")
        _citations(item, draft)
        used = evidence_ids(draft)
        if used:
            with st.expander(f"Case evidence used ({len(used)} sentences)"):
                st.markdown(highlighted_summary(case.summary, used), unsafe_allow_html=True)


def _citations(item: ItemRecord, draft: ItemDraft) -> None:
    if not draft.citations:
        return
    columns = st.columns(len(draft.citations))
    for number, (column, citation) in enumerate(zip(columns, draft.citations, strict=True), 1):
        with column.popover(f"[{number}]", key=f"cite_{item.id}_{number}"):
            _excerpt(citation)


def _excerpt(citation: Citation) -> None:
    st.markdown(f"**{md_escape(citation.citation)}**")
    details = [f"Source: {citation.source}"]
    if citation.section:
        details.append(f"Section: {citation.section}")
    if citation.pages:
        details.append(f"Pages: {format_pages(citation.pages)}")
    st.caption(" · ".join(details))
    st.markdown(md_escape(citation.text))


def _editor(item: ItemRecord) -> None:
    state = st.session_state
    if any(key not in state for key in actions.editor_keys(item.id)):
        current = item.current
        state[f"edit_base_{item.id}"] = item.version
        state[f"edit_text_{item.id}"] = current.rationale if current else ""
        state[f"edit_maximus_{item.id}"] = current.maximus_guideline if current else ""
        decision = current.decision if current else item.decision_choice
        state[f"edit_decision_{item.id}"] = (
            decision.value if decision else actions.LEAVE_TO_ASSISTANT
        )
    with st.form(key=f"edit_form_{item.id}", border=False):
        st.selectbox("Decision", actions.DECISION_OPTIONS, key=f"edit_decision_{item.id}")
        st.text_input("MAXIMUS guideline", key=f"edit_maximus_{item.id}")
        st.text_area("Decision rationale", key=f"edit_text_{item.id}", height=200)
        st.form_submit_button(
            "Save edit", key=f"edit_save_{item.id}", on_click=actions.on_save_edit, args=(item,)
        )
    st.button(
        "Discard my changes and show the latest",
        key=f"edit_reload_{item.id}",
        on_click=actions.on_reload,
        args=(item,),
    )


def _actions(case: CaseRecord, item: ItemRecord, versions: list[DraftVersion]) -> None:
    current = item.current
    draft_col, accept_col = st.columns(2)
    draft_col.button(
        "Draft" if current is None else "Regenerate",
        key=f"draft_{item.id}",
        on_click=actions.on_draft,
        args=(case, item),
    )
    accept_col.button(
        "Accept",
        key=f"accept_{item.id}",
        on_click=actions.on_accept,
        args=(item,),
        disabled=current is None
        or current.decision is None
        or bool(item.blocking_problems)
        or item.status is ItemStatus.ACCEPTED,
        type="primary",
    )
    if current is not None:
        st.text_input(
            "Instruction for Regenerate (optional)",
            key=f"instruction_{item.id}",
            placeholder="for example: more concise",
        )
        with st.expander("Edit", key=f"edit_expander_{item.id}"):
            _editor(item)
    if len(versions) > 1:
        with st.expander(f"Versions ({len(versions)})", key=f"versions_{item.id}"):
            labels = {
                version.id: f"v{version.number} · {version.kind} · {version.author} · "
                f"{version.created_at:%Y-%m-%d %H:%M}"
                for version in reversed(versions)
            }
            st.selectbox(
                "Version",
                list(labels),
                format_func=labels.__getitem__,
                key=f"revert_pick_{item.id}",
            )
            st.button(
                "Revert to this version",
                key=f"revert_{item.id}",
                on_click=actions.on_revert,
                args=(item,),
            )
