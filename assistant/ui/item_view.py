"""One disputed item in the workspace: who decided what, the rationale beside the excerpts it
cites, the guideline criteria with the case sentences behind each, its problems, and the
Accept / Edit / Regenerate / Revert actions."""

from __future__ import annotations

import streamlit as st

from assistant.drafting.evidence import case_sentences
from assistant.drafting.result import ItemDraft
from assistant.drafting.schema import CriterionStatus
from assistant.review.models import CaseRecord, DraftVersion, ItemRecord, ItemStatus
from assistant.ui import actions, context
from assistant.ui.citations import cited_excerpts, excerpt_html, marked_text
from assistant.ui.item_list import STATUS_BADGES, anchor, proposed_by_assistant
from assistant.ui.text import evidence_ids, highlighted_summary, md_escape
from assistant.ui.version_diff import word_diff_html

EDITOR_HEIGHT = 480
"""About twenty lines of text."""
EXCERPT_PANEL_HEIGHT = 560
"""The excerpts scroll beside the rationale rather than run far below it."""

CRITERION_BADGES = {
    CriterionStatus.MET: ":green-badge[met]",
    CriterionStatus.NOT_MET: ":red-badge[not met]",
    CriterionStatus.NOT_DOCUMENTED: ":grey-badge[not documented]",
}
WRITTEN = {
    "model": "Drafted by the assistant",
    "edit": "Edited",
    "chat": "Taken from the chat",
    "revert": "Restored from an earlier version",
    "rejected": "Not saved (another reviewer saved first)",
}


def render_item(case: CaseRecord, item: ItemRecord, versions: list[DraftVersion]) -> None:
    with st.container(border=True, key=f"item_{item.id}"):
        st.subheader(f"{md_escape(item.title)} {STATUS_BADGES[item.status]}", anchor=anchor(item))
        context.show_flash(f"item_{item.id}")
        if item.claims_administrator_guideline:
            st.markdown(f"**Utilization review:** {md_escape(item.claims_administrator_guideline)}")
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


def decision_line(current: DraftVersion) -> tuple[str, str]:
    """Who made the decision shown, in Markdown, and why the assistant proposes it, if it does."""
    proposal = current.draft.proposal if current.draft is not None else None
    if proposal is not None and proposed_by_assistant(current):
        if proposal.decision is None:
            return "**No proposal: the reviewer decides.**", proposal.basis
        rated = (
            f"confidence {proposal.confidence:.2f} ({proposal.label.value})"
            if proposal.confidence is not None
            else "confidence not rated"
        )
        head = f"**Proposed by the assistant:** {proposal.decision.value} · {rated}"
        basis = " ".join(part for part in (proposal.basis, proposal.base_rate_note()) if part)
        return head, f"For you to confirm or change. {basis}".strip()
    if current.decision is None:
        return "**Decision:** none yet: choose one in Edit.", ""
    return f"**Reviewer's decision:** {current.decision.value}", ""


def _current_version(case: CaseRecord, item: ItemRecord, current: DraftVersion) -> None:
    head, basis = decision_line(current)
    st.markdown(head)
    if basis:
        st.caption(md_escape(basis))
    draft = current.draft
    text_column, excerpt_column = st.columns([3, 2], gap="medium")
    with text_column:
        st.markdown(f"**MAXIMUS guideline:** {md_escape(current.maximus_guideline) or '(none)'}")
        _rationale(item, current, draft)
        if current.problems:
            listed = "\n".join(f"- {md_escape(problem)}" for problem in current.problems)
            st.warning(f"Problems to resolve before accepting:\n{listed}")
        if draft is not None:
            _criteria(case, draft)
    with excerpt_column:
        if draft is not None:
            _excerpt_panel(item, draft)
    _written_by(item, current)


def _rationale(item: ItemRecord, current: DraftVersion, draft: ItemDraft | None) -> None:
    if draft is None:
        st.markdown(f"**Decision rationale:** {md_escape(current.rationale)}")
        return
    marked = marked_text(draft, current.rationale)
    body = " ".join(
        md_escape(text) + "".join(f" **{md_escape(mark)}**" for mark in marks)
        for text, marks in marked.pieces
    )
    st.markdown(f"**Decision rationale:** {body}")
    if marked.dropped:
        st.info(
            "Citations dropped by your edit: " + "; ".join(marked.dropped),
            icon=":material/link_off:",
        )


def _criteria(case: CaseRecord, draft: ItemDraft) -> None:
    if draft.criteria:
        sentences = {sentence.id: sentence.text for sentence in case_sentences(case.summary)}
        lines = ["**Guideline criteria and this case**"]
        for finding in draft.criteria:
            lines.append(f"- {CRITERION_BADGES[finding.status]} {md_escape(finding.criterion)}")
            for sentence_id in finding.evidence:
                quoted = md_escape(sentences.get(sentence_id, ""))
                lines.append(f"    - *{sentence_id}:* {quoted}")
        st.markdown("\n".join(lines))
    used = evidence_ids(draft)
    if used:
        with st.expander(f"Case summary with the {len(used)} sentences used"):
            st.markdown(highlighted_summary(case.summary, used), unsafe_allow_html=True)


