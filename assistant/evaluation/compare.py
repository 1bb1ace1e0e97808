"""Compare two eval runs: metric deltas, and the items whose scores moved most."""

from __future__ import annotations

from pydantic import BaseModel

from assistant.evaluation.models import METRIC_KEYS, ItemResult
from assistant.evaluation.runner import EvalRun

ITEM_SCORES = (
    "page_f1",
    "citation_validity",
    "support_recall",
    "support_precision",
    "unsupported_fact_rate",
    "rouge_l",
    "embedding_similarity",
    "style_conformance",
)


class MetricDelta(BaseModel):
    metric: str
    a: float | None
    b: float | None
    delta: float | None


class ItemChange(BaseModel):
    letter_id: str
    title: str
    change: float
    decision_a: str | None
    decision_b: str | None
    deltas: dict[str, float]


def metric_deltas(a: EvalRun, b: EvalRun) -> list[MetricDelta]:
    rows = []
    for key in METRIC_KEYS:
        first, second = getattr(a.metrics, key), getattr(b.metrics, key)
        delta = None if first is None or second is None else second - first
        rows.append(MetricDelta(metric=key, a=first, b=second, delta=delta))
    return rows


SPENT_KEYS = frozenset({"prompt_tokens", "completion_tokens", "cost_usd", "judge_usage"})
"""What a run spent on models as metrics.json holds it: drafting's tokens and cost, and a chat
model judge's under `judge_usage` (absent from a run judged by the lexical judge alone, and from
one made before judging was counted)."""


def spent(run: EvalRun) -> dict[str, object]:
    """The run's SPENT_KEYS as its metrics.json holds them."""
    return run.metrics.model_dump(mode="json", include=set(SPENT_KEYS))


def judge_mismatch(a: EvalRun, b: EvalRun) -> str | None:
    """A warning when the two runs' headline citation support figures come from different judges
    (a run made before every run was scored by the lexical judge may carry a chat model's)."""
    first, second = a.metrics.support_judge, b.metrics.support_judge
    if first == second:
        return None
    return (
        f"citation_support_* were judged by {first} in RUN_A and by {second} in RUN_B: their "
        "deltas compare two judges"
    )


def _item_change(first: ItemResult, second: ItemResult) -> ItemChange:
    deltas = {}
    for key in ITEM_SCORES:
        x, y = getattr(first, key), getattr(second, key)
        if x is not None and y is not None and x != y:
            deltas[key] = y - x
    decision_changed = first.draft_decision != second.draft_decision
    return ItemChange(
        letter_id=first.letter_id,
        title=first.title,
        change=sum(abs(d) for d in deltas.values()) + (1.0 if decision_changed else 0.0),
        decision_a=first.draft_decision.value if first.draft_decision else None,
        decision_b=second.draft_decision.value if second.draft_decision else None,
        deltas=deltas,
    )


def item_changes(a: EvalRun, b: EvalRun, top: int = 5) -> list[ItemChange]:
    """Items present in both runs, most changed first (sum of absolute score deltas, plus 1 for a
    changed decision); unchanged items are left out."""
    second = {(item.letter_id, item.title): item for item in b.items}
    changes = [
        _item_change(item, second[key])
        for item in a.items
        if (key := (item.letter_id, item.title)) in second
    ]
    moved = [change for change in changes if change.change > 0]
    return sorted(moved, key=lambda change: -change.change)[:top]
