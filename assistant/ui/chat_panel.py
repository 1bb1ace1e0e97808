"""Chat about the case: answers grounded in guideline excerpts and case sentences, streamed,
saved with their citations; an answer can become an item's rationale."""

from __future__ import annotations

import logging

import streamlit as st

from assistant.errors import IMRError
from assistant.llm.registry import model_spec
from assistant.review.chat import chat_context, stream_answer
from assistant.review.models import CaseRecord, ChatCitation, ChatMessage, ItemRecord
from assistant.ui import actions, context
from assistant.ui.text import md_escape

log = logging.getLogger(__name__)


def _citations(citations: list[ChatCitation]) -> None:
    if not citations:
        return
    with st.expander(f"Sources ({len(citations)})"):
        for citation in citations:
            st.markdown(f"**[{citation.marker}]** {md_escape(citation.label)}")
            st.caption(md_escape(citation.text))


def _apply(message: ChatMessage, items: list[ItemRecord]) -> None:
    choices = {item.id: item.title for item in items if item.current is not None}
    if not choices:
        return
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    left.selectbox(
        "Item",
        list(choices),
        format_func=choices.__getitem__,
        key=f"apply_item_{message.id}",
    )
    right.button(
        "Use as rationale",
        key=f"apply_{message.id}",
        on_click=_on_apply,
        args=(message, items),
    )


def _on_apply(message: ChatMessage, items: list[ItemRecord]) -> None:
    picked = st.session_state.get(f"apply_item_{message.id}")
    item = next((item for item in items if item.id == picked), None)

    def run(reviewer: str) -> str | None:
        if item is None or item.current is None:
            return None
        context.store().save_edit(
            item.id,
            item.version,
            reviewer,
            decision=item.current.decision,
            maximus_guideline=item.current.maximus_guideline,
            rationale=message.content,
            kind="chat",
        )
        actions.reset_editor(item.id)
        return f"The answer is now the rationale of {item.title}; review and accept it there."

    actions.guarded("chat", run)


def render_chat(case: CaseRecord, items: list[ItemRecord]) -> None:
    store = context.store()
    context.show_flash("chat")
    st.caption(model_spec(context.settings().llm).chat_caption)
    for message in store.chat(case.id):
        with st.chat_message(message.role):
            st.markdown(md_escape(message.content))
            if message.role == "assistant":
                _citations(message.citations)
                _apply(message, items)
    question = st.chat_input("Ask about this case", key="chat_input")
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
            grounded = chat_context(question, case.summary, context.searcher())
            answer = st.write_stream(stream_answer(grounded, context.settings(), context.prompts()))
        except IMRError as error:
            st.error(f"No answer: {error}")
            return
    text = answer if isinstance(answer, str) else "".join(str(part) for part in answer)
    store.add_chat(case.id, "assistant", text, grounded.citations(), reviewer)
    log.info("chat answer saved for case %d", case.id)
    st.rerun()
