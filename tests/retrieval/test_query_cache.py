from __future__ import annotations

from typing import Any

import pytest

from assistant.corpus.chunks import ChunkKind
from assistant.retrieval import hybrid
from assistant.retrieval.factory import build_searcher
from assistant.settings import Settings


def test_cached_query_vectors_change_no_result(
    ingested_env: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    searcher = build_searcher(ingested_env)
    calls: list[str] = []
    real = searcher.embeddings.embed_query

    def counting(text: str) -> Any:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(searcher.embeddings, "embed_query", counting)
    searcher._vectors.clear()  # the searcher is shared by every test of this process
    query = "Cyclobenzaprine 7.5 mg Qty 60"
    cached = [searcher.search(query, kind=kind) for kind in ChunkKind]
    assert len(calls) == 1  # both collections were searched with one embedding
    monkeypatch.setattr(hybrid, "QUERY_VECTOR_CACHE", 0)
    searcher._vectors.clear()
    fresh = [searcher.search(query, kind=kind) for kind in ChunkKind]
    assert len(calls) == 3
    assert [[hit.chunk_id for hit in hits] for hits in cached] == [
        [hit.chunk_id for hit in hits] for hits in fresh
    ]
    assert all(hits for hits in cached)
