"""The unit of retrieval: a chunk of guideline text or one past determination item."""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from assistant.letters.sources import GuidelineSource

LIST_SEPARATOR = "|"


def _split(value: object) -> list[str]:
    return [part for part in str(value or "").split(LIST_SEPARATOR) if part]


class ChunkKind(StrEnum):
    GUIDELINE = "guideline"
    DETERMINATION = "determination"


class ChunkMeta(BaseModel):
    """Metadata stored with every chunk. Flat scalars only, so Chroma can filter on it.

    `section` is the chunk's part of its topic (Summary, Criteria, ...); `cited_section` (and
    `cited_section_source`, when it differs from `source`) is the guideline section a 2016-17
    letter cites for the topic.
    """

    model_config = ConfigDict(frozen=True)

    kind: ChunkKind
    source_file: str
    corpus_root: str
    token_count: int
    citation: str
    source: GuidelineSource
    chapter: int | None = None
    chapter_title: str | None = None
    topic: str | None = None
    pages: list[int] = Field(default_factory=list)
    page_confidence: str | None = None
    outside_fact_sheet: list[str] = Field(default_factory=list)
    title: str
    section: str | None = None
    cited_section: str | None = None
    cited_section_source: GuidelineSource | None = None
    topic_id: str | None = None
    era: str | None = None
    category: str | None = None
    body_regions: list[str] = Field(default_factory=list)
    aliases: list[str] = Field(default_factory=list)
    letter_id: str | None = None
    item_index: int | None = None
    decision: str | None = None

    def to_chroma(self) -> dict[str, str | int | float | bool]:
        """Flatten for Chroma: lists become `|`-joined strings, unset values are left out."""
        flat: dict[str, str | int | float | bool] = {}
        for key, value in self.model_dump(mode="json").items():
            if value is None:
                continue
            if isinstance(value, list):
                flat[key] = LIST_SEPARATOR.join(str(item) for item in value)
            else:
                flat[key] = value
        if self.pages:
            flat["page_min"] = min(self.pages)
            flat["page_max"] = max(self.pages)
        return flat

    @classmethod
    def from_chroma(cls, flat: dict[str, Any]) -> ChunkMeta:
        data = {key: value for key, value in flat.items() if key in cls.model_fields}
        data["pages"] = [int(page) for page in _split(flat.get("pages"))]
        for key in ("body_regions", "aliases", "outside_fact_sheet"):
            data[key] = _split(flat.get(key))
        return cls.model_validate(data)


class Chunk(BaseModel):
    """A retrievable piece of the corpus with a content-derived id."""

    model_config = ConfigDict(frozen=True)

    id: str
    text: str
    meta: ChunkMeta

    @staticmethod
    def make_id(text: str, meta: ChunkMeta) -> str:
        """Stable content hash: the same text and metadata always give the same id."""
        identity = meta.model_dump(mode="json", exclude={"corpus_root"})
        payload = json.dumps({"text": text, "meta": identity}, sort_keys=True)
        digest = hashlib.sha256(payload.encode("utf-8")).hexdigest()[:32]
        return f"{meta.kind.value[0]}-{digest}"