def _excerpt_panel(item: ItemRecord, draft: ItemDraft) -> None:
    excerpts = cited_excerpts(draft)
    if not excerpts:
        return
    with st.container(border=True, height=EXCERPT_PANEL_HEIGHT, key=f"excerpts_{item.id}"):
        st.markdown("**Cited excerpts** (the lines the rationale rests on are highlighted)")
        for excerpt in excerpts:
            part = f", {excerpt.part}" if excerpt.part else ""
            st.markdown(f"**[{excerpt.number}] {md_escape(excerpt.label)}**{md_escape(part)}")
            st.markdown(excerpt_html(excerpt), unsafe_allow_html=True)


def _written_by(item: ItemRecord, current: DraftVersion) -> None:
    what = WRITTEN[current.kind]
    st.caption(
        f"{what} · saved by {current.author} on {current.created_at:%Y-%m-%d %H:%M} UTC "
        f"· version {current.number}"
    )
    with st.expander("Details", key=f"details_{item.id}"):
        rows = [f"Model: {current.model}", f"Prompt version: {current.prompt_version or '-'}"]
        rows.append(
            f"Tokens: {current.prompt_tokens} in, {current.completion_tokens} out "
            f"({current.prompt_tokens + current.completion_tokens} in all)"
        )
        if current.elapsed_ms:
            rows.append(f"Drafting time: {current.elapsed_ms / 1000:.1f} s")
        if current.instruction:
            rows.append(f"Instruction: {current.instruction}")
        st.markdown("\n".join(f"- {md_escape(row)}" for row in rows))


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
        st.text_area(
            "Decision rationale",
            key=f"edit_text_{item.id}",
            height=EDITOR_HEIGHT,
            help="Ctrl+Enter saves the edit.",
        )
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
    holds_reviewer_text = item.status in (ItemStatus.EDITED, ItemStatus.ACCEPTED)
    draft_col.button(
        "Draft" if current is None else "Regenerate",
        key=f"draft_{item.id}",
        on_click=actions.on_ask_regenerate if holds_reviewer_text else actions.on_draft,
        args=(item,) if holds_reviewer_text else (case, item),
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
    if holds_reviewer_text and actions.regenerate_asked(item):
        _confirm_regenerate(case, item)
    if current is not None:
        st.text_input(
            "Instruction for Regenerate (optional)",
            key=f"instruction_{item.id}",
            placeholder="for example: more concise",
        )
        with st.expander("Edit", key=f"edit_expander_{item.id}"):
            _editor(item)
    if len(versions) > 1 and current is not None:
        with st.expander(f"Versions ({len(versions)})", key=f"versions_{item.id}"):
            _versions(item, current, versions)


def _confirm_regenerate(case: CaseRecord, item: ItemRecord) -> None:
    """Regenerate would replace text the reviewer wrote or accepted: ask first."""
    whose = "accepted" if item.status is ItemStatus.ACCEPTED else "edited"
    with st.container(border=True, key=f"regenerate_confirm_{item.id}"):
        st.warning(
            f"Regenerate replaces your {whose} text with a new draft (your text stays under "
            "Versions, and you can revert to it). Replace it?"
        )
        yes, no = st.columns(2)
        yes.button(
            "Replace with a new draft",
            key=f"regenerate_yes_{item.id}",
            on_click=actions.on_draft,
            args=(case, item),
        )
        no.button(
            "Keep my text",
            key=f"regenerate_no_{item.id}",
            on_click=actions.on_keep_text,
            args=(item,),
        )


def _versions(item: ItemRecord, current: DraftVersion, versions: list[DraftVersion]) -> None:
    by_id = {version.id: version for version in versions}
    labels = {
        version.id: f"v{version.number} · {WRITTEN[version.kind].lower()} · {version.author} · "
        f"{version.created_at:%Y-%m-%d %H:%M}"
        for version in reversed(versions)
    }
    picked = st.selectbox(
        "Version",
        list(labels),
        index=1,
        format_func=labels.__getitem__,
        key=f"revert_pick_{item.id}",
        help="Opens on the version before the current one.",
    )
    past = by_id.get(picked) if picked is not None else None
    if past is not None and past.id != current.id:
        st.caption(
            f"What reverting to v{past.number} changes in the current text "
            "(struck out: removed; underlined: brought back)"
        )
        if past.decision != current.decision:
            before = current.decision.value if current.decision else "none"
            after = past.decision.value if past.decision else "none"
            st.markdown(f"**Decision:** {before} → {after}")
        with st.container(border=True, key=f"version_diff_{item.id}"):
            st.markdown(word_diff_html(current.rationale, past.rationale), unsafe_allow_html=True)
    elif past is not None:
        st.caption("This is the current version.")
    st.button(
        "Revert to this version",
        key=f"revert_{item.id}",
        on_click=actions.on_revert,
        args=(item,),
        disabled=past is None or past.id == current.id,
    )
