"""An in-memory lexical view of one collection: texts, metadata, BM25 and the alias index."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from assistant.corpus.chunks import ChunkMeta
from assistant.retrieval.aliases import AliasIndex
from assistant.retrieval.bm25 import BM25Index
from assistant.retrieval.models import RetrievalFilter
from assistant.store.collections import get_all

SECTION_ORDER = (
    "Criteria",
    "Summary",
    "Applying it: Upholds UR when",
    "Applying it: Overturns UR when",
)


class CollectionSnapshot:
    """What the lexical side needs of a collection; loaded once, rebuilt when the store changes."""

    def __init__(
        self,
        ids: list[str],
        texts: list[str],
        metas: list[ChunkMeta],
        stamp: Any,
        vectors: NDArray[np.float32] | None = None,
    ) -> None:
        self.ids = ids
        self.texts = texts
        self.metas = metas
        self.stamp = stamp
        self.vectors = _unit_rows(vectors) if vectors is not None else None
        self.position = {chunk_id: index for index, chunk_id in enumerate(ids)}
        self.bm25 = BM25Index(texts)
        self.by_topic: dict[str, list[int]] = {}
        for index, meta in enumerate(metas):
            if meta.topic_id:
                self.by_topic.setdefault(meta.topic_id, []).append(index)
        for members in self.by_topic.values():
            members.sort(key=lambda index: _section_rank(metas[index].section))

    @classmethod
    def load(cls, collection: Any, stamp: Any, *, with_vectors: bool) -> CollectionSnapshot:
        """Read a collection; `with_vectors` also keeps its embeddings for exact dense search."""
        include = ["documents", "metadatas", *(["embeddings"] if with_vectors else [])]
        found = get_all(collection, include=include)
        metas = [ChunkMeta.from_chroma(dict(meta or {})) for meta in found["metadatas"]]
        vectors = None
        if with_vectors and found["ids"]:
            vectors = np.asarray(found["embeddings"], dtype=np.float32)
        return cls(list(found["ids"]), list(found["documents"]), metas, stamp, vectors)

    def nearest(
        self, query: list[float], limit: int, mask: NDArray[np.bool_] | None
    ) -> list[int] | None:
        """The `limit` chunks closest to the query by cosine similarity, best first (exactly,
        over every accepted chunk); None when this snapshot holds no vectors."""
        if self.vectors is None:
            return None
        vector = _unit_rows(np.asarray([query], dtype=np.float32))[0]
        scores = self.vectors @ vector
        if mask is not None:
            scores = np.where(mask, scores, -np.inf)
        accepted = int(np.count_nonzero(np.isfinite(scores)))
        limit = min(limit, accepted)
        if limit <= 0:
            return []
        best = np.argpartition(-scores, limit - 1)[:limit]
        return sorted((int(doc) for doc in best), key=lambda doc: (-scores[doc], doc))

    def mask(self, where: RetrievalFilter) -> NDArray[np.bool_] | None:
        if where == RetrievalFilter():
            return None
        return np.fromiter(
            (where.accepts(meta) for meta in self.metas), dtype=bool, count=len(self)
        )

    def __len__(self) -> int:
        return len(self.ids)


def _unit_rows(vectors: NDArray[np.float32]) -> NDArray[np.float32]:
    norms = np.clip(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12, None)
    return np.asarray(vectors / norms, dtype=np.float32)


def alias_index_for(snapshots: list[CollectionSnapshot]) -> AliasIndex:
    return AliasIndex.from_metadata(meta for snapshot in snapshots for meta in snapshot.metas)


def _section_rank(section: str | None) -> int:
    for rank, name in enumerate(SECTION_ORDER):
        if section and section.startswith(name):
            return rank
    return len(SECTION_ORDER)
