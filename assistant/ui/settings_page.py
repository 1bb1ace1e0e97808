"""The effective settings (model and retrieval first), with every secret masked."""

from __future__ import annotations

import streamlit as st

from assistant.llm.registry import model_spec
from assistant.review.store import store_path
from assistant.ui import context


def render_settings() -> None:
    settings = context.settings()
    masked = settings.masked()
    st.header("Settings")
    st.markdown(f"**Drafting model:** {model_spec(settings.llm).label}")
    st.caption(
        "Set with IMR_* environment variables before starting the app (for example "
        "IMR_LLM__API_KEY, IMR_LLM__BASE_URL, IMR_LLM__MODEL). Without a key or URL the offline "
        "model drafts and nothing leaves this machine."
    )
    st.subheader("Model")
    st.json(masked["llm"], expanded=True)
    st.subheader("Retrieval")
    st.json(masked["retrieval"], expanded=True)
    st.subheader("Storage")
    st.json(
        {
            "data_dir": masked["data_dir"],
            "review_store": str(store_path(settings)),
            "vector_store": masked["store"],
            "embeddings": masked["embeddings"],
        },
        expanded=False,
    )
