"""The audit trail in plain words: when, who, what was done, to which item (by its title) and
the details, one row per event."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

import streamlit as st
from pydantic import ValidationError

from assistant.review.export import LETTER_DETAILS, LetterDetails
from assistant.review.models import AuditEvent, ItemRecord

ACTIONS = {
    "create case": "Opened the case",
    "edit case": "Changed the case details",
    "add item": "Added an item",
    "edit item": "Changed the item's settings",
    "remove item": "Removed an item",
    "draft": "Drafted",
    "edit": "Edited the text",
    "revert": "Went back to an earlier text",
    "apply chat": "Used a chat answer as the rationale",
    "accept": "Accepted",
    "conflict": "Edit not applied: another reviewer had saved first",
    "export": "Downloaded the letter",
    LETTER_DETAILS: "Set the letter details",
}
FILE_KINDS = {"txt": "as a plain text file", "docx": "as a Word file"}
REMOVED = "(a removed item)"
WHOLE_CASE = "the whole case"
_VERSION = re.compile(r"\bv(\d+)\b")
_ITEMS = re.compile(r"^(\d+) item\(s\)$")


def item_titles(events: Sequence[AuditEvent], items: Sequence[ItemRecord]) -> dict[int, str]:
    """Every item's title by id: the current ones, and those the trail names when added."""
    titles = {
        event.item_id: event.detail
        for event in events
        if event.item_id is not None and event.action == "add item"
    }
    titles.update({item.id: item.title for item in items})
    return titles


def _detail(event: AuditEvent) -> str:
    detail = event.detail
    if event.action == LETTER_DETAILS:
        try:
            return LetterDetails.model_validate_json(detail).describe()
        except ValidationError:
            return detail
    if event.action == "export":
        return FILE_KINDS.get(detail, detail)
    if event.action == "edit item":
        return detail.replace("decision None", "decision left to the assistant")
    if event.action == "create case" and (found := _ITEMS.match(detail)):
        return f"{found.group(1)} disputed item(s)"
    return _VERSION.sub(r"version \1", detail)


def _item(event: AuditEvent, titles: Mapping[int, str]) -> str:
    if event.item_id is None:
        return event.detail if event.action == "remove item" else WHOLE_CASE
    return titles.get(event.item_id, REMOVED)


def audit_rows(events: Sequence[AuditEvent], items: Sequence[ItemRecord]) -> list[dict[str, str]]:
    """The trail as table rows, in plain words, newest last."""
    titles = item_titles(events, items)
    return [
        {
            "When (UTC)": f"{event.at:%Y-%m-%d %H:%M}",
            "Who": event.reviewer,
            "What": ACTIONS.get(event.action, event.action.capitalize()),
            "Item": _item(event, titles),
            "Details": "" if event.action == "remove item" else _detail(event),
        }
        for event in events
    ]


def render_audit(events: Sequence[AuditEvent], items: Sequence[ItemRecord]) -> None:
    st.caption("Every change to this case, who made it and when.")
    st.table(audit_rows(events, items), hide_index=True)
