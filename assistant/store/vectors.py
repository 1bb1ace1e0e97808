"""Vectors for the documents an ingest stores: shipped with the corpus, cached, or computed.

Each text is looked up by its sha256 and the model's vector key: first among the vectors shipped
with the bundled corpus (for the local model), then in the data dir's embedding cache. Only what
neither holds is embedded, and the result is cached, so re-ingesting, `--reset` or a second store
on the same data dir never embeds the same text with the same model again. Queries are not
looked up or cached here: they can hold case text, and they are embedded as before.
"""

from __future__ import annotations

import hashlib
import logging
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from langchain_core.embeddings import Embeddings

from assistant.privacy.embeddings import PseudonymizingEmbeddings
from assistant.settings import Settings
from assistant.store.collections import EmbeddingIdentity
from assistant.store.embeddings import (
    LOCAL_VECTOR_KEY,
    FloatMatrix,
    FloatVector,
    LocalMiniLMEmbeddings,
)
from assistant.store.shipped import ShippedVectors, load_shipped, shipped_dir
from assistant.store.vector_cache import EmbeddingCache, cache_path

log = logging.getLogger(__name__)

_OPENAI_DEFAULT_BASE = "https://api.openai.com/v1"


def text_hash(text: str) -> str:
    """The sha256 of a text, as stored vectors are filed under."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def vector_key(embeddings: Embeddings) -> str | None:
    """What stored vectors of this model are filed under; None for a model not known here."""
    if isinstance(embeddings, PseudonymizingEmbeddings):
        return vector_key(embeddings.inner)  # documents reach the inner model unchanged
    if isinstance(embeddings, LocalMiniLMEmbeddings):
        return LOCAL_VECTOR_KEY
    openai = sys.modules.get("langchain_openai")  # an OpenAI model exists only once it is loaded
    if openai is not None and isinstance(embeddings, openai.OpenAIEmbeddings):
        base = embeddings.openai_api_base or _OPENAI_DEFAULT_BASE
        return f"openai:{embeddings.model}:{embeddings.dimensions or 'default'}@{base}"
    return None


@dataclass
class VectorCounts:
    """Where the vectors handed out so far came from (distinct texts)."""

    shipped: int = 0
    cached: int = 0
    computed: int = 0


@dataclass
class DocumentVectors:
    """The vectors of document texts, reusing shipped and cached ones when `key` is set."""

    embeddings: Embeddings
    dimension: int
    key: str | None = None
    cache: EmbeddingCache | None = None
    shipped: ShippedVectors | None = None
    counts: VectorCounts = field(default_factory=VectorCounts)

    def embed(self, texts: Sequence[str]) -> FloatMatrix:
        """One row per text, in order."""
        hashes = [text_hash(text) for text in texts]
        found: dict[str, FloatVector] = {}
        if self.key is not None and self.shipped is not None:
            found = self.shipped.get(hashes)
            self.counts.shipped += len(found)
        if self.key is not None and self.cache is not None:
            missing = [digest for digest in hashes if digest not in found]
            cached = self.cache.get(self.key, missing, self.dimension)
            self.counts.cached += len(cached)
            found.update(cached)
        wanted = {
            digest: text for digest, text in zip(hashes, texts, strict=True) if digest not in found
        }
        if wanted:
            computed = self.embeddings.embed_documents(list(wanted.values()))
            fresh = {
                digest: np.asarray(vector, dtype=np.float32)
                for digest, vector in zip(wanted, computed, strict=True)
            }
            self.counts.computed += len(fresh)
            if self.key is not None and self.cache is not None:
                self.cache.put(self.key, fresh)
            found.update(fresh)
        if not hashes:
            return np.empty((0, self.dimension), dtype=np.float32)
        return np.stack([found[digest] for digest in hashes])


def document_vectors(
    settings: Settings, embeddings: Embeddings, identity: EmbeddingIdentity
) -> DocumentVectors:
    """Vectors for documents of this model: shipped ones for the local model, cached for any
    model this tool knows; an unknown embeddings object gets its vectors computed every time."""
    key = vector_key(embeddings)
    if key is None:
        return DocumentVectors(embeddings, identity.dimension)
    shipped = (
        load_shipped(shipped_dir(settings.corpus_dir), key, identity.dimension)
        if key == LOCAL_VECTOR_KEY
        else None
    )
    cache = EmbeddingCache(cache_path(settings))
    return DocumentVectors(embeddings, identity.dimension, key, cache, shipped)
