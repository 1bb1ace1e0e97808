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
        self, ids: list[str], texts: list[str], metas: list[ChunkMeta], stamp: Any
    ) -> None:
        self.ids = ids
        self.texts = texts
        self.metas = metas
        self.stamp = stamp
        self.position = {chunk_id: index for index, chunk_id in enumerate(ids)}
        self.bm25 = BM25Index(texts)
        self.by_topic: dict[str, list[int]] = {}
        for index, meta in enumerate(metas):
            if meta.topic_id:
                self.by_topic.setdefault(meta.topic_id, []).append(index)
        for members in self.by_topic.values():
            members.sort(key=lambda index: _section_rank(metas[index].section))

    @classmethod
    def load(cls, collection: Any, stamp: Any) -> CollectionSnapshot:
        found = get_all(collection, include=["documents", "metadatas"])
        metas = [ChunkMeta.from_chroma(dict(meta or {})) for meta in found["metadatas"]]
        return cls(list(found["ids"]), list(found["documents"]), metas, stamp)

    def mask(self, where: RetrievalFilter) -> NDArray[np.bool_] | None:
        if where == RetrievalFilter():
            return None
        return np.fromiter(
            (where.accepts(meta) for meta in self.metas), dtype=bool, count=len(self)
        )

    def __len__(self) -> int:
        return len(self.ids)


def alias_index_for(snapshots: list[CollectionSnapshot]) -> AliasIndex:
    return AliasIndex.from_metadata(meta for snapshot in snapshots for meta in snapshot.metas)


def _section_rank(section: str | None) -> int:
    for rank, name in enumerate(SECTION_ORDER):
        if section and section.startswith(name):
            return rank
    return len(SECTION_ORDER)
