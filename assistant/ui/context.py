"""What every page needs: the settings, the process-wide drafting resources, the review store,
the reviewer's name (the signed-in one when sign-in is configured) and the open case (kept in the
URL so a reload reopens it)."""

from __future__ import annotations

import os
from typing import Literal

import streamlit as st

from assistant.drafting.chain import DraftingChain, build_chain
from assistant.prompts import PromptSet, load_prompts
from assistant.retrieval.factory import build_searcher
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.review.store import ReviewStore
from assistant.settings import Settings, load_settings

REVIEWER_KEY = "reviewer_name"
SIGNED_IN_KEY = "signed_in_reviewer"

AccessMode = Literal["users_file", "oidc", "open"]
CASE_PARAM = "case"


@st.cache_resource(show_spinner=False)
def _settings(environment_key: str) -> Settings:
    return load_settings()


def settings() -> Settings:
    """The settings from the environment; one object per distinct environment, so the searcher
    and chain built from it are shared by every session."""

    key = "|".join(f"{k}={v}" for k, v in sorted(os.environ.items()) if k.startswith("IMR_"))
    return _settings(key)


@st.cache_resource(show_spinner="Loading the drafting model and the guideline index...")
def drafting_chain(_settings: Settings, settings_key: str) -> DraftingChain:
    return build_chain(_settings)


def chain() -> DraftingChain:
    current = settings()
    return drafting_chain(current, current.model_dump_json())


def searcher() -> CorpusSearcher:
    return build_searcher(settings())


def prompts() -> PromptSet:
    return load_prompts(settings().prompts_dir)


def store() -> ReviewStore:
    return ReviewStore.for_settings(settings())


def access_mode() -> AccessMode:
    """How reviewers are known: signed in against the users file, signed in with Streamlit's
    OIDC login (an `[auth]` section in `.streamlit/secrets.toml`), or by the name they type."""
    if settings().app.users_file is not None:
        return "users_file"
    if st.secrets.load_if_toml_exists() and "auth" in st.secrets:
        return "oidc"
    return "open"


def reviewer() -> str:
    """The name signed on every change; with sign-in configured, only the signed-in name."""
    if access_mode() != "open":
        return str(st.session_state.get(SIGNED_IN_KEY, ""))
    return str(st.session_state.get(REVIEWER_KEY, "")).strip()


def open_case_id() -> int | None:
    value = st.query_params.get(CASE_PARAM)
    return int(value) if value and value.isdigit() else None


def flash(key: str, kind: str, message: str) -> None:
    """Remember a message to show next to a component on the next run."""
    st.session_state[f"flash_{key}"] = (kind, message)


def show_flash(key: str) -> None:
    found = st.session_state.pop(f"flash_{key}", None)
    if found is None:
        return
    kind, message = found
    {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(message)
