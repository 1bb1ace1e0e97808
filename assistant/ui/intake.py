"""New case: upload a case file or a letter, or paste text; the case is saved at once and opened."""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

import streamlit as st

from assistant.errors import IMRError
from assistant.intake.model_summary import configured_summariser
from assistant.review.intake import (
    IntakeCase,
    Summarise,
    case_from_text,
    case_from_upload,
    start_case,
)
from assistant.ui import actions, context

log = logging.getLogger(__name__)

MEBIBYTE = 1 << 20


def _start(intake: IntakeCase) -> None:
    reviewer = context.reviewer()
    case_id = start_case(context.store(), intake, reviewer)
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


def _summariser() -> Summarise | None:
    """The configured chat model's case-summary writer for records; None offline."""
    return configured_summariser(context.settings())


def render_intake() -> None:
    st.header("New case")
    st.write(
        "Upload the case file (.json), a determination letter, or the case's records as one "
        "PDF bundle (IMR application, UR determination, reports; .pdf with a text layer, or "
        ".txt), or paste the text. The case number, summary and disputed items are read from "
        "it; you can change all of them afterwards."
    )
    if not context.reviewer():
        st.info(actions.NO_NAME)
    limits = context.settings().limits
    upload = st.file_uploader(
        "Case file, letter or records",
        key="intake_upload",
        max_upload_size=math.ceil(limits.max_upload_bytes / MEBIBYTE),
        help=f"Up to {limits.max_upload_bytes / 1_000_000:g} MB; a letter PDF up to "
        f"{limits.max_pdf_pages} pages, a records bundle up to {limits.max_record_pages}.",
    )
    if st.button("Start review from the file", key="intake_from_file", disabled=upload is None):
        if not context.reviewer():
            st.warning(actions.NO_NAME)
        elif upload is not None:
            data = upload.getvalue()
            intake = _read(
                upload.name,
                lambda: case_from_upload(upload.name, data, limits, _summariser()),
            )
            if intake is not None:
                _start(intake)
    st.text_area(
        "Or paste the case, letter or clinical note (with its Request: line)",
        key="intake_text",
        height=200,
        help=f"Up to {limits.max_pasted_chars:,} characters.",
    )
    if st.button("Start review from the pasted text", key="intake_from_text"):
        if not context.reviewer():
            st.warning(actions.NO_NAME)
        else:
            text = str(st.session_state.get("intake_text", ""))
            intake = _read("the pasted text", lambda: case_from_text(text, limits, _summariser()))
            if intake is not None:
                _start(intake)
