"""Build the process-wide searcher from settings."""

from __future__ import annotations

import json
import threading

from assistant.retrieval.hybrid import CorpusSearcher
from assistant.settings import Settings
from assistant.store.backend import embedding_backend

_searchers: dict[str, CorpusSearcher] = {}
_lock = threading.Lock()


def _key(settings: Settings) -> str:
    """What a searcher depends on: everything but the drafting model, the app and the caps."""
    return json.dumps(
        settings.model_dump(mode="json", exclude={"llm", "log_level", "app", "limits"}),
        sort_keys=True,
    )


def build_searcher(settings: Settings) -> CorpusSearcher:
    """One searcher (one BM25 index, one embedding model) per store and corpus, per process."""
    key = _key(settings)
    with _lock:
        searcher = _searchers.get(key)
        if searcher is None:
            embeddings, identity = embedding_backend(settings)
            searcher = CorpusSearcher(settings, embeddings, identity)
            _searchers[key] = searcher
        return searcher
