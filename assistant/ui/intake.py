"""New case: upload a case file or a letter, or paste text; the case is saved at once and opened."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

import streamlit as st

from assistant.errors import IMRError
from assistant.intake.reviewed import reviewed_lines
from assistant.review.intake import IntakeCase, case_from_text, case_from_upload
from assistant.review.models import CaseRecords
from assistant.ui import actions, context

log = logging.getLogger(__name__)

MEBIBYTE = 1 << 20
SHOWN_PAGE = "records_page"


def _start(intake: IntakeCase) -> None:
    reviewer = context.reviewer()
    case_id = context.store().create_case(
        intake.case_number, intake.summary, intake.items, reviewer, intake.records
    )
    log.info("created case %d with %d item(s)", case_id, len(intake.items))
    if intake.note:
        context.flash("case", "info", intake.note)
    st.query_params[context.CASE_PARAM] = str(case_id)
    st.rerun()


def _read(reader_name: str, read: Callable[[], IntakeCase]) -> IntakeCase | None:
    try:
        return read()
    except IMRError as error:
        st.error(f"Could not read {reader_name}: {error}")
    except Exception as error:
        log.debug("intake failure", exc_info=True)
        st.error(f"Could not read {reader_name}: {error.__class__.__name__}: {error}")
    return None


def render_intake() -> None:
    st.header("New case")
    st.write(
        "Upload the case file (.json), a determination letter or the case's records (the UR "
        "determination, RFA, progress reports and other records as .txt, or .pdf with a text "
        "layer), or paste the text. The case number, summary and disputed items are read from "
        "it; you can change all of them afterwards."
    )
    if not context.reviewer():
        st.info(actions.NO_NAME)
    limits = context.settings().limits
    upload = st.file_uploader(
        "Case file or letter",
        key="intake_upload",
        max_upload_size=math.ceil(limits.max_upload_bytes / MEBIBYTE),
        help=f"Up to {limits.max_upload_bytes / 1_000_000:g} MB; a PDF up to "
        f"{limits.max_record_pages} pages.",
    )
    if st.button("Start review from the file", key="intake_from_file", disabled=upload is None):
        if not context.reviewer():
            st.warning(actions.NO_NAME)
        elif upload is not None:
            data = upload.getvalue()
            intake = _read(upload.name, lambda: case_from_upload(upload.name, data, limits))
            if intake is not None:
                _start(intake)
    st.text_area(
        'Or paste the case, letter or clinical note (with its "Request:" line)',
        key="intake_text",
        height=200,
        help=f"Up to {limits.max_pasted_chars:,} characters.",
    )
    if st.button("Start review from the pasted text", key="intake_from_text"):
        if not context.reviewer():
            st.warning(actions.NO_NAME)
        else:
            text = str(st.session_state.get("intake_text", ""))
            intake = _read("the pasted text", lambda: case_from_text(text, limits))
            if intake is not None:
                _start(intake)


def _show_page(case_id: int, page: int) -> None:
    st.session_state[f"{SHOWN_PAGE}_{case_id}"] = page


def _summary_with_pages(case_id: int, records: CaseRecords) -> None:
    for number, sentence in enumerate(records.summary_sentences):
        text_column, pages_column = st.columns([6, 1])
        text_column.write(sentence.text)
        for page in sentence.pages:
            pages_column.button(
                f"p. {page}",
                key=f"records_cite_{number}_{page}",
                help=f"Show page {page} of the records",
                on_click=_show_page,
                args=(case_id, page),
            )


def render_records(case_id: int) -> None:
    """The case summary drawn from the records with a link to each sentence's page, the page
    itself when one is chosen, and the documents reviewed one per line."""
    records = context.store().case_records(case_id)
    if records is None:
        return
    st.subheader("From the records")
    st.caption(
        "The summary as drawn from the records, each sentence with the page it came from; "
        "choose a page to read it."
    )
    _summary_with_pages(case_id, records)
    shown = st.session_state.get(f"{SHOWN_PAGE}_{case_id}")
    if isinstance(shown, int) and shown in records.pages:
        with st.container(border=True, key="records_page_text"):
            st.markdown(f"**Page {shown}**")
            st.text(records.pages[shown] or "(no text layer on this page)")
    with st.expander(f"Documents reviewed ({len(records.documents)})", key="records_documents"):
        st.markdown("\n".join(f"- {line}" for line in reviewed_lines(records.documents)))
