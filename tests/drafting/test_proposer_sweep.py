"""The proposer sweep's figures: abstentions count as misses, and the split is fixed."""

from __future__ import annotations

from assistant.letters.models import Decision
from evals.proposer_sweep import Outcome, balanced_accuracy, half, interval, overturned_precision

UP, OV = Decision.UPHELD, Decision.OVERTURNED


def test_balanced_accuracy_counts_an_abstention_as_a_miss() -> None:
    perfect: list[Outcome] = [("a", UP, UP), ("b", OV, OV)]
    always_upheld: list[Outcome] = [("a", UP, UP), ("b", OV, UP)]
    abstaining: list[Outcome] = [("a", UP, None), ("b", OV, OV), ("c", UP, UP)]

    assert balanced_accuracy(perfect) == 1.0
    assert balanced_accuracy(always_upheld) == 0.5
    assert balanced_accuracy([("a", UP, OV), ("b", OV, None)]) == 0.0
    assert balanced_accuracy(abstaining) == 0.75


def test_overturned_precision_is_over_proposals_made() -> None:
    assert overturned_precision([("a", UP, UP), ("b", OV, None)]) is None
    assert overturned_precision([("a", UP, OV), ("b", OV, OV), ("c", OV, UP)]) == 0.5
    assert overturned_precision([("a", UP, OV)]) == 0.0


def test_the_bootstrap_interval_is_seeded_and_brackets_the_figure() -> None:
    outcomes: list[Outcome] = [
        (f"L{n}", UP if n % 4 else OV, UP if n % 3 else OV) for n in range(40)
    ]

    first, again = interval(outcomes, "balanced"), interval(outcomes, "balanced")

    assert first == again and first is not None
    assert first[0] <= balanced_accuracy(outcomes) <= first[1]


def test_letters_split_into_two_fixed_halves() -> None:
    names = [f"CM17-{number:07d}.txt" for number in range(200)]
    halves = [half(name) for name in names]

    assert halves == [half(name) for name in names]
    assert 60 < halves.count("tuning") < 140
    assert set(halves) == {"tuning", "heldout"}
