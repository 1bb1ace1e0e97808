"""Sign-in before any page, when configured: the users file's names and passwords, or Streamlit's
OIDC login. The signed-in name becomes the reviewer name and cannot be edited."""

from __future__ import annotations

import logging
import time
from pathlib import Path

import streamlit as st

from assistant.access.throttle import SignInThrottle
from assistant.access.users import authenticate
from assistant.access.users_file import load_users
from assistant.errors import IMRError
from assistant.ui import context
from assistant.ui.text import md_escape

log = logging.getLogger(__name__)

WRONG = "Unknown name or wrong password."


@st.cache_resource(show_spinner=False)
def _throttle(users_file: str, max_failures: int, lockout_s: float) -> SignInThrottle:
    return SignInThrottle(max_failures, lockout_s)


def _try_users_file(users_file: Path, name: str, password: str) -> None:
    app = context.settings().app
    throttle = _throttle(str(users_file), app.max_failed_sign_ins, app.lockout_s)
    locked = throttle.seconds_locked(name)
    if locked:
        st.error(f"Too many failed sign-ins: try again in {int(locked) + 1} seconds.")
        return
    try:
        users = load_users(users_file.expanduser())
    except IMRError as error:
        st.error(f"Sign-in is not available right now; please tell the administrator ({error}).")
        return
    user = authenticate(users, name, password)
    if user is None:
        throttle.failed(name)
        log.warning("failed sign-in")
        time.sleep(app.sign_in_delay_s)
        st.error(WRONG)
        return
    throttle.succeeded(name)
    st.session_state[context.SIGNED_IN_KEY] = user.name
    log.info("reviewer signed in")
    st.rerun()


def _users_file_form(users_file: Path) -> None:
    st.header("Sign in")
    with st.form("sign_in", clear_on_submit=True):
        name = st.text_input("Name", key="sign_in_name")
        password = st.text_input("Password", type="password", key="sign_in_password")
        submitted = st.form_submit_button("Sign in", type="primary", key="sign_in_submit")
    if submitted:
        _try_users_file(users_file, name, password)


def _oidc() -> bool:
    if st.user.is_logged_in:
        name = st.user.get("name") or st.user.get("email") or ""
        st.session_state[context.SIGNED_IN_KEY] = str(name)
        return bool(name)
    st.header("Sign in")
    st.button("Sign in with your organisation's account", key="oidc_sign_in", on_click=st.login)
    return False


def signed_in() -> bool:
    """Whether the pages may be shown: the reviewer is signed in, or no sign-in is configured.
    Otherwise shows the sign-in form."""
    mode = context.access_mode()
    if mode == "open":
        return True
    if mode == "oidc":
        return _oidc()
    if context.reviewer():
        return True
    users_file = context.settings().app.users_file
    if users_file is not None:
        _users_file_form(users_file)
    return False


def _sign_out() -> None:
    mode = context.access_mode()
    for key in list(st.session_state):
        del st.session_state[key]
    st.query_params.clear()
    if mode == "oidc":
        st.logout()


def reviewer_sidebar() -> None:
    """The signed-in name and a sign-out button, or the name field when nobody signs in."""
    if context.access_mode() == "open":
        context.remember_reviewer()
        st.text_input(
            "Reviewer name",
            key=context.REVIEWER_KEY,
            help="Signed on every change you save, and kept when the page is reloaded.",
        )
        return
    st.markdown(f"Signed in as **{md_escape(context.reviewer())}**")
    st.button("Sign out", key="sign_out", on_click=_sign_out)
