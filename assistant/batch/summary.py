"""`summary.json`: what the output folder holds, and how this run went."""

from __future__ import annotations

import statistics
from typing import Any

from assistant.batch.runner import ItemResult, StopReason
from assistant.stats import percentile


def summarize(
    *,
    cases: int,
    items: int,
    rows: list[dict[str, Any]],
    results: list[ItemResult],
    letters: int,
    wall_s: float,
    budget_usd: float | None,
    spent_usd: float,
    stopped: StopReason | None,
) -> dict[str, Any]:
    """The summary of a run over its whole output folder (earlier runs' items included)."""
    usage = [row.get("usage") or {} for row in rows]
    costs = [u.get("cost_usd") for u in usage]
    drafted = [result for result in results if result.outcome == "drafted"]
    phases: dict[str, list[float]] = {}
    for result in drafted:
        for phase, ms in result.timings_ms.items():
            phases.setdefault(phase, []).append(ms)
    seconds = [result.seconds * 1000 for result in drafted]
    return {
        "cases": cases,
        "letters": letters,
        "items": items,
        "items_done": len(rows),
        "items_left": items - len(rows),
        "needs_review": sum(1 for row in rows if row.get("needs_review")),
        "failures": sum(1 for result in results if result.outcome == "failed"),
        "tokens": {
            "prompt": sum(int(u.get("prompt_tokens", 0)) for u in usage),
            "completion": sum(int(u.get("completion_tokens", 0)) for u in usage),
        },
        "estimated_cost_usd": (
            None if any(c is None for c in costs) else round(sum(c or 0.0 for c in costs), 6)
        ),
        "budget_usd": budget_usd,
        "spent_this_run_usd": round(spent_usd, 6),
        "stopped": stopped,
        "this_run": {
            "drafted": len(drafted),
            "wall_s": round(wall_s, 3),
            "items_per_second": round(len(drafted) / wall_s, 2) if wall_s > 0 else 0.0,
            "item_ms_p50": round(percentile(seconds, 0.50) or 0.0, 1),
            "item_ms_p95": round(percentile(seconds, 0.95) or 0.0, 1),
            "mean_ms": {k: round(statistics.fmean(v), 2) for k, v in sorted(phases.items())},
        },
        "wall_s": round(wall_s, 3),
        "items_per_second": round(len(drafted) / wall_s, 2) if wall_s > 0 else 0.0,
    }
