"""History: every case in the store, to reopen or delete (with all its data, scrubbed from the
file like `imr purge`; the store-wide audit trail records who deleted it)."""

from __future__ import annotations

import streamlit as st

from assistant.ui import actions, context


def _on_delete(case_id: int, number: str) -> None:
    """Purge the case as `imr purge` does (no text left in the file), signed by the reviewer."""

    def delete(reviewer: str) -> str:
        context.store().purge_case(case_id, reviewer)
        if context.open_case_id() == case_id:
            context.close_case()
        return f"Deleted case {number} and all of its data."

    actions.guarded("history", delete)


def render_history(open_page: st.Page | None = None) -> None:
    st.header("Cases")
    context.show_flash("history")
    listings = context.store().list_cases()
    if not listings:
        st.info("No case yet: start one on the Case page.")
        return
    for listing in listings:
        case = listing.case
        with st.container(border=True, key=f"history_{case.id}"):
            left, middle, right = st.columns([4, 1, 1], vertical_alignment="center")
            left.markdown(
                f"**{case.case_number}** · {listing.accepted} of {listing.items} "
                f"items accepted · last changed {case.updated_at:%b %d, %Y at %H:%M} UTC"
            )
            if middle.button("Open", key=f"open_{case.id}"):
                if open_page is None:
                    st.query_params[context.CASE_PARAM] = str(case.id)
                else:
                    st.switch_page(open_page, query_params={context.CASE_PARAM: str(case.id)})
            confirm = right.checkbox(
                "Confirm delete",
                key=f"confirm_delete_{case.id}",
                help="Deletes the case, its drafts, chat and audit trail for good.",
            )
            right.button(
                "Delete",
                key=f"delete_{case.id}",
                disabled=not confirm,
                on_click=_on_delete,
                args=(case.id, case.case_number),
            )
