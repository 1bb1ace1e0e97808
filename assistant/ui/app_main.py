"""The app: sign-in when configured, the reviewer's name in the sidebar and the pages (case,
history, settings)."""

from __future__ import annotations

import streamlit as st

from assistant.llm.registry import model_spec
from assistant.settings import LLMSettings
from assistant.ui import context
from assistant.ui.health_banner import show_store_health
from assistant.ui.history import render_history
from assistant.ui.settings_page import render_settings
from assistant.ui.sign_in import reviewer_sidebar, signed_in
from assistant.ui.workspace import LAST_CASE_KEY, render_case_page


def case_page() -> st.Page:
    return st.Page(render_case_page, title="Case", url_path="case", default=True)


def _history() -> None:
    render_history(case_page())


def drafting_caption(llm: LLMSettings) -> str:
    """Who drafts, in words, and whether case text leaves this computer."""
    spec = model_spec(llm)
    if spec.on_this_computer:
        return "Drafting: the offline model on this computer; no case text leaves it."
    return f"Drafting: {spec.label}; case text is sent to that model."


def _sidebar() -> None:
    with st.sidebar:
        reviewer_sidebar()
        st.caption(drafting_caption(context.settings().llm))
        if context.open_case_id() is not None and st.button("New case", key="new_case"):
            st.session_state.pop(LAST_CASE_KEY, None)
            context.close_case()
            st.rerun()


def main() -> None:
    st.set_page_config(page_title="IMR reviewer workspace", layout="wide")
    if not signed_in():
        return
    navigation = st.navigation(
        [
            case_page(),
            st.Page(_history, title="History", url_path="history"),
            st.Page(render_settings, title="Settings", url_path="settings"),
        ]
    )
    _sidebar()
    show_store_health()
    navigation.run()
