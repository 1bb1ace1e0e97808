"""What the reviewer's buttons do: each saves to the review store at once and leaves a message
for the component that asked. Conflicts and bad input become messages, never tracebacks."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable

import streamlit as st

from assistant.drafting.request import DraftRequest
from assistant.drafting.result import ItemDraft
from assistant.errors import IMRError
from assistant.letters.models import Decision
from assistant.llm.progress import reporting, status_line
from assistant.review.models import CaseRecord, DraftVersion, ItemRecord
from assistant.review.store import ConflictError
from assistant.ui import context

log = logging.getLogger(__name__)

LEAVE_TO_ASSISTANT = "Leave to the assistant"
DECISION_OPTIONS = [LEAVE_TO_ASSISTANT, Decision.UPHELD.value, Decision.OVERTURNED.value]
NO_NAME = "Enter your name in the sidebar (Reviewer name) first: every change is signed."
UNCHANGED_BY_INSTRUCTION = (
    "The instruction did not change the draft, so no new version was saved. Try other words, "
    "or edit the text yourself."
)
UNCHANGED = "The new draft is the same as the current text, so no new version was saved."


def editor_keys(item_id: int) -> list[str]:
    return [f"edit_{name}_{item_id}" for name in ("base", "text", "decision", "maximus")]


def reset_editor(item_id: int) -> None:
    """Forget the editor's unsaved state so it shows the stored version on the next run."""
    for key in editor_keys(item_id):
        st.session_state.pop(key, None)


def guarded(flash_key: str, action: Callable[[str], str | None]) -> None:
    """Run an action with the reviewer's name; show its result or its error by flash_key (the
    message of the previous action there goes)."""
    context.clear_flash(flash_key)
    reviewer = context.reviewer()
    if not reviewer:
        context.flash(flash_key, "warning", NO_NAME)
        return
    try:
        message = action(reviewer)
    except ConflictError as error:
        context.flash(flash_key, "error", str(error))
        return
    except IMRError as error:
        context.flash(flash_key, "error", f"Could not do that: {error}")
        return
    if message:
        context.flash(flash_key, "success", message)


def same_text(draft: ItemDraft, current: DraftVersion | None) -> bool:
    """Whether a new draft says exactly what the item's current version says."""
    return (
        current is not None
        and draft.rationale == current.rationale
        and draft.decision == current.decision
        and draft.maximus_guideline == current.maximus_guideline
    )


def new_draft(
    case: CaseRecord, item: ItemRecord, instruction: str | None
) -> tuple[ItemDraft, float]:
    """A fresh draft of one item with the chain, and the milliseconds it took."""
    request = DraftRequest(
        case_id=case.case_number,
        summary=case.summary,
        title=item.title,
        decision=item.decision_choice,
        claims_administrator_guideline=item.claims_administrator_guideline or None,
        instruction=instruction or None,
    )
    start = time.perf_counter()
    status = st.empty()
    with reporting(lambda current: status.caption(status_line(current))):
        draft = context.chain().draft(request)
    status.empty()
    elapsed = (time.perf_counter() - start) * 1000
    log.info("drafted item %d in %.0f ms", item.id, elapsed)
    return draft, elapsed


def _save(
    item: ItemRecord, reviewer: str, draft: ItemDraft, elapsed: float, instruction: str | None
) -> None:
    context.store().save_draft(
        item.id, item.version, reviewer, draft, elapsed_ms=elapsed, instruction=instruction
    )
    reset_editor(item.id)


def draft_item(case: CaseRecord, item: ItemRecord, reviewer: str, instruction: str | None) -> None:
    """Draft one item with the chain and save the draft as its new version."""
    draft, elapsed = new_draft(case, item, instruction)
    _save(item, reviewer, draft, elapsed, instruction)


def _regenerate_key(item: ItemRecord) -> str:
    return f"regenerate_asked_{item.id}"


def regenerate_asked(item: ItemRecord) -> bool:
    """Whether the reviewer asked to regenerate an item that holds their text, at this version."""
    return st.session_state.get(_regenerate_key(item)) == item.version


def on_ask_regenerate(item: ItemRecord) -> None:
    st.session_state[_regenerate_key(item)] = item.version


