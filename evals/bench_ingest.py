"""Ingest throughput against the embedding model's raw throughput on the same texts.

    python -m evals.bench_ingest [--json]

Runs, in one process: a first ingest of the bundled corpus into an empty temporary data dir, a
second ingest of the unchanged corpus, and a raw `embed_documents` over exactly the texts the first
ingest embedded. The overhead is first-ingest time / raw embedding time - 1: everything that is not
the model (reading and parsing files, chunking, token counting, Chroma writes).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from assistant.corpus.chunks import ChunkKind
from assistant.settings import Settings
from assistant.store.backend import embedding_backend
from assistant.store.collections import open_collection
from assistant.store.ingest import ingest


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(data_dir=Path(scratch))
        embeddings, identity = embedding_backend(settings)
        embeddings.embed_documents(["warm-up: load the model before timing"])
        dirs = {
            "guidelines": settings.guidelines_dir,
            "determinations": [settings.determinations_dir],
        }
        first = ingest(settings, embeddings=embeddings, identity=identity, **dirs)  # type: ignore[arg-type]
        second = ingest(settings, embeddings=embeddings, identity=identity, **dirs)  # type: ignore[arg-type]
        texts: list[str] = []
        for kind in ChunkKind:
            collection = open_collection(settings, kind, embeddings, identity, create=False)
            texts.extend(collection.get(include=["documents"])["documents"])
        began = time.perf_counter()
        embeddings.embed_documents(texts)
        raw_seconds = time.perf_counter() - began
    chunks = sum(change.chunks for change in first.changes)
    report = {
        "chunks": chunks,
        "first_ingest_seconds": first.seconds,
        "first_ingest_chunks_per_second": chunks / first.seconds,
        "raw_embedding_seconds": raw_seconds,
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
