"""Retrieval quality on the labelled query set: BM25 alone, dense alone and hybrid, in one run.

    python -m evals.bench_retrieval [--queries evals/data/retrieval_queries.jsonl] [--json]

Ingests the bundled corpus into a temporary data dir (or uses IMR_DATA_DIR with --use-data-dir) and
reports recall@1, recall@5 and MRR over distinct topics for each mode, plus the misses of hybrid.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from assistant.corpus.chunks import ChunkKind
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.retrieval.models import Mode
from assistant.settings import Settings
from assistant.store.backend import embedding_backend
from assistant.store.ingest import ingest
from evals.retrieval_metrics import LabelledQuery, distinct, score_rankings

DEFAULT_QUERIES = Path(__file__).parent / "data" / "retrieval_queries.jsonl"
DEPTH = 40


def load_queries(path: Path) -> list[LabelledQuery]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [LabelledQuery.model_validate_json(line) for line in lines if line.strip()]


def rank_topics(searcher: CorpusSearcher, query: str, mode: Mode) -> list[str]:
    hits = searcher.search(query, kind=ChunkKind.GUIDELINE, k=DEPTH, mode=mode)
    return distinct([hit.meta.topic_id for hit in hits])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--queries", type=Path, default=DEFAULT_QUERIES)
    parser.add_argument("--use-data-dir", action="store_true", help="use IMR_DATA_DIR as it is")
    parser.add_argument("--json", action="store_true", help="print the results as JSON")
    args = parser.parse_args()
    labels = load_queries(args.queries)
    with tempfile.TemporaryDirectory() as scratch:
        settings = Settings() if args.use_data_dir else Settings(data_dir=Path(scratch))
        embeddings, identity = embedding_backend(settings)
        ingest(
            settings,
            embeddings=embeddings,
            identity=identity,
            guidelines=settings.guidelines_dir,
            determinations=[],
        )
        searcher = CorpusSearcher(settings, embeddings, identity)
        results: dict[str, object] = {}
        misses: list[dict[str, object]] = []
        for mode in (Mode.LEXICAL, Mode.DENSE, Mode.HYBRID):
            began = time.perf_counter()
            rankings = [rank_topics(searcher, label.query, mode) for label in labels]
            elapsed = time.perf_counter() - began
            scores = score_rankings(rankings, labels)
            results[mode.value] = {
                **scores.model_dump(),
                "ms_per_query": 1000 * elapsed / len(labels),
            }
            if mode is Mode.HYBRID:
                misses = [
                    {"query": label.query, "expected": label.topics, "got": ranking[:5]}
                    for label, ranking in zip(labels, rankings, strict=True)
                    if not set(label.topics) & set(ranking[:5])
                ]
    report = {"queries": len(labels), "modes": results, "hybrid_misses_at_5": misses}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    print(f"{len(labels)} labelled queries")
    print(f"{'mode':<8} {'recall@1':>9} {'recall@5':>9} {'MRR':>7} {'ms/query':>9}")
    for name, row in results.items():
        assert isinstance(row, dict)
        print(
            f"{name:<8} {row['recall_at_1']:>9.3f} {row['recall_at_5']:>9.3f} "
            f"{row['mrr']:>7.3f} {row['ms_per_query']:>9.1f}"
        )
    for miss in misses:
        print(f"miss: {miss['query']!r} expected {miss['expected']} got {miss['got']}")


if __name__ == "__main__":
    main()
