"""A 10-letter smoke of the committed public-letter run (evals/results/public_letters)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.evaluation.models import INTERVAL_KEYS
from assistant.letters.reader import read_letter
from evals.independent_family import compare, read_items
from tests.evaluation.conftest import eval_env
from tests.paths import REPO, SHARED

PUBLIC = SHARED / "public_letters" / "letters"
COMMITTED = REPO / "evals" / "results" / "public_letters"
BASELINES = {"always_upheld", "ur_line", "retrieval_top1", "shuffled_reference"}

pytestmark = pytest.mark.skipif(
    not PUBLIC.is_dir(), reason=f"the public letters are not here ({PUBLIC})"
)


@pytest.fixture(scope="module")
def ten_letter_run(ingested_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The output folder of the offline eval of the first 10 public letters."""
    out = tmp_path_factory.mktemp("public") / "run"
    letters = map(str, sorted(PUBLIC.glob("*.txt")))
    result = CliRunner().invoke(
        app,
        ["eval", *letters, "--limit", "10", "--predict-decision", "--out", str(out)],
        env=eval_env(ingested_data_dir),
    )
    assert result.exit_code == 0, result.output
    return out


def test_ten_public_letters_score_with_baselines_and_intervals(ten_letter_run: Path) -> None:
    letters = sorted(PUBLIC.glob("*.txt"))
    out = ten_letter_run
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["letters"] == [path.stem for path in letters[:10]]
    assert metrics["items"] == sum(len(read_letter(path).items) for path in letters[:10])
    assert set(metrics["baselines"]) == BASELINES
    assert (
        metrics["abstentions"] + round(metrics["coverage"] * metrics["items"]) == metrics["items"]
    )
    measured = [key for key in INTERVAL_KEYS if metrics[key] is not None]
    assert "decision_accuracy" in measured
    for key in measured:
        interval = metrics["intervals"][key]
        assert interval is not None and interval["low"] <= interval["high"], key
    assert "citation_validity" in metrics["by_construction"]
    report = (out / "report.md").read_text()
    assert "| decision_accuracy |" in report
    assert "always_upheld" in report


def test_family_accuracy_agrees_with_an_independent_reading_of_the_lines(
    ten_letter_run: Path,
) -> None:
    metrics = json.loads((ten_letter_run / "metrics.json").read_text())
    compared = compare(read_items(ten_letter_run / "items.jsonl"))
    assert compared.eval_accuracy == pytest.approx(metrics["citation_family_accuracy"])
    assert compared.difference is not None and compared.difference <= 0.03, compared.disagreements


def test_the_committed_report_has_the_figures_and_no_letter_text() -> None:
    metrics = json.loads((COMMITTED / "metrics.json").read_text())
    assert metrics["items"] > 200
    assert set(metrics["baselines"]) == BASELINES
    assert metrics["intervals"]["balanced_accuracy"] is not None
    report = (COMMITTED / "report.md").read_text()
    assert "## Items" not in report
    titles = json.loads((SHARED / "public_letters" / "items.json").read_text())
    assert not [row["title"] for row in titles if row["title"] in report]
