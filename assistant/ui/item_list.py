"""The case's items at a glance: each item's status and decision with a link to it, and one
button that accepts every reviewed item that is ready."""

from __future__ import annotations

import streamlit as st

from assistant.review.models import DraftVersion, ItemRecord, ItemStatus
from assistant.review.store import ConflictError, ReviewStoreError
from assistant.ui import actions, context
from assistant.ui.text import md_escape

STATUS_BADGES = {
    ItemStatus.NEW: ":grey-badge[not drafted]",
    ItemStatus.DRAFTED: ":orange-badge[drafted, to review]",
    ItemStatus.EDITED: ":blue-badge[edited, to review]",
    ItemStatus.ACCEPTED: ":green-badge[accepted]",
}


def anchor(item: ItemRecord) -> str:
    return f"item-{item.id}"


def ready_to_accept(items: list[ItemRecord]) -> list[ItemRecord]:
    """Drafted or edited items with a decision and no problem that blocks accepting them."""
    return [
        item
        for item in items
        if item.status in (ItemStatus.DRAFTED, ItemStatus.EDITED)
        and item.current is not None
        and item.current.decision is not None
        and not item.blocking_problems
    ]


def proposed_by_assistant(current: DraftVersion) -> bool:
    """The version's decision is the assistant's proposal, not yet confirmed by an edit."""
    draft = current.draft
    return (
        draft is not None
        and draft.proposal is not None
        and current.kind in ("model", "revert")
        and current.rationale == draft.rationale
        and current.decision == draft.decision
    )


def _line(number: int, item: ItemRecord) -> str:
    current = item.current
    parts = [f"{number}. [{md_escape(item.title)}](#{anchor(item)})", STATUS_BADGES[item.status]]
    if current is not None and current.decision is not None:
        who = "proposed" if proposed_by_assistant(current) else "reviewer's"
        parts.append(f"{current.decision.value} ({who})")
    if item.blocking_problems:
        parts.append(f":red-badge[{len(item.blocking_problems)} problem(s) to resolve]")
    return " ".join(parts)


def render_item_list(items: list[ItemRecord]) -> None:
    if not items:
        return
    with st.container(border=True, key="item_list"):
        st.markdown("**Items**")
        st.markdown("\n".join(_line(number, item) for number, item in enumerate(items, 1)))
        ready = ready_to_accept(items)
        st.button(
            f"Accept all drafted items without problems ({len(ready)})",
            key="accept_ready",
            disabled=not ready,
            on_click=on_accept_ready,
            args=(ready,),
            help="Accepts every drafted or edited item that has a decision and no problem left.",
        )


def on_accept_ready(ready: list[ItemRecord]) -> None:
    def run(reviewer: str) -> str | None:
        store = context.store()
        refused: list[str] = []
        for item in ready:
            try:
                store.accept(item.id, item.version, reviewer)
            except (ConflictError, ReviewStoreError) as error:
                refused.append(f"{item.title}: {error}")
            actions.reset_editor(item.id)
        accepted = f"Accepted {len(ready) - len(refused)} item(s)."
        if not refused:
            return accepted
        context.flash("case", "warning", f"{accepted} Not accepted: " + "; ".join(refused))
        return None

    actions.guarded("case", run)
