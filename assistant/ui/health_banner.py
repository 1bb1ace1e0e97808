"""The start-up self-check of both stores, shown as a banner that says what to do."""

from __future__ import annotations

import streamlit as st

from assistant.health import StoreHealth
from assistant.review.health import check_review_store
from assistant.review.store import store_path
from assistant.settings import Settings
from assistant.store.health import check_vector_store
from assistant.ui import context

CHECK_EVERY_S = 300


@st.cache_resource(show_spinner=False, ttl=CHECK_EVERY_S)
def _checks(_settings: Settings, settings_key: str) -> list[StoreHealth]:
    return [check_review_store(store_path(_settings)), check_vector_store(_settings)]


def show_store_health() -> None:
    """An error banner for each store that failed its check (checked once per process and
    every few minutes, not on every rerun)."""
    current = context.settings()
    for report in _checks(current, current.model_dump_json()):
        if not report.healthy:
            st.error(f"Storage problem: {report.summary()}.", icon="⚠️")
