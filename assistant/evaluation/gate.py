"""The regression gate: metrics checked against the floors and ceilings of a thresholds file.

The file is YAML with two optional maps, metric name -> bound::

    minimum:
      citation_validity: 1.0
    maximum:
      unsupported_fact_rate: 0.05

A metric below its minimum or above its maximum fails; so does one that was not measured. A metric
the run's model meets by construction (`RunMetrics.by_construction`) is not a finding and is
skipped.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from assistant.errors import InputError
from assistant.evaluation.models import METRIC_KEYS, RunMetrics
from assistant.files import read_input_text


class Thresholds(BaseModel):
    model_config = ConfigDict(extra="forbid")

    minimum: dict[str, float] = {}
    maximum: dict[str, float] = {}

    @field_validator("minimum", "maximum")
    @classmethod
    def _known(cls, bounds: dict[str, float]) -> dict[str, float]:
        unknown = sorted(set(bounds) - set(METRIC_KEYS))
        if unknown:
            raise ValueError(f"unknown metric {unknown[0]!r} (known: {', '.join(METRIC_KEYS)})")
        return bounds


def read_thresholds(path: Path) -> Thresholds:
    text = read_input_text(path)
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML ({exc.__class__.__name__})", path) from None
    except RecursionError:
        raise InputError("not valid YAML (nested too deeply)", path) from None
    if data is not None and not isinstance(data, dict):
        raise InputError("must be a YAML map with 'minimum' and/or 'maximum'", path)
    try:
        return Thresholds.model_validate(data or {})
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        raise InputError(f"{where}: {first['msg']}", path) from None


def gate_failures(metrics: RunMetrics, thresholds: Thresholds) -> list[str]:
    """One line per metric that misses its bound; empty when the run passes.

    Metrics the model meets by construction are left out."""
    skipped = set(metrics.by_construction)
    failures = []
    for key, bound in thresholds.minimum.items():
        value = getattr(metrics, key)
        if key not in skipped and (value is None or value < bound):
            failures.append(f"{key} = {_shown(value)} is below the minimum {bound}")
    for key, bound in thresholds.maximum.items():
        value = getattr(metrics, key)
        if key not in skipped and (value is None or value > bound):
            failures.append(f"{key} = {_shown(value)} is above the maximum {bound}")
    return failures


def _shown(value: float | None) -> str:
    return "not measured" if value is None else f"{value:.4f}"
