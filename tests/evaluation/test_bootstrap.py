"""The seeded cluster bootstrap: repeatable, around the point estimate, sane on degenerate runs."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.evaluation.bootstrap import bootstrap


def mean_of(values: Sequence[float]) -> Mapping[str, float | None]:
    return {"mean": sum(values) / len(values) if values else None}


GROUPS = [[1.0, 0.0], [1.0], [0.0, 0.0, 1.0], [1.0, 1.0], [0.0], [1.0, 0.0, 1.0]]


def test_the_same_seed_gives_the_same_interval_and_another_seed_another() -> None:
    scores = [[0.13, 0.71], [0.42], [0.05, 0.98, 0.37], [0.66, 0.24], [0.81], [0.29, 0.53]]
    first = bootstrap(scores, mean_of, resamples=200, seed=7)
    assert first == bootstrap(scores, mean_of, resamples=200, seed=7)
    assert first != bootstrap(scores, mean_of, resamples=200, seed=8)


def test_the_interval_contains_the_point_estimate_and_stays_in_range() -> None:
    point = mean_of([value for group in GROUPS for value in group])["mean"]
    interval = bootstrap(GROUPS, mean_of)["mean"]
    assert interval is not None and point is not None
    assert 0.0 <= interval.low < point < interval.high <= 1.0


def test_more_data_gives_a_narrower_interval() -> None:
    small = bootstrap(GROUPS, mean_of)["mean"]
    large = bootstrap(GROUPS * 10, mean_of)["mean"]
    assert small is not None and large is not None
    assert large.high - large.low < small.high - small.low


def test_constant_values_give_a_zero_width_interval() -> None:
    interval = bootstrap([[1.0], [1.0, 1.0]], mean_of)["mean"]
    assert interval is not None
    assert (interval.low, interval.high) == (1.0, 1.0)


def test_a_single_group_resamples_to_itself() -> None:
    interval = bootstrap([[1.0, 0.0, 0.0, 0.0]], mean_of)["mean"]
    assert interval is not None
    assert (interval.low, interval.high) == (0.25, 0.25)


def test_nothing_to_resample_gives_no_interval() -> None:
    assert bootstrap([], mean_of) == {"mean": None}


def test_a_metric_never_measured_gives_no_interval() -> None:
    def never(values: Sequence[float]) -> Mapping[str, float | None]:
        return {"never": None, "count": float(len(values))}

    intervals = bootstrap(GROUPS, never)
    assert intervals["never"] is None
    assert intervals["count"] is not None


def test_resamples_that_do_not_measure_a_metric_are_skipped() -> None:
    # "ones" is measured only when a resample draws a group holding a 1.
    def ones(values: Sequence[float]) -> Mapping[str, float | None]:
        return {"ones": 1.0 if 1.0 in values else None}

    interval = bootstrap([[0.0], [0.0], [1.0]], ones)["ones"]
    assert interval is not None
    assert (interval.low, interval.high) == (1.0, 1.0)
