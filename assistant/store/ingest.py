"""Ingest the corpus into the vector store: idempotent, incremental, one writer at a time.

Chunk ids are content hashes, so an unchanged corpus adds nothing, a changed file replaces only the
chunks whose text changed, and chunks of files that disappeared from an ingested folder are removed.
Everything is read and validated before the store is touched: a bad file changes nothing. New chunks
get their vectors a block at a time (shipped with the corpus, cached, or embedded: see
`assistant.store.vectors`) and are then written, so Chroma's indexing does not compete with the
model for the CPU. The ingest manifest is marked in progress before the store is touched and
completed last; an ingest that finds it still in progress (a killed run) rebuilds the store.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from langchain_core.embeddings import Embeddings
from pydantic import BaseModel

from assistant.corpus.chunking import chunk_letter, chunk_topic
from assistant.corpus.chunks import Chunk, ChunkKind
from assistant.corpus.classify import TopicMatcher
from assistant.corpus.tokens import count_tokens, ensure_tiktoken_offline
from assistant.corpus.topics import GuidelineTopic, load_topics
from assistant.errors import InputError, StoreError
from assistant.letters.reader import read_letter
from assistant.privacy.files import FILE_MODE, private_dir, private_umask, restrict_tree
from assistant.settings import Settings
from assistant.store.client import describe_location
from assistant.store.collections import (
    EmbeddingIdentity,
    collection_counts,
    collection_name,
    get_all,
    open_collection,
    wipe_store,
)
from assistant.store.embeddings import FloatVector
from assistant.store.manifest import completed, read_manifest, started, write_manifest
from assistant.store.vectors import DocumentVectors, document_vectors

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
Notice = Callable[[str], None]
LETTER_SUFFIXES = {".txt", ".pdf"}
WRITE_BATCH = 256
PROGRESS_STEP = 64
EMBED_BLOCK = 2048


class CollectionChange(BaseModel):
    """What one ingest did to one collection."""

    collection: str
    files: int
    chunks: int
    added: int
    removed: int
    unchanged: int
    files_changed: int


class IngestReport(BaseModel):
    """Summary of an ingest run."""

    changes: list[CollectionChange]
    seconds: float
    embedding_seconds: float
    reset: bool
    rebuilt: str | None = None

    @property
    def added(self) -> int:
        return sum(change.added for change in self.changes)

    @property
    def removed(self) -> int:
        return sum(change.removed for change in self.changes)


class _Plan(BaseModel):
    kind: ChunkKind
    roots: list[str]
    files: int
    chunks: list[Chunk]


def letter_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        raise InputError("determinations directory not found", directory)
    return sorted(
        path
        for path in directory.rglob("*")
        if path.is_file() and path.suffix.lower() in LETTER_SUFFIXES
    )


def plan_guidelines(directory: Path, settings: Settings) -> tuple[_Plan, list[GuidelineTopic]]:
    topics = load_topics(directory)
    root = directory.resolve()
    chunks = [
        chunk
        for topic in topics
        for chunk in chunk_topic(
            topic,
            corpus_root=root,
            max_tokens=settings.chunking.max_tokens,
            count=_counter(settings),
        )
    ]
    plan = _Plan(kind=ChunkKind.GUIDELINE, roots=[str(root)], files=len(topics), chunks=chunks)
    return plan, topics


def plan_determinations(
    directories: Sequence[Path], topics: Sequence[GuidelineTopic], settings: Settings
) -> _Plan:
    chunks: list[Chunk] = []
    roots: list[str] = []
    files = 0
    matcher = TopicMatcher(topics)
    for directory in directories:
        root = directory.resolve()
        roots.append(str(root))
        for path in letter_files(directory):
            letter = read_letter(path, settings.limits)
            files += 1
            chunks.extend(
                chunk_letter(
                    letter,
                    source_path=path,
                    corpus_root=root,
                    matcher=matcher,
                    count=_counter(settings),
                )
            )
    return _Plan(kind=ChunkKind.DETERMINATION, roots=roots, files=files, chunks=chunks)


def _counter(settings: Settings) -> Callable[[str], int]:
    encoding = settings.chunking.encoding
    return lambda text: count_tokens(text, encoding)


def _existing(collection: Any, roots: Sequence[str]) -> dict[str, str]:
    """Ids (and their source files) already stored for the given corpus roots."""
    if not roots:
        return {}
    where: dict[str, Any] = (
        {"corpus_root": roots[0]} if len(roots) == 1 else {"corpus_root": {"$in": list(roots)}}
    )
    found = get_all(collection, where=where, include=["metadatas"])
    return {
        chunk_id: str((meta or {}).get("source_file", ""))
        for chunk_id, meta in zip(found["ids"], found["metadatas"], strict=True)
    }


def _apply(
    plan: _Plan,
    collection: Any,
    vectors_for: DocumentVectors,
    progress: Progress | None,
) -> tuple[CollectionChange, float]:
    existing = _existing(collection, plan.roots)
    wanted = {chunk.id: chunk for chunk in plan.chunks}
    to_add = sorted(
        (chunk for chunk_id, chunk in wanted.items() if chunk_id not in existing),
        key=lambda chunk: len(chunk.text),
    )
    to_remove = [chunk_id for chunk_id in existing if chunk_id not in wanted]
    changed_files = {chunk.meta.source_file for chunk in to_add} | {
        existing[chunk_id] for chunk_id in to_remove
    }
    embedding_seconds = 0.0
    label = f"embedding {plan.kind.value} chunks"
    if progress:
        progress(label, 0, len(to_add))
    for block_start in range(0, len(to_add), EMBED_BLOCK):
        block = to_add[block_start : block_start + EMBED_BLOCK]
        vectors: list[FloatVector] = []
        for start in range(0, len(block), PROGRESS_STEP):
            began = time.perf_counter()
            texts = [chunk.text for chunk in block[start : start + PROGRESS_STEP]]
            vectors.extend(vectors_for.embed(texts))
            embedding_seconds += time.perf_counter() - began
            if progress:
                progress(label, block_start + start + len(texts), len(to_add))
        for start in range(0, len(block), WRITE_BATCH):
            batch = block[start : start + WRITE_BATCH]
            collection.upsert(
                ids=[chunk.id for chunk in batch],
                documents=[chunk.text for chunk in batch],
                metadatas=[chunk.meta.to_chroma() for chunk in batch],
                embeddings=vectors[start : start + WRITE_BATCH],
            )
    for start in range(0, len(to_remove), WRITE_BATCH):
        collection.delete(ids=to_remove[start : start + WRITE_BATCH])
    change = CollectionChange(
        collection=str(collection.name),
        files=plan.files,
        chunks=len(wanted),
        added=len(to_add),
        removed=len(to_remove),
        unchanged=len(wanted) - len(to_add),
        files_changed=len(changed_files),
    )
    return change, embedding_seconds


def ingest(
    settings: Settings,
    *,
    embeddings: Embeddings,
    identity: EmbeddingIdentity,
    guidelines: Path | None,
    determinations: Sequence[Path],
    topics_for_classification: Path | None = None,
    reset: bool = False,
    lock_timeout: float = 60.0,
    progress: Progress | None = None,
    notice: Notice | None = None,
) -> IngestReport:
    """Bring the store in line with the given corpus folders; `notice` hears about a rebuild."""
    began = time.perf_counter()
    ensure_tiktoken_offline(settings.tiktoken_cache_dir)
    plans: list[_Plan] = []
    topics: list[GuidelineTopic] = []
    if guidelines is not None:
        plan, topics = plan_guidelines(guidelines, settings)
        plans.append(plan)
    elif topics_for_classification is not None and topics_for_classification.is_dir():
        topics = load_topics(topics_for_classification)
    if determinations:
        plans.append(plan_determinations(determinations, topics, settings))
    private_dir(settings.data_dir)
    lock = FileLock(str(settings.data_dir / "ingest.lock"), mode=FILE_MODE)
    try:
        lock.acquire(timeout=lock_timeout)
    except Timeout:
        raise StoreError(
            f"another ingest holds the lock {settings.data_dir / 'ingest.lock'}; "
            f"waited {lock_timeout:g} s. Try again when it has finished"
        ) from None
    try:
        with private_umask():
            rebuilt = _interrupted(settings)
            if rebuilt:
                log.warning(rebuilt)
                if notice:
                    notice(rebuilt)
            manifest = started(describe_location(settings), identity)
            write_manifest(settings, manifest)
            if reset or rebuilt:
                wipe_store(settings)
            changes: list[CollectionChange] = []
            embedding_seconds = 0.0
            vectors_for = document_vectors(settings, embeddings, identity)
            for plan in plans:
                collection = open_collection(settings, plan.kind, embeddings, identity, create=True)
                change, seconds = _apply(plan, collection, vectors_for, progress)
                if change.added or change.removed:
                    collection.modify(
                        metadata={**(collection.metadata or {}), "ingested_at": time.time()}
                    )
                changes.append(change)
                embedding_seconds += seconds
            write_manifest(settings, completed(manifest, collection_counts(settings)))
            counts = vectors_for.counts
            log.info(
                "vectors: %d shipped with the corpus, %d from the cache, %d computed",
                counts.shipped,
                counts.cached,
                counts.computed,
            )
    finally:
        lock.release()
        if settings.store.mode == "embedded":
            restrict_tree(settings.chroma_dir)
    return IngestReport(
        changes=changes,
        seconds=time.perf_counter() - began,
        embedding_seconds=embedding_seconds,
        reset=reset,
        rebuilt=rebuilt,
    )


def guideline_drift(
    settings: Settings, embeddings: Embeddings, identity: EmbeddingIdentity
) -> tuple[int, int]:
    """How far the stored guideline chunks are behind the corpus folder: (chunks an ingest would
    add, chunks it would remove). (0, 0) when the store holds exactly the corpus's chunks."""
    plan, _ = plan_guidelines(settings.guidelines_dir, settings)
    collection = open_collection(settings, plan.kind, embeddings, identity, create=False)
    existing = _existing(collection, plan.roots)
    wanted = {chunk.id for chunk in plan.chunks}
    return len(wanted - existing.keys()), len(existing.keys() - wanted)


def _interrupted(settings: Settings) -> str | None:
    """Why the store must be rebuilt before this ingest (the last one was killed), or None."""
    try:
        manifest = read_manifest(settings)
    except StoreError:
        return f"the ingest manifest of the {describe_location(settings)} is damaged; rebuilding"
    if manifest is None or manifest.state == "complete":
        return None
    return f"the {describe_location(settings)} was incomplete (interrupted ingest); rebuilding"


__all__ = ["IngestReport", "collection_name", "ingest"]