def on_keep_text(item: ItemRecord) -> None:
    st.session_state.pop(_regenerate_key(item), None)


def on_draft(case: CaseRecord, item: ItemRecord) -> None:
    """Regenerate one item; a draft that says what the current version says is not saved."""
    st.session_state.pop(_regenerate_key(item), None)
    instruction = str(st.session_state.get(f"instruction_{item.id}", "")).strip() or None
    key = f"item_{item.id}"

    def run(reviewer: str) -> str | None:
        draft, elapsed = new_draft(case, item, instruction)
        if same_text(draft, item.current):
            context.flash(key, "info", UNCHANGED_BY_INSTRUCTION if instruction else UNCHANGED)
            return None
        _save(item, reviewer, draft, elapsed, instruction)
        return "Drafted again with your instruction." if instruction else "Drafted."

    guarded(key, run)


def on_accept(item: ItemRecord) -> None:
    def run(reviewer: str) -> str:
        context.store().accept(item.id, item.version, reviewer)
        reset_editor(item.id)
        return "Accepted."

    guarded(f"item_{item.id}", run)


def on_save_edit(item: ItemRecord) -> None:
    state = st.session_state
    base = int(state.get(f"edit_base_{item.id}", item.version))
    choice = str(state.get(f"edit_decision_{item.id}", LEAVE_TO_ASSISTANT))

    def run(reviewer: str) -> str:
        context.store().save_edit(
            item.id,
            base,
            reviewer,
            decision=None if choice == LEAVE_TO_ASSISTANT else Decision(choice),
            maximus_guideline=str(state.get(f"edit_maximus_{item.id}", "")),
            rationale=str(state.get(f"edit_text_{item.id}", "")),
        )
        reset_editor(item.id)
        return "Your edit is saved."

    guarded(f"item_{item.id}", run)


def on_reload(item: ItemRecord) -> None:
    reset_editor(item.id)
    context.flash(f"item_{item.id}", "info", "Showing the latest saved version.")


def on_revert(item: ItemRecord) -> None:
    picked = st.session_state.get(f"revert_pick_{item.id}")

    def run(reviewer: str) -> str | None:
        if picked is None:
            return None
        context.store().revert(item.id, item.version, reviewer, int(picked))
        reset_editor(item.id)
        return "Reverted: the earlier text is now the current version."

    guarded(f"item_{item.id}", run)


def on_save_item(item: ItemRecord) -> None:
    state = st.session_state
    choice = str(state.get(f"item_decision_{item.id}", LEAVE_TO_ASSISTANT))
    title = " ".join(str(state.get(f"item_title_{item.id}", item.title)).split())

    def run(reviewer: str) -> str:
        if not title:
            raise IMRError("the item needs a title")
        context.store().update_item(
            item.id,
            item.version,
            reviewer,
            title=title,
            decision_choice=None if choice == LEAVE_TO_ASSISTANT else Decision(choice),
            claims_administrator_guideline=str(state.get(f"item_claims_{item.id}", "")).strip(),
        )
        return "Item saved."

    guarded(f"item_{item.id}", run)


def on_remove_item(item: ItemRecord) -> None:
    def run(reviewer: str) -> str:
        context.store().remove_item(item.id, item.version, reviewer)
        return f"Removed {item.title}."

    guarded("case", run)


def on_add_item(case: CaseRecord) -> None:
    title = " ".join(str(st.session_state.get("new_item_title", "")).split())

    def run(reviewer: str) -> str:
        if not title:
            raise IMRError("type the item's title first")
        context.store().add_item(case.id, title, reviewer)
        st.session_state["new_item_title"] = ""
        return f"Added {title}."

    guarded("case", run)


def on_save_case(case: CaseRecord) -> None:
    state = st.session_state
    number = str(state.get("case_number", case.case_number)).strip()
    summary = str(state.get("case_summary", case.summary)).strip()

    def run(reviewer: str) -> str:
        if not number or not summary:
            raise IMRError("the case needs a case number and a summary")
        context.store().update_case(
            case.id, case.version, reviewer, case_number=number, summary=summary
        )
        return "Case details saved."

    guarded("case", run)
