"""What every page needs: the settings, the process-wide drafting resources, the review store,
the reviewer's name (the signed-in one when sign-in is configured; a typed name is kept in the URL
so a reload keeps it), the open case (kept in the URL so a reload reopens it) and the messages
left next to a component."""

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
REVIEWER_PARAM = "reviewer"


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
    if REVIEWER_KEY in st.session_state:
        return str(st.session_state[REVIEWER_KEY]).strip()
    return str(st.query_params.get(REVIEWER_PARAM, "")).strip()


def remember_reviewer() -> None:
    """Keep the typed name and the URL in step: a new session (a reload) starts with the name
    the URL remembers, and a name typed or changed is written back to the URL."""
    state = st.session_state
    if REVIEWER_KEY not in state:
        state[REVIEWER_KEY] = str(st.query_params.get(REVIEWER_PARAM, "")).strip()
    name = str(state[REVIEWER_KEY]).strip()
    if not name:
        st.query_params.pop(REVIEWER_PARAM, None)
    elif st.query_params.get(REVIEWER_PARAM) != name:
        st.query_params[REVIEWER_PARAM] = name


def close_case() -> None:
    """Leave the open case (the reviewer's name stays in the URL)."""
    st.query_params.pop(CASE_PARAM, None)


def open_case_id() -> int | None:
    value = st.query_params.get(CASE_PARAM)
    return int(value) if value and value.isdigit() else None


UNSHOWN = -1
"""The case a message belongs to before it is first shown: the case open when it is."""


def flash(key: str, kind: str, message: str) -> None:
    """Leave a message next to a component: it stays through every later run (a rerun for
    another reason does not erase it) until the next action on the same component replaces or
    clears it, or another case is opened than the one it was first shown on."""
    st.session_state[f"flash_{key}"] = (kind, message, UNSHOWN)


def clear_flash(key: str) -> None:
    st.session_state.pop(f"flash_{key}", None)


def show_flash(key: str) -> None:
    found = st.session_state.get(f"flash_{key}")
    if found is None:
        return
    kind, message, case_id = found
    if case_id == UNSHOWN:
        st.session_state[f"flash_{key}"] = (kind, message, open_case_id())
    elif case_id != open_case_id():
        clear_flash(key)
        return
    {"error": st.error, "warning": st.warning, "success": st.success}.get(kind, st.info)(message)
