"""Seeded percentile-bootstrap intervals for the headline metrics.

Items of one letter share a case and a reviewer, so the run is resampled by letter (a cluster
bootstrap): each resample draws as many letters as the run has, with replacement, and recomputes
every metric on the items of the letters drawn. The interval is the 2.5th and 97.5th percentile of
the resampled values (for a 95% level); resamples where a metric is not measured are skipped.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping, Sequence
from typing import TypeVar

from pydantic import BaseModel

from assistant.stats import percentile

RESAMPLES = 1000
SEED = 2017
LEVEL = 0.95

T = TypeVar("T")

Statistic = Callable[[Sequence[T]], Mapping[str, float | None]]


class Interval(BaseModel):
    low: float
    high: float


class BootstrapSettings(BaseModel):
    resamples: int = RESAMPLES
    seed: int = SEED
    level: float = LEVEL
    unit: str = "letter"


def bootstrap(
    groups: Sequence[Sequence[T]],
    statistic: Statistic[T],
    *,
    resamples: int = RESAMPLES,
    seed: int = SEED,
    level: float = LEVEL,
) -> dict[str, Interval | None]:
    """Intervals of every metric `statistic` returns, resampling `groups` with replacement.

    A metric gets None when no resample measures it (or there is nothing to resample). The same
    seed gives the same intervals.
    """
    names = list(statistic([item for group in groups for item in group]))
    if not groups:
        return {name: None for name in names}
    rng = random.Random(seed)
    values: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(resamples):
        drawn = [item for _ in groups for item in rng.choice(groups)]
        for name, value in statistic(drawn).items():
            if value is not None and name in values:
                values[name].append(value)
    tail = (1.0 - level) / 2
    intervals: dict[str, Interval | None] = {}
    for name, sample in values.items():
        low, high = percentile(sample, tail), percentile(sample, 1.0 - tail)
        intervals[name] = None if low is None or high is None else Interval(low=low, high=high)
    return intervals
