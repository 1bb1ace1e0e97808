"""The vectors shipped in guideline_corpus/vectors/ match the corpus and are the model's own."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from assistant.settings import Settings
from assistant.store.bundle import corpus_texts
from assistant.store.embeddings import DIMENSION, LOCAL_VECTOR_KEY, LocalMiniLMEmbeddings
from assistant.store.shipped import (
    REBUILD_COMMAND,
    ShippedVectors,
    load_shipped,
    read_shipped_manifest,
    shipped_dir,
)
from assistant.store.vectors import text_hash
from tests.paths import CORPUS

SAMPLE = 8


@pytest.fixture
def shipped(caplog: pytest.LogCaptureFixture) -> ShippedVectors:
    with caplog.at_level(logging.WARNING):
        vectors = load_shipped(shipped_dir(CORPUS), LOCAL_VECTOR_KEY, DIMENSION)
    assert vectors is not None, f"{caplog.text}; rebuild them with `{REBUILD_COMMAND}`"
    return vectors


def test_the_shipped_vectors_cover_exactly_the_bundled_corpus(settings: Settings) -> None:
    wanted = {text_hash(text) for text in corpus_texts(settings)}
    shipped = set(read_shipped_manifest(shipped_dir(CORPUS)).texts)

    missing, extra = len(wanted - shipped), len(shipped - wanted)
    assert (missing, extra) == (0, 0), (
        f"guideline_corpus/vectors/ is out of date with the corpus: {missing} chunk texts have "
        f"no vector and {extra} vectors belong to texts no longer in it. Rebuild it with "
        f"`{REBUILD_COMMAND}` and commit the result"
    )


def test_the_shipped_vectors_are_the_local_models_vectors_of_their_texts(
    settings: Settings, shipped: ShippedVectors
) -> None:
    texts = corpus_texts(settings)
    sample = texts[:: len(texts) // SAMPLE][:SAMPLE]
    found = shipped.get([text_hash(text) for text in sample])
    assert len(found) == SAMPLE, f"rebuild the shipped vectors with `{REBUILD_COMMAND}`"

    expected = LocalMiniLMEmbeddings().embed_array(sample)
    stored = np.stack([found[text_hash(text)] for text in sample])
    assert np.allclose(stored, expected, atol=1e-4)
