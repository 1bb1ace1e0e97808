"""Offline batch drafting throughput: items/s and per-item latency at concurrency 1, 2 and 4.

    python -m evals.bench_batch [--items 500] [--no-query-cache] [--no-prefetch] [--json]

Drafts `--items` synthetic items (two per case; titles cycle through the labelled retrieval
queries, so some repeat as they do in a real batch) with the offline model into a fresh output
folder per concurrency level, through the same `BatchRun` as `imr batch`. Each level starts with
an empty query-embedding cache (warmed on one unrelated query), so no level inherits another's.
Reports items/s over the run's wall time, per-item p50/p95 (retrieve to journaled line) and the
mean time per phase: retrieval, packing, model, validation and I/O (the journal line and letter).
`--no-query-cache` turns the searcher's query-embedding cache off and `--no-prefetch` the run's
batched embedding of titles ahead of their items, for before/after figures.
Needs an ingested store (IMR_DATA_DIR).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import tempfile
import time
from pathlib import Path

from assistant.batch.budget import Budget
from assistant.batch.runner import BatchRun
from assistant.drafting.case import Case
from assistant.drafting.chain import build_chain
from assistant.drafting.request import DraftRequest
from assistant.llm.usage import FREE
from assistant.retrieval import hybrid
from assistant.settings import Settings
from assistant.stats import percentile

QUERIES = Path(__file__).parent / "data" / "retrieval_queries.jsonl"
SUMMARY = (
    "Synthetic case for benchmarking. The injured worker is a 51-year-old driver with chronic "
    "neck and low back pain after a collision. Pain is rated 7 of 10 with reduced range of "
    "motion. Prior conservative care gave no documented functional improvement."
)
PHASES = ("retrieval", "packing", "model", "validation", "io")


def synthetic_cases(items: int) -> list[Case]:
    titles = [json.loads(line)["query"] for line in QUERIES.read_text().splitlines() if line]
    cases: list[Case] = []
    for start in range(0, items, 2):
        picked = [titles[(start + offset) % len(titles)] for offset in range(min(2, items - start))]
        unique = list(dict.fromkeys(title.casefold() for title in picked))
        chosen = [next(t for t in picked if t.casefold() == key) for key in unique]
        cases.append(
            Case.model_validate(
                {
                    "case_id": f"SYN-BENCH-{start // 2:04d}",
                    "clinical_summary": SUMMARY,
                    "items": [{"title": title, "decision": "Upheld"} for title in chosen],
                }
            )
        )
    return cases


def run_level(cases: list[Case], concurrency: int, prefetch: bool) -> dict[str, object]:
    settings = Settings()
    settings = settings.model_copy(
        update={"llm": settings.llm.model_copy(update={"backend": "offline"})}
    )
    chain = build_chain(settings)
    chain.searcher.forget_query_vectors()
    chain.draft(DraftRequest(case_id="warm-up", summary=SUMMARY, title="warm up query"))
    with tempfile.TemporaryDirectory() as out:
        run = BatchRun(
            chain, cases, Path(out), price=FREE, budget=Budget(None), prefetch_queries=prefetch
        )
        began = time.perf_counter()
        results = asyncio.run(run.run(concurrency))
        wall = time.perf_counter() - began
        run.close()
    drafted = [result for result in results if result.outcome == "drafted"]
    latencies = [result.seconds * 1000 for result in drafted]
    return {
        "concurrency": concurrency,
        "items": len(drafted),
        "wall_s": round(wall, 2),
        "items_per_second": round(len(drafted) / wall, 1),
        "p50_ms": round(percentile(latencies, 0.50) or 0.0, 1),
        "p95_ms": round(percentile(latencies, 0.95) or 0.0, 1),
        "mean_ms": {
            phase: round(statistics.fmean(r.timings_ms.get(phase, 0.0) for r in drafted), 1)
            for phase in PHASES
        },
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--items", type=int, default=500)
    parser.add_argument("--levels", default="1,2,4")
    parser.add_argument("--no-query-cache", action="store_true")
    parser.add_argument("--no-prefetch", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if args.no_query_cache:
        hybrid.QUERY_VECTOR_CACHE = 0
    cases = synthetic_cases(args.items)
    rows = [
        run_level(cases, int(level), prefetch=not args.no_prefetch)
        for level in args.levels.split(",")
    ]
    if args.json:
        print(json.dumps(rows, indent=2))
        return
    header = f"{'conc':>4} {'items':>5} {'items/s':>8} {'p50 ms':>7} {'p95 ms':>7}  mean ms: "
    print(header + " ".join(f"{phase:>10}" for phase in PHASES))
    for row in rows:
        means = row["mean_ms"]
        assert isinstance(means, dict)
        print(
            f"{row['concurrency']:>4} {row['items']:>5} {row['items_per_second']:>8} "
            f"{row['p50_ms']:>7} {row['p95_ms']:>7}           "
            + " ".join(f"{means[phase]:>10}" for phase in PHASES)
        )


if __name__ == "__main__":
    main()
