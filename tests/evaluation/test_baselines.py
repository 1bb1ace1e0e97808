"""Baselines on the same items as the run, the shuffled floor, and the reports' marks beside each
metric (intervals, baselines not beaten, metrics true by construction)."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.evaluation.aggregate import aggregate
from assistant.evaluation.baselines import (
    always_upheld,
    baselines,
    falls_short,
    interval_clear,
    line_baseline,
    shuffled_partners,
)
from assistant.evaluation.bootstrap import BootstrapSettings, Interval
from assistant.evaluation.gate import Thresholds, gate_failures
from assistant.evaluation.models import CitationScores, ItemResult, RunMetrics
from assistant.evaluation.report import render_html, render_markdown
from assistant.evaluation.runner import EvalRun, with_shuffled_floor
from assistant.letters.models import Decision

U, OV = Decision.UPHELD, Decision.OVERTURNED


def line(family: bool | None, topic: bool | None, f1: float | None = None) -> CitationScores:
    return CitationScores(
        guideline="g",
        family_match=family,
        topic_match=topic,
        page_precision=f1,
        page_recall=f1,
        page_f1=f1,
    )


def item(number: int, reference: Decision, draft: Decision | None, **changes: Any) -> ItemResult:
    fields: dict[str, Any] = {
        "letter_id": f"L{number}",
        "title": f"item {number}",
        "reference_decision": reference,
        "draft_decision": draft,
        "decision_measured": True,
        "reference_guideline": "r",
        "draft_guideline": "d",
        "family_match": True,
        "topic_match": True,
        "page_precision": None,
        "page_recall": None,
        "page_f1": None,
        "baselines": {"ur_line": line(True, False), "retrieval_top1": line(False, False)},
        "citations": 1,
        "citation_validity": 1.0,
        "support_recall": 1.0,
        "support_precision": 1.0,
        "facts": 0,
        "unsupported_facts": [],
        "unsupported_fact_rate": 0.0,
        "rouge_l": 0.3,
        "embedding_similarity": 0.7,
        "style": {"closing_matches": True},
        "style_conformance": 1.0,
        "needs_review": False,
        "problems": [],
        "prompt_tokens": 1,
        "completion_tokens": 1,
        "cost_usd": 0.0,
        "latency_ms": 5.0,
        "reference_rationale": f"the reference rationale of item {number}",
        "draft_rationale": f"the draft rationale of item {number}",
    }
    return ItemResult.model_validate(fields | changes)


ITEMS = [
    item(1, U, U),
    item(2, U, U),
    item(3, OV, OV),
    item(4, OV, U, family_match=False, topic_match=False),
    item(5, U, None),
]


def run_of(items: list[ItemResult], model: str = "offline") -> EvalRun:
    summary = aggregate(
        items,
        model=model,
        predict_decision=True,
        letters=[i.letter_id for i in items],
        resampling=BootstrapSettings(resamples=200),
    )
    return EvalRun(metrics=summary, items=items)


def test_always_upheld_is_scored_on_the_items_the_model_proposed_for() -> None:
    scores = always_upheld(ITEMS)
    assert scores["decision_accuracy"] == 0.5  # items 1-4: two of them upheld
    assert scores["balanced_accuracy"] == 0.5
    assert scores["kappa"] == 0.0
    assert scores["overturned_recall"] == 0.0
    assert scores["overturned_precision"] is None


def test_line_baselines_average_their_citation_scores() -> None:
    assert line_baseline(ITEMS, "ur_line")["citation_family_accuracy"] == 1.0
    assert line_baseline(ITEMS, "ur_line")["citation_topic_accuracy"] == 0.0
    assert line_baseline(ITEMS, "retrieval_top1")["citation_family_accuracy"] == 0.0
    assert line_baseline(ITEMS, "retrieval_top1")["page_f1"] is None


def test_every_baseline_is_named_and_the_decision_one_needs_predicted_decisions() -> None:
    assert set(baselines(ITEMS, predict_decision=True)) == {
        "always_upheld",
        "ur_line",
        "retrieval_top1",
        "shuffled_reference",
    }
    assert "always_upheld" not in baselines(ITEMS, predict_decision=False)


def test_shuffled_partners_are_a_seeded_derangement() -> None:
    partners = shuffled_partners(50)
    assert partners is not None
    assert sorted(partners) == list(range(50))
    assert all(partner != index for index, partner in enumerate(partners))
    assert partners == shuffled_partners(50)
    assert partners != shuffled_partners(50, seed=1)
    assert shuffled_partners(2) == [1, 0]
    assert shuffled_partners(1) is None


def test_the_shuffled_floor_scores_each_draft_against_another_reference() -> None:
    floored = with_shuffled_floor(ITEMS, lambda a, b: 0.25)
    for result in floored:
        assert result.shuffled_embedding_similarity == 0.25
        assert result.shuffled_rouge_l is not None and 0.0 < result.shuffled_rouge_l < 1.0
    floor = baselines(floored, predict_decision=True)["shuffled_reference"]
    assert floor["embedding_similarity"] == 0.25
    assert with_shuffled_floor(ITEMS[:1], None) == ITEMS[:1]


def test_falls_short() -> None:
    assert falls_short("decision_accuracy", 0.8, 0.9) is True
    assert falls_short("decision_accuracy", 0.9, 0.9) is True  # a tie does not beat it
    assert falls_short("decision_accuracy", 0.95, 0.9) is False
    assert falls_short("unsupported_fact_rate", 0.1, 0.2) is False
    assert falls_short("unsupported_fact_rate", 0.3, 0.2) is True
    assert falls_short("kappa", None, 0.0) is None
    assert falls_short("kappa", 0.2, None) is None


def test_interval_clear() -> None:
    assert interval_clear("kappa", Interval(low=0.1, high=0.3), 0.0) is True
    assert interval_clear("kappa", Interval(low=-0.1, high=0.3), 0.0) is False
    assert interval_clear("unsupported_fact_rate", Interval(low=0.01, high=0.02), 0.05) is True
    assert interval_clear("unsupported_fact_rate", Interval(low=0.01, high=0.09), 0.05) is False
    assert interval_clear("kappa", None, 0.0) is None
    assert interval_clear("kappa", Interval(low=0.1, high=0.3), None) is None


def test_run_metrics_carry_abstentions_baselines_intervals_and_construction() -> None:
    m = run_of(ITEMS).metrics
    assert (m.abstentions, m.coverage) == (1, 0.8)
    assert m.decision_accuracy == 0.75
    assert m.balanced_accuracy == 0.75
    assert m.overturned_precision == 1.0
    assert m.citation_topic_accuracy == pytest.approx(0.8)
    assert m.baselines["always_upheld"]["decision_accuracy"] == 0.5
    interval = m.intervals["decision_accuracy"]
    assert interval is not None and interval.low <= 0.75 <= interval.high
    assert m.intervals["citation_family_accuracy"] is not None
    assert "citation_validity" in m.by_construction
    assert run_of(ITEMS, model="openai-compatible:gpt-4o-mini").metrics.by_construction == []


def test_reports_mark_baselines_not_beaten_and_metrics_by_construction() -> None:
    run = run_of(ITEMS)
    run.metrics.decision_accuracy = 0.5  # ties always Upheld
    text = render_markdown(run)
    row = next(r for r in text.splitlines() if r.startswith("| decision_accuracy |"))
    assert "always_upheld 0.500" in row and "does not beat always_upheld" in row
    family = next(r for r in text.splitlines() if r.startswith("| citation_family_accuracy |"))
    assert "does not beat ur_line" in family and "retrieval_top1" not in family.split("|")[5]
    validity = next(r for r in text.splitlines() if r.startswith("| citation_validity |"))
    assert validity.endswith("| by construction |")
    assert "1 abstentions, coverage 0.800" in text
    page = render_html(run)
    assert "does not beat always_upheld" in page and "by construction" in page


def test_reports_say_when_a_metric_beats_its_baseline_only_by_its_point_estimate() -> None:
    run = run_of(ITEMS)
    run.metrics.kappa = 0.2
    run.metrics.intervals["kappa"] = Interval(low=-0.1, high=0.4)
    run.metrics.balanced_accuracy = 0.9
    run.metrics.intervals["balanced_accuracy"] = Interval(low=0.7, high=1.0)
    rows = render_markdown(run).splitlines()
    kappa = next(r for r in rows if r.startswith("| kappa |"))
    assert kappa.endswith("| interval not clear of always_upheld |")
    balanced = next(r for r in rows if r.startswith("| balanced_accuracy |"))
    assert balanced.endswith("| 0.700 to 1.000 | always_upheld 0.500 |  |")


def test_a_figures_only_report_leaves_the_items_out() -> None:
    run = run_of(ITEMS)
    figures = render_markdown(run, with_items=False)
    assert "| decision_accuracy |" in figures
    assert "## Items" not in figures
    assert all(result.title not in figures for result in ITEMS)
    assert "## Items" in render_markdown(run)


def test_the_gate_skips_metrics_true_by_construction() -> None:
    thresholds = Thresholds(minimum={"citation_validity": 1.0, "decision_accuracy": 0.9})
    offline = run_of(ITEMS).metrics
    offline.citation_validity = 0.0
    assert gate_failures(offline, thresholds) == [
        "decision_accuracy = 0.7500 is below the minimum 0.9"
    ]
    chat = RunMetrics.model_validate(offline.model_dump() | {"by_construction": []})
    assert len(gate_failures(chat, thresholds)) == 2


def test_each_kind_of_proposal_is_set_beside_always_upheld_and_withheld_ones_are_named() -> None:
    items = [
        item(1, U, U),
        item(2, U, OV),
        item(3, U, OV),
        item(4, OV, OV),
        item(5, U, None, withheld=OV),
        item(6, OV, None, withheld=OV),
        item(7, U, None, withheld=OV),
    ]
    run = run_of(items)

    kinds = {kind.kind: kind for kind in run.metrics.proposal_kinds}

    assert set(kinds) == {"Upheld", "Overturned", "Overturned (withheld)"}
    overturned = kinds["Overturned"]
    assert (overturned.made, overturned.right, overturned.shown) == (3, 1, True)
    assert overturned.precision == pytest.approx(1 / 3)
    assert overturned.always_upheld == pytest.approx(2 / 3)
    assert overturned.worse_than_baseline
    assert not kinds["Upheld"].worse_than_baseline
    withheld = kinds["Overturned (withheld)"]
    assert (withheld.made, withheld.right, withheld.shown) == (3, 1, False)
    report = render_markdown(run, with_items=False)
    assert "## Proposals by kind" in report
    assert "| Overturned | 3 | 1 | 0.333 | 0.667 | worse than always_upheld |" in report
    assert (
        "| Overturned (withheld) | 3 | 1 | 0.333 | 0.667 | withheld: shown as no proposal; "
        "worse than always_upheld |"
    ) in report
    assert "Proposals by kind" in render_html(run)
