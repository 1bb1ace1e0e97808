"""A case made from its records: the case summary sentence by sentence with links to the pages
each came from, the page a link opens in a panel beside it (its text, with the sentence's numbers
highlighted), and the documents reviewed, one line each."""

from __future__ import annotations

import html
import re

import streamlit as st

from assistant.review.models import CaseRecord
from assistant.review.records import CaseRecords, LinkedSentence, figures, linked_sentences
from assistant.ui import context
from assistant.ui.text import md_escape

OPEN_PAGE = "records_open_page"
"""Session key of the open page: (case id, sentence index, page number)."""
EDIT_NOTE = (
    "Each sentence links to the record pages it came from. Edit the summary under Case "
    "details: sentences you leave unchanged keep their page links; a sentence you change or add "
    "has none."
)


def render_case_records(case: CaseRecord) -> None:
    """The page-linked summary, the open page and the documents reviewed; nothing for a case
    that was not made from records."""
    records = context.store().records(case.id)
    if records is None:
        return
    linked = linked_sentences(case.summary, records.summary_sentences)
    opened = st.session_state.get(OPEN_PAGE)
    page = opened[1:] if opened and opened[0] == case.id else None
    with st.expander("Case summary from the records", expanded=True, key="case_records"):
        st.caption(EDIT_NOTE)
        summary, side = st.columns([3, 2]) if page is not None else (st.container(), None)
        with summary:
            for index, sentence in enumerate(linked):
                _sentence(case.id, index, sentence)
        if side is not None and page is not None:
            with side:
                _open_page(records, linked, *page)
        _documents(records)


def _sentence(case_id: int, index: int, sentence: LinkedSentence) -> None:
    text_column, links_column = st.columns([6, 1], vertical_alignment="center")
    text_column.markdown(md_escape(sentence.text))
    if not sentence.pages:
        links_column.caption("no page link")
        return
    for page in sentence.pages:
        links_column.button(
            f"p. {page}",
            key=f"records_link_{index}_{page}",
            type="tertiary",
            icon=":material/description:",
            on_click=_on_open,
            args=(case_id, index, page),
            help=f"Show page {page} of the records",
        )


def _on_open(case_id: int, index: int, page: int) -> None:
    st.session_state[OPEN_PAGE] = (case_id, index, page)


def _on_close() -> None:
    st.session_state.pop(OPEN_PAGE, None)


def _open_page(records: CaseRecords, linked: list[LinkedSentence], index: int, page: int) -> None:
    """The page a link opened, beside the summary."""
    sentence = linked[index].text if index < len(linked) else ""
    with st.container(border=True, key="records_page"):
        st.markdown(f"**Records p. {page}**")
        st.button("Close page", key="records_page_close", on_click=_on_close)
        text = records.pages.get(page)
        if text is None:
            st.warning(f"Page {page} has no text in the records (it may be a scanned image).")
            return
        st.caption("The numbers of the sentence you opened the page from are highlighted.")
        st.markdown(
            f'<div class="record-page">{highlighted_page(text, figures(sentence))}</div>',
            unsafe_allow_html=True,
        )


def highlighted_page(text: str, marked: list[str]) -> str:
    """The page as HTML, line breaks kept, each of the given figures marked where it stands
    alone (not inside a longer number)."""
    escaped = html.escape(text)
    if marked:
        pattern = re.compile(
            r"(?<![\w.])(" + "|".join(re.escape(html.escape(f)) for f in marked) + r")(?![\w])"
        )
        escaped = pattern.sub(r"<mark>\1</mark>", escaped)
    return escaped.replace("\n", "<br>")


def _documents(records: CaseRecords) -> None:
    if not records.documents:
        return
    st.markdown(f"**Documents reviewed ({len(records.documents)})**")
    st.markdown("\n".join(f"- {md_escape(document.line())}" for document in records.documents))
