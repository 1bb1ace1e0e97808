"""Ingest takes vectors from the shipped corpus vectors and the data dir's cache, and embeds only
what neither holds; shipped vectors that fail a check are ignored with a warning. Real Chroma on
disk, the real local model (counting what it embeds), the real openai client against the stub."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.corpus.chunks import ChunkKind
from assistant.settings import EmbeddingSettings, Settings
from assistant.store.backend import embedding_backend
from assistant.store.client import close_client
from assistant.store.collections import EmbeddingIdentity, get_all, open_collection
from assistant.store.embeddings import (
    DIMENSION,
    MODEL_NAME,
    FloatMatrix,
    LocalMiniLMEmbeddings,
)
from assistant.store.ingest import IngestReport, ingest, plan_guidelines
from assistant.store.shipped import MANIFEST, REBUILD_COMMAND, VECTORS, shipped_dir
from assistant.store.vector_cache import cache_path
from tests.paths import CORPUS
from tests.stubs.openai_stub import EMBEDDINGS_PATH, OpenAIStub

TOPICS = ("cpmtg-cyclobenzaprine.md", "cpmtg-muscle-relaxants.md", "acoem-ch12-lumbar-mri.md")
LETTER = "SYN-2013-0001.txt"
IDENTITY = EmbeddingIdentity(model=MODEL_NAME, dimension=DIMENSION)


class CountingModel(LocalMiniLMEmbeddings):
    """The local model, recording every text it is asked to embed."""

    def __init__(self) -> None:
        super().__init__()
        self.embedded: list[str] = []

    def embed_array(self, texts: Sequence[str]) -> FloatMatrix:
        self.embedded.extend(texts)
        return super().embed_array(texts)


def run(
    settings: Settings,
    embeddings: Embeddings,
    identity: EmbeddingIdentity = IDENTITY,
    *,
    reset: bool = False,
) -> IngestReport:
    try:
        return ingest(
            settings,
            embeddings=embeddings,
            identity=identity,
            guidelines=settings.guidelines_dir,
            determinations=[settings.determinations_dir],
            reset=reset,
        )
    finally:
        close_client(settings)


@pytest.fixture
def copied(tmp_path: Path) -> Settings:
    """Three topics and a letter of the bundled corpus, with its shipped vectors beside them."""
    root = tmp_path / "corpus"
    (root / "guidelines").mkdir(parents=True)
    (root / "determinations").mkdir()
    for name in TOPICS:
        shutil.copy(CORPUS / "guidelines" / name, root / "guidelines" / name)
    shutil.copy(CORPUS / "determinations" / LETTER, root / "determinations" / LETTER)
    shutil.copytree(shipped_dir(CORPUS), shipped_dir(root))
    return Settings(data_dir=tmp_path / "data", corpus_dir=root)


def test_an_ingest_of_the_bundled_corpus_embeds_nothing(settings: Settings) -> None:
    model = CountingModel()
    report = run(settings, model)

    assert report.added > 900
    assert model.embedded == []


def test_only_a_changed_text_is_embedded(copied: Settings) -> None:
    path = copied.guidelines_dir / TOPICS[0]
    old = "Adding cyclobenzaprine to other agents is not recommended."
    path.write_text(path.read_text().replace(old, old.replace("recommended", "advised")))
    changed = {
        chunk.text
        for chunk in plan_guidelines(copied.guidelines_dir, copied)[0].chunks
        if "not advised" in chunk.text
    }

    model = CountingModel()
    report = run(copied, model)

    assert report.added > len(changed) >= 1
    assert sorted(model.embedded) == sorted(changed)


def stored_vectors_are_the_models(settings: Settings) -> bool:
    collection = open_collection(
        settings, ChunkKind.GUIDELINE, LocalMiniLMEmbeddings(), IDENTITY, create=False
    )
    stored = get_all(collection, include=["documents", "embeddings"])
    close_client(settings)
    expected = LocalMiniLMEmbeddings().embed_array(stored["documents"])
    return bool(np.allclose(np.asarray(stored["embeddings"]), expected, atol=1e-4))


def flip_a_vector_byte(directory: Path) -> None:
    data = bytearray((directory / VECTORS).read_bytes())
    data[-7] ^= 0x40
    (directory / VECTORS).write_bytes(bytes(data))


def another_model(directory: Path) -> None:
    manifest = directory / MANIFEST
    manifest.write_text(manifest.read_text().replace(MODEL_NAME + ":", MODEL_NAME + ":0"))


def damage_the_manifest(directory: Path) -> None:
    (directory / MANIFEST).write_text('{"format": 1, "model": ')


def remove_the_vectors(directory: Path) -> None:
    (directory / VECTORS).unlink()


@pytest.mark.parametrize(
    ("damage", "said"),
    [
        (flip_a_vector_byte, "does not match the expected"),
        (another_model, "not the model in use"),
        (damage_the_manifest, "not a valid manifest"),
        (remove_the_vectors, "cannot be read"),
    ],
)
def test_shipped_vectors_that_fail_a_check_are_ignored_with_a_warning(
    copied: Settings,
    caplog: pytest.LogCaptureFixture,
    damage: Callable[[Path], None],
    said: str,
) -> None:
    damage(shipped_dir(copied.corpus_dir))
    model = CountingModel()

    with caplog.at_level(logging.WARNING):
        report = run(copied, model)

    assert len(model.embedded) == report.added
    warnings = [record.getMessage() for record in caplog.records if record.levelname == "WARNING"]
    assert len(warnings) == 1
    assert said in warnings[0] and REBUILD_COMMAND in warnings[0]
    assert stored_vectors_are_the_models(copied)


def test_a_second_ingest_into_a_fresh_store_takes_every_vector_from_the_cache(
    copied: Settings,
) -> None:
    shutil.rmtree(shipped_dir(copied.corpus_dir))
    first, second = CountingModel(), CountingModel()

    report = run(copied, first)
    again = run(copied, second, reset=True)

    assert len(first.embedded) == report.added == again.added
    assert second.embedded == []
    assert cache_path(copied).stat().st_mode & 0o777 == 0o600
    assert stored_vectors_are_the_models(copied)


def test_openai_vectors_are_cached_by_model_and_never_taken_from_the_shipped_ones(
    copied: Settings,
) -> None:
    with OpenAIStub(embedding_dim=1536) as stub:
        settings = copied.model_copy(
            update={
                "embeddings": EmbeddingSettings(
                    backend="openai", openai_base_url=stub.base_url, openai_api_key="test-key"
                )
            }
        )
        embeddings, identity = embedding_backend(settings)

        def sent() -> int:
            return sum(
                len(request.body["input"])
                for request in stub.requests
                if request.path == EMBEDDINGS_PATH
            )

        report = run(settings, embeddings, identity)
        first = sent()
        again = run(settings, embeddings, identity, reset=True)

    assert first == report.added == again.added
    assert sent() == first
