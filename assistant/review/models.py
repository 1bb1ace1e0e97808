"""What the review store holds, as typed records."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from assistant.drafting.result import ItemDraft
from assistant.drafting.validate import is_guideline_check
from assistant.letters.models import Decision


class ItemStatus(StrEnum):
    """Where an item stands in review."""

    NEW = "not drafted"
    DRAFTED = "drafted"
    EDITED = "edited"
    ACCEPTED = "accepted"


VersionKind = Literal["model", "edit", "chat", "revert", "rejected"]


class DraftVersion(BaseModel):
    """One saved version of an item's text: a model draft, a reviewer edit, a revert, or an edit
    that lost a conflict (kept, never made current)."""

    model_config = ConfigDict(frozen=True)

    id: int
    item_id: int
    number: int
    kind: VersionKind
    decision: Decision | None
    maximus_guideline: str
    rationale: str
    problems: list[str]
    draft: ItemDraft | None = Field(
        default=None, description="The model's draft this version is, or is based on."
    )
    model: str
    prompt_version: str
    prompt_tokens: int
    completion_tokens: int
    elapsed_ms: float
    instruction: str | None
    author: str
    created_at: datetime


class ItemRecord(BaseModel):
    """A disputed item, its reviewer settings and its current version."""

    model_config = ConfigDict(frozen=True)

    id: int
    case_id: int
    position: int
    title: str
    decision_choice: Decision | None = Field(
        description="The decision the reviewer set; None leaves it to the assistant."
    )
    claims_administrator_guideline: str
    status: ItemStatus
    version: int
    current: DraftVersion | None

    @property
    def problems(self) -> list[str]:
        return self.current.problems if self.current else []

    @property
    def blocking_problems(self) -> list[str]:
        """The problems that must be fixed in the text before the item can be accepted."""
        return blocking(self.problems)


def blocking(problems: list[str]) -> list[str]:
    """All problems but the guideline page checks, which the reviewer settles by accepting."""
    return [problem for problem in problems if not is_guideline_check(problem)]


class CaseRecord(BaseModel):
    """A case under review."""

    model_config = ConfigDict(frozen=True)

    id: int
    case_number: str
    summary: str
    version: int
    created_by: str
    created_at: datetime
    updated_at: datetime


class CaseListing(BaseModel):
    """A case as the history list shows it."""

    model_config = ConfigDict(frozen=True)

    case: CaseRecord
    items: int
    accepted: int


class AuditEvent(BaseModel):
    """Who did what to which case or item, and when."""

    model_config = ConfigDict(frozen=True)

    id: int
    case_id: int
    item_id: int | None
    action: str
    reviewer: str
    at: datetime
    detail: str


class ChatCitation(BaseModel):
    """An excerpt or case sentence a chat answer cites, by its marker; an excerpt also keeps
    what an item's citation needs (chunk, house-style citation, pages, topic)."""

    model_config = ConfigDict(frozen=True)

    marker: str
    label: str
    text: str
    chunk_id: str = ""
    citation: str = ""
    pages: list[int] = Field(default_factory=list)
    source: str = ""
    section: str | None = None
    topic_id: str | None = None


class ChatMessage(BaseModel):
    """One saved turn of the case chat."""

    model_config = ConfigDict(frozen=True)

    id: int
    case_id: int
    role: Literal["user", "assistant"]
    content: str
    citations: list[ChatCitation]
    reviewer: str
    at: datetime


class PurgeReport(BaseModel):
    """What `imr purge` removed for one case."""

    case_id: int
    case_number: str
    items: int
    versions: int
    chat_messages: int
    audit_events: int
