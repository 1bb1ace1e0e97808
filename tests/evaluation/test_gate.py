"""The regression gate: the offline eval of the seed letters meets evals/thresholds.yaml."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.evaluation.gate import gate_failures, read_thresholds
from assistant.evaluation.models import RunMetrics
from tests.paths import REPO

THRESHOLDS = REPO / "evals" / "thresholds.yaml"


def test_offline_seed_eval_meets_every_threshold(seeds_run: Path) -> None:
    metrics = RunMetrics.model_validate_json((seeds_run / "metrics.json").read_text())
    failures = gate_failures(metrics, read_thresholds(THRESHOLDS))
    assert not failures, "metrics below their thresholds:\n" + "\n".join(failures)


def test_gate_names_each_metric_that_misses(tmp_path: Path, seeds_run: Path) -> None:
    data = json.loads((seeds_run / "metrics.json").read_text())
    # as a chat model's run, which meets nothing by construction
    data |= {"rouge_l": 0.1, "unsupported_fact_rate": 0.5, "kappa": None, "by_construction": []}
    strict = tmp_path / "t.yaml"
    strict.write_text(
        "minimum:\n  rouge_l: 0.2\n  kappa: 0.1\nmaximum:\n  unsupported_fact_rate: 0.0\n"
    )
    failures = gate_failures(RunMetrics.model_validate(data), read_thresholds(strict))
    assert failures == [
        "rouge_l = 0.1000 is below the minimum 0.2",
        "kappa = not measured is below the minimum 0.1",
        "unsupported_fact_rate = 0.5000 is above the maximum 0.0",
    ]
