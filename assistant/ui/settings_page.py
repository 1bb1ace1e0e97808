"""The settings in plain words (what drafts, whether case text leaves this computer, how much is
retrieved, the limits, where the work is saved), with every setting, secrets masked, behind
Details."""

from __future__ import annotations

import streamlit as st

from assistant.llm.registry import model_spec
from assistant.review.store import store_path
from assistant.settings import Settings
from assistant.ui import context

SIGN_IN = {
    "users_file": "Each reviewer signs in with a name and password",
    "oidc": "Each reviewer signs in with the organisation's account",
    "open": "No sign-in: each reviewer types a name, which is signed on every change",
}


def _yes(flag: bool) -> str:
    return "Yes" if flag else "No"


def _duration(seconds: float) -> str:
    if seconds >= 120:
        return f"{seconds / 60:g} minutes"
    return f"{seconds:g} seconds"


def plain_settings(settings: Settings, sign_in: str) -> list[dict[str, str]]:
    """The settings a reviewer may want to know, as rows of a table in plain words."""
    llm = settings.llm
    offline = model_spec(llm).on_this_computer
    destination = llm.base_url or "OpenAI"
    retrieval = settings.retrieval
    limits = settings.limits
    rows = [
        (
            "Who drafts the rationales",
            "The offline model on this computer"
            if offline
            else f"The model {llm.model} at {destination}",
        ),
        (
            "Case text sent off this computer",
            "No" if offline else f"Yes, to {destination}, for drafting and the chat",
        ),
        (
            "Names, dates of birth and numbers replaced before sending",
            "Nothing is sent" if offline else _yes(settings.privacy.pseudonymize),
        ),
        ("Guideline excerpts read for each item", str(retrieval.k_guidelines)),
        ("Similar past decisions read for each item", str(retrieval.k_determinations)),
        ("MTUS preferred when it addresses the request", _yes(retrieval.mtus_boost > 0)),
        ("Longest time for drafting one item", _duration(llm.item_timeout_s)),
        ("Largest file to upload", f"{limits.max_upload_bytes / 1_000_000:g} MB"),
        ("Largest PDF", f"{limits.max_pdf_pages} pages"),
        ("Longest pasted text", f"{limits.max_pasted_chars:,} characters"),
        ("Sign-in", SIGN_IN[sign_in]),
        ("Where the reviews are saved", str(store_path(settings))),
    ]
    return [{"Setting": name, "Value": value} for name, value in rows]


def render_settings() -> None:
    settings = context.settings()
    st.header("Settings")
    st.table(plain_settings(settings, context.access_mode()), hide_index=True)
    st.caption(
        "An administrator sets these before starting the app. Without a model address or key, "
        "the offline model drafts and nothing leaves this computer."
    )
    with st.expander("Details (every setting, for an administrator)", key="settings_details"):
        masked = settings.masked()
        st.caption(
            f"Model identifier: {model_spec(settings.llm).label}. Each setting can be changed with "
            "an IMR_* environment variable (for example IMR_LLM__MODEL, IMR_LLM__BASE_URL); "
            "secrets are masked."
        )
        st.markdown("**Model**")
        st.json(masked["llm"], expanded=True)
        st.markdown("**Retrieval**")
        st.json(masked["retrieval"], expanded=True)
        st.markdown("**Storage**")
        st.json(
            {
                "data_dir": masked["data_dir"],
                "review_store": str(store_path(settings)),
                "vector_store": masked["store"],
                "embeddings": masked["embeddings"],
            },
            expanded=False,
        )
