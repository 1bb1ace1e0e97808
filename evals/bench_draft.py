"""Offline drafting latency of one item, after warm-up: p50/p95 over the example and seed items.

    python -m evals.bench_draft [--rounds 5] [--json evals/results/bench_draft.json]

Needs an ingested store (`imr ingest`). Prints per-step medians (retrieval, packing, model,
validation) and the share of seed items whose guideline line matches the reference family with
overlapping pages.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from assistant.drafting.case import Case, case_from_letter, read_case
from assistant.drafting.chain import build_chain
from assistant.drafting.request import DraftRequest
from assistant.letters.reader import read_letter
from assistant.letters.refs import parse_refs
from assistant.settings import LLMSettings, Settings
from assistant.stats import percentile

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"


def _requests(cases: list[tuple[Case, str | None]]) -> list[DraftRequest]:
    return [
        DraftRequest(
            case_id=case.case_id,
            summary=case.clinical_summary,
            title=item.title,
            decision=item.decision,
            exclude_letter_ids=(letter_id,) if letter_id else (),
        )
        for case, letter_id in cases
        for item in case.items
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings(llm=LLMSettings(backend="offline"))
    chain = build_chain(settings)
    letters = [read_letter(path) for path in sorted(SEEDS.glob("*.txt"))]
    cases: list[tuple[Case, str | None]] = [
        (case_from_letter(letter), letter.letter_id) for letter in letters
    ]
    cases += [(read_case(path), None) for path in sorted((REPO / "examples/cases").glob("*.json"))]
    requests = _requests(cases)
    for request in requests:
        chain.draft(request)  # warm-up: models, indexes, tokenizer
    latencies: list[float] = []
    steps: dict[str, list[float]] = {}
    for _ in range(args.rounds):
        for request in requests:
            started = time.perf_counter()
            draft = chain.draft(request)
            latencies.append((time.perf_counter() - started) * 1000)
            for step, ms in draft.timings_ms.items():
                steps.setdefault(step, []).append(ms)
    matched = 0
    seed_items = 0
    clean = 0
    for letter, (case, letter_id) in zip(letters, cases, strict=False):
        drafts = chain.draft_case(case, exclude_letter_ids=[letter_id or ""])
        for reference, draft in zip(letter.items, drafts.items, strict=True):
            seed_items += 1
            clean += not draft.needs_review
            got = parse_refs(draft.maximus_guideline)
            matched += any(
                r.source is g.source and r.chapter == g.chapter and set(r.pages) & set(g.pages)
                for r in reference.maximus_refs
                for g in got
            )
    result = {
        "items": len(requests),
        "rounds": args.rounds,
        "p50_ms": round(statistics.median(latencies), 1),
        "p95_ms": round(percentile(latencies, 0.95) or 0.0, 1),
        "step_median_ms": {k: round(statistics.median(v), 2) for k, v in steps.items()},
        "seed_items": seed_items,
        "seed_family_page_matches": matched,
        "seed_items_validated": clean,
    }
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
