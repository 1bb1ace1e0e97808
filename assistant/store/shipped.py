"""The bundled corpus's vectors, shipped with it under `guideline_corpus/vectors/`.

`vectors.npy` holds one float32 row per distinct chunk text; `manifest.json` names the model key
the rows were computed with, the sha256 of `vectors.npy`, and the sha256 of each row's text in row
order. They are used only when everything checks out: the manifest parses, its model key is the
model in use, the file has the recorded sha256 and the shape the manifest implies. Otherwise a
warning says why and the vectors are computed, as they are for any chunk whose text is not listed:
shipped vectors can make an ingest faster, never give it a wrong vector.
`python -m assistant.store.bundle` rebuilds both files.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ValidationError

from assistant.errors import IntegrityError
from assistant.integrity import sha256_bytes, verify_bytes
from assistant.store.embeddings import FloatMatrix, FloatVector

log = logging.getLogger(__name__)

DIRNAME = "vectors"
MANIFEST = "manifest.json"
VECTORS = "vectors.npy"
REBUILD_COMMAND = "python -m assistant.store.bundle"


class ShippedManifest(BaseModel):
    """What `manifest.json` records about `vectors.npy`."""

    format: Literal[1] = 1
    model: str
    dimension: int
    vectors_sha256: str
    texts: list[str]


@dataclass(frozen=True)
class ShippedVectors:
    """Verified shipped vectors, looked up by text hash."""

    rows: dict[str, int]
    matrix: FloatMatrix

    def get(self, hashes: Sequence[str]) -> dict[str, FloatVector]:
        return {
            text_hash: self.matrix[self.rows[text_hash]]
            for text_hash in hashes
            if text_hash in self.rows
        }


def shipped_dir(corpus_dir: Path) -> Path:
    return corpus_dir / DIRNAME


def read_shipped_manifest(directory: Path) -> ShippedManifest:
    """The manifest; an unreadable or malformed one is an IntegrityError naming it."""
    path = directory / MANIFEST
    try:
        return ShippedManifest.model_validate_json(path.read_bytes())
    except OSError as error:
        raise IntegrityError(f"{path}: cannot be read ({error.strerror or error})") from None
    except ValidationError:
        raise IntegrityError(f"{path}: not a valid manifest of shipped vectors") from None


def _verified(directory: Path, model: str, dimension: int) -> ShippedVectors:
    manifest = read_shipped_manifest(directory)
    if manifest.model != model:
        raise IntegrityError(
            f"{directory / MANIFEST}: built with model {manifest.model}, not the model in use "
            f"({model})"
        )
    path = directory / VECTORS
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IntegrityError(f"{path}: cannot be read ({error.strerror or error})") from None
    verify_bytes(data, manifest.vectors_sha256, str(path))
    try:
        matrix = np.load(io.BytesIO(data), allow_pickle=False)
    except ValueError:
        raise IntegrityError(f"{path}: not a NumPy array file") from None
    expected = (len(manifest.texts), dimension)
    if matrix.dtype != np.float32 or matrix.shape != expected or not np.isfinite(matrix).all():
        raise IntegrityError(
            f"{path}: holds {matrix.dtype} {matrix.shape}, not the finite float32 {expected} "
            "its manifest describes"
        )
    return ShippedVectors({text: row for row, text in enumerate(manifest.texts)}, matrix)


def load_shipped(directory: Path, model: str, dimension: int) -> ShippedVectors | None:
    """The shipped vectors, or None when there are none or they fail a check (with a warning)."""
    if not (directory / MANIFEST).exists():
        log.debug("no shipped vectors in %s", directory)
        return None
    try:
        return _verified(directory, model, dimension)
    except IntegrityError as error:
        log.warning(
            "shipped vectors not used, computing them instead: %s (rebuild them with `%s`)",
            error,
            REBUILD_COMMAND,
        )
        return None


def write_shipped(
    directory: Path, model: str, dimension: int, vectors: Mapping[str, FloatVector]
) -> ShippedManifest:
    """Write `vectors.npy` (rows in text-hash order) and then its manifest."""
    texts = sorted(vectors)
    matrix = np.zeros((len(texts), dimension), dtype=np.float32)
    for row, text_hash in enumerate(texts):
        matrix[row] = vectors[text_hash]
    buffer = io.BytesIO()
    np.save(buffer, matrix, allow_pickle=False)
    data = buffer.getvalue()
    manifest = ShippedManifest(
        model=model, dimension=dimension, vectors_sha256=sha256_bytes(data), texts=texts
    )
    directory.mkdir(parents=True, exist_ok=True)
    (directory / VECTORS).write_bytes(data)
    (directory / MANIFEST).write_text(
        json.dumps(manifest.model_dump(mode="json"), indent=1) + "\n", encoding="utf-8"
    )
    return manifest
