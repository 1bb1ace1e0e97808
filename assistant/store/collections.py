"""The two collections (guideline chunks, past determination items) and their embedding identity.

Each collection records the embedding model's name and dimension in its metadata. Opening it with
another model is an error that says to re-ingest: vectors of two models must never be mixed.
The embedding function is always passed, so Chroma never falls back to its own default model.
"""

from __future__ import annotations

import shutil
from typing import Any

from langchain_core.embeddings import Embeddings
from pydantic import BaseModel

from assistant.corpus.chunks import ChunkKind
from assistant.errors import StoreError
from assistant.settings import Settings
from assistant.store.client import close_client, describe_location, open_client
from assistant.store.embeddings import ChromaEmbeddingAdapter

SCHEMA_VERSION = 1
PAGE_SIZE = 5000


class EmbeddingIdentity(BaseModel):
    """Which model produced a collection's vectors."""

    model: str
    dimension: int


def collection_name(settings: Settings, kind: ChunkKind) -> str:
    if kind is ChunkKind.GUIDELINE:
        return settings.store.guideline_collection
    return settings.store.determination_collection


def _metadata(identity: EmbeddingIdentity) -> dict[str, str | int]:
    return {
        "embedding_model": identity.model,
        "embedding_dimension": identity.dimension,
        "schema_version": SCHEMA_VERSION,
    }


def check_identity(name: str, metadata: dict[str, Any] | None, identity: EmbeddingIdentity) -> None:
    """Raise a StoreError when a collection was built with another embedding model."""
    stored_model = (metadata or {}).get("embedding_model")
    stored_dim = (metadata or {}).get("embedding_dimension")
    if stored_model != identity.model or stored_dim != identity.dimension:
        raise StoreError(
            f"collection '{name}' was built with embedding model {stored_model!r} "
            f"(dimension {stored_dim}), but the configured model is {identity.model!r} "
            f"(dimension {identity.dimension}); re-ingest with `imr ingest --reset`"
        )


def open_collection(
    settings: Settings,
    kind: ChunkKind,
    embeddings: Embeddings,
    identity: EmbeddingIdentity,
    *,
    create: bool,
) -> Any:
    """Open (or create, when `create`) a collection, checking its embedding identity."""
    client = open_client(settings)
    name = collection_name(settings, kind)
    adapter = ChromaEmbeddingAdapter(embeddings, identity.model)
    existing = {collection.name for collection in client.list_collections()}
    if name not in existing:
        if not create:
            raise StoreError(
                f"no corpus has been ingested into the {describe_location(settings)} yet; "
                "run `imr ingest` first"
            )
        return client.create_collection(
            name=name,
            metadata=_metadata(identity),
            configuration={"hnsw": {"space": "cosine"}},
            embedding_function=adapter,
        )
    collection = client.get_collection(name=name, embedding_function=adapter)
    check_identity(name, collection.metadata, identity)
    return collection


def delete_collections(settings: Settings) -> None:
    client = open_client(settings)
    existing = {collection.name for collection in client.list_collections()}
    for kind in ChunkKind:
        name = collection_name(settings, kind)
        if name in existing:
            client.delete_collection(name)


def wipe_store(settings: Settings) -> None:
    """Remove the whole local store (even one Chroma cannot open), or both collections on a
    server, so the next ingest starts from nothing."""
    if settings.store.mode == "server":
        delete_collections(settings)
        return
    close_client(settings)
    shutil.rmtree(settings.chroma_dir, ignore_errors=True)


def collection_counts(settings: Settings) -> dict[str, int]:
    """Chunks per collection of this tool that exists in the store."""
    client = open_client(settings)
    names = {collection_name(settings, kind) for kind in ChunkKind}
    return {
        collection.name: int(collection.count())
        for collection in client.list_collections()
        if collection.name in names
    }


def get_all(
    collection: Any,
    *,
    include: list[str],
    where: dict[str, Any] | None = None,
    page_size: int = PAGE_SIZE,
) -> dict[str, list[Any]]:
    """Every record of a collection (optionally filtered), fetched page by page.

    One unbounded `get` fails on large collections (SQLite's limit on query variables).
    """
    merged: dict[str, list[Any]] = {"ids": [], **{field: [] for field in include}}
    offset = 0
    while True:
        page = collection.get(where=where, include=include, limit=page_size, offset=offset)
        merged["ids"].extend(page["ids"])
        for field in include:
            merged[field].extend(page[field])
        if len(page["ids"]) < page_size:
            return merged
        offset += page_size
