"""Rebuild the vectors shipped with the bundled corpus.

    python -m assistant.store.bundle [--recompute]

Chunks the corpus under IMR_CORPUS_DIR (by default this checkout's guideline_corpus/) exactly as
`imr ingest` does with the default chunking settings, gets the local model's vector of every
distinct chunk text and writes guideline_corpus/vectors/. Texts that did not change keep the
vectors already shipped or cached under IMR_DATA_DIR (both are keyed by the model's hash);
`--recompute` embeds every text afresh. Run it after changing anything under guideline_corpus/:
tests/store/test_shipped_vectors.py fails while the shipped vectors are out of date.
"""

from __future__ import annotations

import argparse

from assistant.corpus.tokens import ensure_tiktoken_offline
from assistant.logs import configure_logging
from assistant.settings import ChunkSettings, Settings
from assistant.store.collections import EmbeddingIdentity
from assistant.store.embeddings import (
    DIMENSION,
    LOCAL_VECTOR_KEY,
    MODEL_NAME,
    LocalMiniLMEmbeddings,
)
from assistant.store.ingest import plan_determinations, plan_guidelines
from assistant.store.shipped import ShippedManifest, shipped_dir, write_shipped
from assistant.store.vectors import (
    DocumentVectors,
    VectorCounts,
    document_vectors,
    text_hash,
)


def bundle_settings() -> Settings:
    """Settings from the environment, but with the default chunking an ingest starts from."""
    return Settings(chunking=ChunkSettings())


def corpus_texts(settings: Settings) -> list[str]:
    """Every distinct chunk text an ingest of the corpus under `settings.corpus_dir` stores."""
    ensure_tiktoken_offline(settings.tiktoken_cache_dir)
    guidelines, topics = plan_guidelines(settings.guidelines_dir, settings)
    letters = plan_determinations([settings.determinations_dir], topics, settings)
    chunks = [*guidelines.chunks, *letters.chunks]
    return list(dict.fromkeys(chunk.text for chunk in chunks))


def rebuild(settings: Settings, *, recompute: bool = False) -> tuple[ShippedManifest, VectorCounts]:
    """Write the shipped vectors of the corpus; say where each vector came from."""
    embeddings = LocalMiniLMEmbeddings(batch_size=settings.embeddings.batch_size)
    source = (
        DocumentVectors(embeddings, DIMENSION)
        if recompute
        else document_vectors(
            settings, embeddings, EmbeddingIdentity(model=MODEL_NAME, dimension=DIMENSION)
        )
    )
    texts = corpus_texts(settings)
    matrix = source.embed(texts)
    vectors = {text_hash(text): row for text, row in zip(texts, matrix, strict=True)}
    manifest = write_shipped(shipped_dir(settings.corpus_dir), LOCAL_VECTOR_KEY, DIMENSION, vectors)
    return manifest, source.counts


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m assistant.store.bundle",
        description="Rebuild the vectors shipped with the bundled corpus.",
    )
    parser.add_argument(
        "--recompute",
        action="store_true",
        help="embed every text afresh instead of keeping shipped or cached vectors",
    )
    args = parser.parse_args(argv)
    configure_logging()
    settings = bundle_settings()
    manifest, counts = rebuild(settings, recompute=args.recompute)
    print(
        f"wrote {len(manifest.texts)} vectors to {shipped_dir(settings.corpus_dir)}: "
        f"{counts.shipped} kept, {counts.cached} from the cache, {counts.computed} computed"
    )


if __name__ == "__main__":
    main()
