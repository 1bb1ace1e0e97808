"""Query latency and peak memory of hybrid retrieval at 1k, 10k and 100k chunks.

    python -m evals.bench_scale [--sizes 1000 10000 100000] [--queries 200] [--json]

The real guideline chunks are embedded once; larger collections are filled with synthetic variants
(the real texts with shuffled sentences, their vectors with small Gaussian noise, re-normalised), so
the store, BM25 and fusion work at full size without embedding 100k texts. Each size runs in its own
process so that peak memory (max RSS) is that size's alone. Latency covers the whole search: query
embedding, Chroma HNSW query, BM25 over every chunk, alias matching and fusion.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.corpus.chunking import chunk_topic
from assistant.corpus.chunks import ChunkKind
from assistant.corpus.tokens import count_tokens, ensure_tiktoken_offline
from assistant.corpus.topics import load_topics
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.settings import Settings
from assistant.store.backend import embedding_backend
from assistant.store.collections import open_collection
from evals.bench_retrieval import DEFAULT_QUERIES, load_queries

BATCH = 5000


def _variant(text: str, rng: random.Random) -> str:
    lines = text.splitlines()
    head, body = lines[:2], lines[2:]
    rng.shuffle(body)
    return "\n".join(head + body)


def run_size(size: int, query_count: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings(data_dir=Path(scratch))
        ensure_tiktoken_offline(settings.tiktoken_cache_dir)
        embeddings, identity = embedding_backend(settings)
        topics = load_topics(settings.guidelines_dir)
        base = [
            chunk
            for topic in topics
            for chunk in chunk_topic(
                topic,
                corpus_root=settings.guidelines_dir,
                max_tokens=settings.chunking.max_tokens,
                count=count_tokens,
            )
        ]
        vectors = np.asarray(
            embeddings.embed_documents([chunk.text for chunk in base]), dtype=np.float32
        )
        collection = open_collection(
            settings, ChunkKind.GUIDELINE, embeddings, identity, create=True
        )
        rng = random.Random(7)
        noise = np.random.default_rng(7)
        began = time.perf_counter()
        for start in range(0, size, BATCH):
            count = min(BATCH, size - start)
            picks = [(start + offset) % len(base) for offset in range(count)]
            ids, texts, metas = [], [], []
            for offset, pick in enumerate(picks):
                chunk = base[pick]
                number = start + offset
                original = number < len(base)
                ids.append(chunk.id if original else f"synthetic-{number}")
                texts.append(chunk.text if original else _variant(chunk.text, rng))
                metas.append(chunk.meta.to_chroma())
            block = vectors[picks].copy()
            synthetic = np.arange(start, start + count) >= len(base)
            block[synthetic] += noise.normal(0, 0.02, (int(synthetic.sum()), block.shape[1]))
            block /= np.linalg.norm(block, axis=1, keepdims=True)
            collection.add(ids=ids, documents=texts, metadatas=metas, embeddings=block.tolist())
        fill_seconds = time.perf_counter() - began
        searcher = CorpusSearcher(settings, embeddings, identity)
        began = time.perf_counter()
        searcher.snapshot(ChunkKind.GUIDELINE)
        load_seconds = time.perf_counter() - began
        queries = [label.query for label in load_queries(DEFAULT_QUERIES)][:query_count]
        searcher.search(queries[0])
        latencies = []
        for query in queries:
            began = time.perf_counter()
            searcher.search(query)
            latencies.append(1000 * (time.perf_counter() - began))
        latencies.sort()
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        return {
            "chunks": float(collection.count()),
            "p50_ms": statistics.median(latencies),
            "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
            "fill_seconds": fill_seconds,
            "index_load_seconds": load_seconds,
            "peak_rss_mb": peak_mb,
        }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_size(args.one, args.queries)))
        return
    rows = []
    for size in args.sizes:
        output = subprocess.run(
            [
                sys.executable,
                "-m",
                "evals.bench_scale",
                "--one",
                str(size),
                "--queries",
                str(args.queries),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        rows.append(json.loads(output.strip().splitlines()[-1]))
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    print(f"{'chunks':>8} {'p50 ms':>8} {'p95 ms':>8} {'peak MB':>8} {'fill s':>7} {'load s':>7}")
    for row in rows:
        print(
            f"{int(row['chunks']):>8} {row['p50_ms']:>8.1f} {row['p95_ms']:>8.1f} "
            f"{row['peak_rss_mb']:>8.0f} {row['fill_seconds']:>7.1f} "
            f"{row['index_load_seconds']:>7.1f}"
        )


if __name__ == "__main__":
    main()
