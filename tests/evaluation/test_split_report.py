"""A run's figures re-aggregated on each fixed half of its letters."""

from __future__ import annotations

from assistant.letters.models import Decision
from evals.proposer_sweep import half
from evals.split_report import render, split_metrics
from tests.evaluation.test_baselines import item

U, OV = Decision.UPHELD, Decision.OVERTURNED


def test_each_half_is_scored_on_its_own_letters_and_all_on_every_item() -> None:
    items = [item(n, U if n % 3 else OV, U, family_match=n % 2 == 0) for n in range(12)]
    tuning = [i for i in items if half(f"{i.letter_id}.txt") == "tuning"]

    runs = split_metrics(items, "offline")

    assert set(runs) == {"tuning", "heldout", "all"}
    assert runs["tuning"].items == len(tuning)
    assert runs["tuning"].items + runs["heldout"].items == runs["all"].items == 12
    assert runs["all"].citation_family_accuracy == 0.5
    assert runs["all"].baselines["always_upheld"]["balanced_accuracy"] == 0.5
    text = render(runs, items)
    assert "| citation_family_accuracy | all | 12 | 12 | 0.500 |" in text
    assert "Family accuracy read independently of the parser" in text
