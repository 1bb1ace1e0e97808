"""The vector store's self-check: the store opens, both collections are present, their counts
match the ingest manifest and they were built with the configured embedding model."""

from __future__ import annotations

import time
from typing import Any

from assistant.corpus.chunks import ChunkKind
from assistant.errors import StoreError
from assistant.health import CheckResult, StoreHealth
from assistant.settings import Settings
from assistant.store.client import describe_location, open_client
from assistant.store.collections import collection_name
from assistant.store.embeddings import embedding_identity
from assistant.store.manifest import IngestManifest, read_manifest

STORE = "vector store"
INGEST = "run `imr ingest`"
REBUILD = "run `imr ingest --reset` to rebuild it from the corpus"


def check_vector_store(settings: Settings) -> StoreHealth:
    """Check the configured vector store; opens the (process-wide) client, loads no model."""
    began = time.perf_counter()
    checks, advice = _inspect(settings)
    return StoreHealth(
        store=STORE,
        location=describe_location(settings).removeprefix("local store "),
        checks=checks,
        advice=advice,
        elapsed_ms=(time.perf_counter() - began) * 1000,
    )


def _inspect(settings: Settings) -> tuple[list[CheckResult], str | None]:
    checks: list[CheckResult] = []
    try:
        manifest = read_manifest(settings)
    except StoreError as error:
        return [CheckResult(name="ingest manifest", passed=False, detail=str(error))], REBUILD
    if manifest is None:
        checks.append(
            CheckResult(name="ingest manifest", passed=False, detail="no ingest has completed")
        )
        return checks, INGEST
    if manifest.state != "complete":
        detail = "the last ingest was interrupted before it finished"
        checks.append(CheckResult(name="ingest manifest", passed=False, detail=detail))
        return checks, f"{INGEST} (it rebuilds the store)"
    checks.append(CheckResult(name="ingest manifest", passed=True, detail="complete"))
    try:
        found = {
            collection.name: collection for collection in open_client(settings).list_collections()
        }
    except Exception as error:
        detail = f"cannot be opened ({error.__class__.__name__}: {error})"
        checks.append(CheckResult(name="opens", passed=False, detail=detail))
        return checks, REBUILD
    checks.append(CheckResult(name="opens", passed=True, detail="opens"))
    for kind in ChunkKind:
        result = _check_collection(settings, kind, found, manifest)
        checks.append(result)
        if not result.passed:
            return checks, REBUILD
    return checks, None


def _check_collection(
    settings: Settings, kind: ChunkKind, found: dict[str, Any], manifest: IngestManifest
) -> CheckResult:
    name = collection_name(settings, kind)
    expected = manifest.counts.get(name)
    collection = found.get(name)
    if collection is None:
        if expected is None:
            return CheckResult(name=name, passed=True, detail="not ingested")
        return CheckResult(name=name, passed=False, detail=f"collection '{name}' is missing")
    model, dimension = embedding_identity(settings.embeddings)
    metadata = collection.metadata or {}
    if metadata.get("embedding_model") != model or (
        dimension is not None and metadata.get("embedding_dimension") != dimension
    ):
        return CheckResult(
            name=name,
            passed=False,
            detail=f"built with embedding model {metadata.get('embedding_model')!r}, "
            f"but the configured model is {model!r}",
        )
    try:
        count = int(collection.count())
    except Exception as error:
        return CheckResult(name=name, passed=False, detail=f"cannot be read ({error})")
    if count != expected:
        return CheckResult(
            name=name,
            passed=False,
            detail=f"holds {count} chunks, but the last ingest wrote {expected}",
        )
    return CheckResult(name=name, passed=True, detail=f"{count} chunks, {model}")
