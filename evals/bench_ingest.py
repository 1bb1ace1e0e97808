"""Ingest throughput against the embedding model's raw throughput on the same texts.

    python -m evals.bench_ingest [--json]

Runs, in one process: a raw `embed_documents` over exactly the texts an ingest of the bundled
corpus embeds, a first ingest into an empty temporary data dir, a second ingest of the unchanged
corpus, and the raw embedding again. The model is warmed up on the same texts first (onnxruntime
allocates per input shape on first use), and the raw time is the median of the two raw runs, which
bracket the ingest. The overhead is first-ingest time / raw embedding time - 1: everything that is
not the model (reading and parsing files, chunking, token counting, Chroma writes).
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.settings import Settings
from assistant.store.backend import embedding_backend
from assistant.store.ingest import ingest, plan_determinations, plan_guidelines


def corpus_texts(settings: Settings) -> list[str]:
    """The chunk texts an ingest of the bundled corpus embeds, planned without touching a store."""
    guidelines, topics = plan_guidelines(settings.guidelines_dir, settings)
    letters = plan_determinations([settings.determinations_dir], topics, settings)
    return [chunk.text for plan in (guidelines, letters) for chunk in plan.chunks]


def time_embedding(embeddings: Embeddings, texts: list[str]) -> float:
    began = time.perf_counter()
    embeddings.embed_documents(texts)
    return time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(data_dir=Path(scratch))
        embeddings, identity = embedding_backend(settings)
        texts = corpus_texts(settings)
        embeddings.embed_documents(texts)
        raw_runs = [time_embedding(embeddings, texts)]
        first, second = (
            ingest(
                settings,
                embeddings=embeddings,
                identity=identity,
                guidelines=settings.guidelines_dir,
                determinations=[settings.determinations_dir],
            )
            for _ in range(2)
        )
        raw_runs.append(time_embedding(embeddings, texts))
        raw_seconds = statistics.median(raw_runs)
    chunks = sum(change.chunks for change in first.changes)
    report = {
        "chunks": chunks,
        "first_ingest_seconds": first.seconds,
        "first_ingest_chunks_per_second": chunks / first.seconds,
        "raw_embedding_seconds": raw_seconds,
        "raw_embedding_runs": raw_runs,
        "raw_embedding_chunks_per_second": len(texts) / raw_seconds,
        "overhead": first.seconds / raw_seconds - 1,
        "second_ingest_seconds": second.seconds,
        "second_ingest_added": second.added,
        "second_over_first": second.seconds / first.seconds,
    }
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for key, value in report.items():
        print(f"{key:<34} {value:.3f}" if isinstance(value, float) else f"{key:<34} {value}")


if __name__ == "__main__":
    main()
