"""The decision ceiling scores each item with a model that never saw its letter."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from assistant.letters.models import Decision
from evals.decision_ceiling import fit_scores, injury_years, operating_points, out_of_fold

UPHELD, OVERTURNED = Decision.UPHELD, Decision.OVERTURNED


@pytest.mark.parametrize(
    ("summary", "case_date", "expected"),
    [
        (
            "Synthetic: a worker who sustained an industrial injury on 10-13-16.",
            date(2017, 10, 13),
            1.0,
        ),
        ("Synthetic: a worker injured on 3/1/2010 while lifting.", date(2017, 3, 1), 7.0),
        ("Synthetic: no date of injury is given.", date(2017, 1, 1), None),
        (
            "Synthetic: a worker who sustained an industrial injury on 13-40-16.",
            date(2017, 1, 1),
            None,
        ),
        ("Synthetic: a worker who sustained an industrial injury on 10-13-16.", None, None),
    ],
)
def test_years_since_injury_are_read_from_the_summary(
    summary: str, case_date: date | None, expected: float | None
) -> None:
    years = injury_years(summary, case_date)
    assert years == pytest.approx(expected, abs=0.01) if expected is not None else years is None


def test_a_feature_that_carries_the_label_ranks_every_positive_first() -> None:
    rng = np.random.default_rng(0)
    labels = np.array([1.0] * 4 + [0.0] * 36)
    matrix = np.column_stack([labels + rng.normal(0, 0.1, 40), rng.normal(0, 1, 40)])

    scores = fit_scores(matrix, labels, matrix)

    assert scores[:4].min() > scores[4:].max()


def test_an_items_own_label_never_reaches_its_score() -> None:
    rng = np.random.default_rng(1)
    matrix = rng.normal(0, 1, (60, 3))
    labels = (matrix[:, 0] > 1.0).astype(float)
    letters = [f"L{i // 2}" for i in range(60)]
    flipped = labels.copy()
    flipped[10] = 1.0 - flipped[10]

    before = out_of_fold(matrix, labels, letters)
    after = out_of_fold(matrix, flipped, letters)

    assert after[10] == before[10]
    assert not np.allclose(after, before)


def test_operating_points_propose_overturned_for_the_best_scored_items() -> None:
    references = [OVERTURNED, UPHELD, OVERTURNED] + [UPHELD] * 7
    scores = np.array([0.9, 0.8, 0.7] + [0.1] * 7)
    letters = [f"L{i}" for i in range(10)]

    top3, top5, top10 = operating_points(scores, references, letters)[:3]

    assert (top3.proposals, top3.right) == (3, 2)
    assert top3.precision == pytest.approx(2 / 3)
    assert top3.balanced == pytest.approx((1.0 + 7 / 8) / 2)
    assert top10.precision == pytest.approx(0.2) and top10.balanced == pytest.approx(0.5)
    assert top5.right == 2
