"""Queries to a remote embedding model with their identifiers replaced.

Retrieval embeds item titles and chat questions as queries, so those are what can carry case
text; they are pseudonymised before they leave. Corpus documents (guideline excerpts, past
determinations) are the reviewer's own library rather than the case, and go as they are.
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.privacy.pseudonymize import pseudonymize


class PseudonymizingEmbeddings(Embeddings):
    """Another `Embeddings` whose queries are pseudonymised first; documents pass unchanged."""

    def __init__(self, inner: Embeddings) -> None:
        self.inner = inner

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.inner.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.inner.embed_query(pseudonymize(text)[0])
