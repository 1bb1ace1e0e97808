"""Build the process-wide searcher from settings."""

from __future__ import annotations

import threading

from assistant.retrieval.hybrid import CorpusSearcher
from assistant.settings import Settings
from assistant.store.backend import embedding_backend

_searchers: dict[int, tuple[Settings, CorpusSearcher]] = {}
_lock = threading.Lock()


def build_searcher(settings: Settings) -> CorpusSearcher:
    """One searcher (so one BM25 index and one embedding model) per settings object, per process."""
    with _lock:
        cached = _searchers.get(id(settings))
        if cached is None:
            embeddings, identity = embedding_backend(settings)
            cached = (settings, CorpusSearcher(settings, embeddings, identity))
            _searchers[id(settings)] = cached
        return cached[1]
