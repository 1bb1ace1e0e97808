"""The embedding backend chosen by settings, with the identity the store records."""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.corpus.tokens import ensure_tiktoken_offline
from assistant.privacy.embeddings import PseudonymizingEmbeddings
from assistant.settings import Settings
from assistant.store.collections import EmbeddingIdentity
from assistant.store.embeddings import build_embeddings, embedding_identity


def embedding_backend(settings: Settings) -> tuple[Embeddings, EmbeddingIdentity]:
    """The configured embedding model and its identity; an unknown dimension is probed once.

    tiktoken's cache is seeded first: OpenAI embeddings count tokens with it, also for queries.
    Queries to OpenAI embeddings are pseudonymised unless IMR_PRIVACY__PSEUDONYMIZE is off.
    """
    ensure_tiktoken_offline(settings.tiktoken_cache_dir)
    embeddings = build_embeddings(settings.embeddings)
    if settings.embeddings.backend != "local" and settings.privacy.pseudonymize:
        embeddings = PseudonymizingEmbeddings(embeddings)
    name, dimension = embedding_identity(settings.embeddings)
    if dimension is None:
        dimension = len(embeddings.embed_query("dimension probe"))
    return embeddings, EmbeddingIdentity(model=name, dimension=dimension)
