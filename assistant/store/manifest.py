"""The ingest manifest: what the last ingest left in the vector store, written atomically.

An ingest marks the manifest `in progress` before it touches the store and writes the final
counts and embedding identity only when every collection is written. A manifest still marked
in progress means an ingest was killed half-way; the next ingest rebuilds the store.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ValidationError

from assistant.errors import StoreError
from assistant.settings import Settings
from assistant.store.collections import EmbeddingIdentity

FILENAME = "ingest-manifest.json"


class IngestManifest(BaseModel):
    """The state of the store after the last ingest: chunk count per collection when complete."""

    state: Literal["in progress", "complete"]
    location: str
    embedding: EmbeddingIdentity
    counts: dict[str, int] = {}
    started_at: float
    finished_at: float | None = None


def manifest_path(settings: Settings) -> Path:
    return settings.data_dir / FILENAME


def read_manifest(settings: Settings) -> IngestManifest | None:
    """The manifest, or None when no ingest has written one; a damaged one is a StoreError."""
    path = manifest_path(settings)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    try:
        return IngestManifest.model_validate_json(text)
    except ValidationError:
        raise StoreError(
            f"{path}: the ingest manifest is damaged; run `imr ingest --reset`"
        ) from None


def write_manifest(settings: Settings, manifest: IngestManifest) -> None:
    """Replace the manifest atomically: a reader sees the old one or the new one, never half."""
    path = manifest_path(settings)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".manifest-", dir=path.parent)
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump(manifest.model_dump(mode="json"), out, indent=2)
            out.flush()
            os.fsync(out.fileno())
        Path(temporary).replace(path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def started(location: str, identity: EmbeddingIdentity) -> IngestManifest:
    return IngestManifest(
        state="in progress", location=location, embedding=identity, started_at=time.time()
    )


def completed(manifest: IngestManifest, counts: dict[str, int]) -> IngestManifest:
    return manifest.model_copy(
        update={"state": "complete", "counts": counts, "finished_at": time.time()}
    )
