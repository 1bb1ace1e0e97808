"""Typed inputs and outputs of retrieval."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field

from assistant.corpus.chunks import ChunkKind, ChunkMeta


class Mode(StrEnum):
    HYBRID = "hybrid"
    DENSE = "dense"
    LEXICAL = "lexical"


class RetrievalFilter(BaseModel):
    """Metadata filters; `exclude_letter_ids` drops past determinations (leave-one-out evals)."""

    source: str | None = None
    chapter: int | None = None
    decision: str | None = None
    exclude_letter_ids: list[str] = Field(default_factory=list)

    def accepts(self, meta: ChunkMeta) -> bool:
        if self.source is not None and meta.source != self.source:
            return False
        if self.chapter is not None and meta.chapter != self.chapter:
            return False
        if self.decision is not None and meta.decision != self.decision:
            return False
        return not (meta.letter_id is not None and meta.letter_id in self.exclude_letter_ids)

    def to_chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.source is not None:
            clauses.append({"source": self.source})
        if self.chapter is not None:
            clauses.append({"chapter": self.chapter})
        if self.decision is not None:
            clauses.append({"decision": self.decision})
        if self.exclude_letter_ids:
            clauses.append({"letter_id": {"$nin": list(self.exclude_letter_ids)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}


class RetrievedChunk(BaseModel):
    """One retrieval hit with its fused score and the rank it had in each ranking."""

    chunk_id: str
    kind: ChunkKind
    citation: str
    score: float
    text: str
    meta: ChunkMeta
    dense_rank: int | None = None
    lexical_rank: int | None = None
    alias_rank: int | None = None

    def row(self) -> dict[str, Any]:
        """The `imr retrieve --json` row."""
        return {
            "chunk_id": self.chunk_id,
            "kind": self.kind.value,
            "citation": self.citation,
            "source": self.meta.source,
            "chapter": self.meta.chapter,
            "topic": self.meta.topic,
            "topic_id": self.meta.topic_id,
            "title": self.meta.title,
            "section": self.meta.section,
            "pages": list(self.meta.pages),
            "letter_id": self.meta.letter_id,
            "decision": self.meta.decision,
            "score": round(self.score, 6),
            "text": self.text,
        }
