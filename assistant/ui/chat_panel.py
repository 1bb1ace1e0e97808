"""Chat about the case: answers grounded in guideline excerpts and case sentences, streamed,
saved with their citations; an answer can become the rationale of the item it is about, after
the reviewer has seen the change."""

from __future__ import annotations

import logging

import streamlit as st

from assistant.chat.answer import CASE_HEADING, EXCERPTS_HEADING
from assistant.chat.apply import (
    ItemSubject,
    answer_topics,
    applied_draft,
    rationale_problem,
    target_item,
)
from assistant.corpus.chunks import ChunkKind
from assistant.drafting.result import ItemDraft
from assistant.errors import IMRError
from assistant.llm.registry import model_spec
from assistant.review.chat import chat_context, stream_answer
from assistant.review.models import CaseRecord, ChatCitation, ChatMessage, ItemRecord
from assistant.ui import actions, context
from assistant.ui.text import md_escape
from assistant.ui.version_diff import word_diff_html

log = logging.getLogger(__name__)

ITEM_TOPICS = 12  # guideline hits of an item's title that say which topics it concerns


def _answer(content: str) -> None:
    paragraphs = [part for part in content.split("\n\n") if part.strip()]
    shown = [
        f"**{part}**" if part in (EXCERPTS_HEADING, CASE_HEADING) else md_escape(part)
        for part in paragraphs
    ]
    st.markdown("\n\n".join(shown))


def _citations(citations: list[ChatCitation]) -> None:
    if not citations:
        return
    with st.expander(f"Sources ({len(citations)})"):
        for citation in citations:
            st.markdown(f"**[{citation.marker}]** {md_escape(citation.label)}")
            st.caption(md_escape(citation.text))


def _subjects(items: list[ItemRecord]) -> dict[int, ItemSubject]:
    """Each item's guideline topics: those found for its title and those its draft cites."""
    searcher = context.searcher()
    snapshot = searcher.snapshot(ChunkKind.GUIDELINE)
    subjects: dict[int, ItemSubject] = {}
    for item in items:
        topics = {
            hit.meta.topic_id
            for hit in searcher.search(item.title, kind=ChunkKind.GUIDELINE, k=ITEM_TOPICS)
            if hit.meta.topic_id
        }
        draft = item.current.draft if item.current is not None else None
        for citation in draft.citations if draft is not None else []:
            position = snapshot.position.get(citation.chunk_id)
            topic = snapshot.metas[position].topic_id if position is not None else None
            if topic:
                topics.add(topic)
        subjects[item.id] = ItemSubject(item_id=item.id, title=item.title, topics=frozenset(topics))
    return subjects


def _apply(
    message: ChatMessage,
    question: str,
    items: list[ItemRecord],
    subjects: dict[int, ItemSubject],
) -> None:
    choices = {item.id: item for item in items if item.current is not None}
    if not choices:
        return
    ids = list(choices)
    target = target_item(
        question,
        answer_topics(message.content, message.citations),
        [subjects[item_id] for item_id in ids],
    )
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    picked = left.selectbox(
        "Item",
        ids,
        index=ids.index(target) if target in ids else 0,
        format_func=lambda item_id: choices[item_id].title,
        key=f"apply_item_{message.id}",
    )
    problem = rationale_problem(message.content, message.citations, subjects[picked])
    right.button(
        "Use as rationale",
        key=f"apply_{message.id}",
        on_click=_on_propose,
        args=(message.id, picked),
        disabled=problem is not None,
    )
    if problem is not None:
        st.warning(problem)
    elif st.session_state.get(f"apply_pending_{message.id}") == picked:
        _confirm(message, choices[picked])


def _on_propose(message_id: int, item_id: int) -> None:
    st.session_state[f"apply_pending_{message_id}"] = item_id


def _on_cancel(message_id: int) -> None:
    st.session_state.pop(f"apply_pending_{message_id}", None)


def _draft_for(message: ChatMessage, item: ItemRecord) -> ItemDraft:
    current = item.current
    return applied_draft(
        current.draft if current is not None else None,
        title=item.title,
        decision=current.decision if current is not None else None,
        maximus_guideline=current.maximus_guideline if current is not None else "",
        content=message.content,
        citations=message.citations,
    )


def _confirm(message: ChatMessage, item: ItemRecord) -> None:
    """The rationale now and as it would be, and the reviewer's confirmation."""
    old = item.current.rationale if item.current is not None else ""
    new = _draft_for(message, item).rationale
    with st.container(border=True, key=f"apply_review_{message.id}"):
        st.markdown(f"**Replace the rationale of {md_escape(item.title)}?**")
        st.caption("Removed words are struck through, added words are marked.")
        st.markdown(
            f'<div class="rationale-diff">{word_diff_html(old, new)}</div>', unsafe_allow_html=True
        )
        now, after = st.columns(2)
        now.markdown("**Now**")
        now.markdown(md_escape(old) or "(empty)")
        after.markdown("**After**")
        after.markdown(md_escape(new))
        confirm, cancel = st.columns(2)
        confirm.button(
            "Confirm: replace the rationale",
            key=f"apply_confirm_{message.id}",
            on_click=_on_apply,
            args=(message, item),
            type="primary",
        )
        cancel.button(
            "Cancel", key=f"apply_cancel_{message.id}", on_click=_on_cancel, args=(message.id,)
        )


def _on_apply(message: ChatMessage, item: ItemRecord) -> None:
    st.session_state.pop(f"apply_pending_{message.id}", None)

    def run(reviewer: str) -> str | None:
        current = item.current
        if current is None:
            return None
        draft = _draft_for(message, item)
        context.store().save_edit(
            item.id,
            item.version,
            reviewer,
            decision=current.decision,
            maximus_guideline=current.maximus_guideline,
            rationale=draft.rationale,
            kind="chat",
            draft=draft,
        )
        actions.reset_editor(item.id)
        return f"The answer is now the rationale of {item.title}; review and accept it there."

    actions.guarded("chat", run)


def render_chat(case: CaseRecord, items: list[ItemRecord]) -> None:
    store = context.store()
    context.show_flash("chat")
    st.caption(model_spec(context.settings().llm).chat_caption)
    messages = store.chat(case.id)
    subjects = _subjects(items) if any(m.role == "assistant" for m in messages) else {}
    question = ""
    for message in messages:
        with st.chat_message(message.role):
            if message.role == "user":
                question = message.content
                st.markdown(md_escape(message.content))
                continue
            _answer(message.content)
            _citations(message.citations)
            _apply(message, question, items, subjects)
    question = st.chat_input("Ask about this case", key="chat_input") or ""
    if not question:
        return
    reviewer = context.reviewer()
    if not reviewer:
        st.warning(actions.NO_NAME)
        return
    store.add_chat(case.id, "user", question, [], reviewer)
    with st.chat_message("user"):
        st.markdown(md_escape(question))
    with st.chat_message("assistant"):
        try:
            grounded = chat_context(
                question, case.summary, context.searcher(), records=store.records(case.id)
            )
            answer = st.write_stream(stream_answer(grounded, context.settings(), context.prompts()))
        except IMRError as error:
            st.error(f"No answer: {error}")
            return
    text = answer if isinstance(answer, str) else "".join(str(part) for part in answer)
    store.add_chat(case.id, "assistant", text, grounded.citations(text), reviewer)
    log.info("chat answer saved for case %d", case.id)
    st.rerun()
