"""`imr eval` and `imr eval compare` end to end with the offline model on the ingested corpus."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.evaluation.models import METRIC_KEYS
from tests.evaluation.conftest import eval_env
from tests.paths import CORPUS

REQUIRED_KEYS = {"items", *METRIC_KEYS}
runner = CliRunner()


def test_seed_run_writes_every_file_with_the_required_keys(seeds_run: Path) -> None:
    metrics = json.loads((seeds_run / "metrics.json").read_text())
    assert set(metrics) >= REQUIRED_KEYS
    items = [json.loads(line) for line in (seeds_run / "items.jsonl").read_text().splitlines()]
    assert metrics["items"] == len(items) == 10
    assert metrics["citation_validity"] == 1.0
    assert metrics["predict_decision"] is True
    assert metrics["upheld_recall"] == metrics["decision_accuracy"]
    assert metrics["overturned_recall"] is None  # no seed letter overturns UR
    assert all(item["decision_measured"] for item in items)
    report = (seeds_run / "report.md").read_text()
    assert "| citation_validity | 1.000 |" in report
    page = (seeds_run / "report.html").read_text()
    assert page.count('class="item"') == 10
    assert "<svg" in page
    assert "<script" not in page
    assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")
    assert "https://" not in page


def test_the_offline_model_is_judged_by_the_lexical_judge_alone(seeds_run: Path) -> None:
    metrics = json.loads((seeds_run / "metrics.json").read_text())
    assert list(metrics["support_by_judge"]) == ["lexical"]
    lexical = metrics["support_by_judge"]["lexical"]
    assert lexical["recall"] == metrics["citation_support_recall"]
    assert lexical["precision"] == metrics["citation_support_precision"]
    assert lexical["pairs"] > 0
    assert lexical["by_construction"] is True
    report = (seeds_run / "report.md").read_text()
    assert "citation support judged by lexical." in report
    assert "| citation_support_recall |" in report
    assert "lexical judge; by construction |" in report
    assert "citation_support_* rows; by construction |" in report
    assert "llm:" not in report


def test_given_decisions_leave_decision_metrics_unmeasured(
    ingested_data_dir: Path, seed_letters: list[Path], tmp_path: Path
) -> None:
    letter = next(path for path in seed_letters if path.name.startswith("001_"))
    result = CliRunner().invoke(
        app,
        ["eval", "run", str(letter), "--out", str(tmp_path / "run"), "--json"],
        env=eval_env(ingested_data_dir),
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["items"] == 1
    assert metrics["decision_accuracy"] is None
    assert metrics["kappa"] is None
    assert metrics["confusion"] == {}


def test_an_offline_run_prints_its_drafting_tokens_and_spends_nothing_on_judging(
    ingested_data_dir: Path, seed_letters: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "run"
    args = ["eval", "run", str(seed_letters[0]), "--out", str(out)]
    result = CliRunner().invoke(app, args, env=eval_env(ingested_data_dir))
    assert result.exit_code == 0, result.output
    metrics = json.loads((out / "metrics.json").read_text())
    assert "judge_usage" not in metrics
    line = (
        f"Tokens: {metrics['prompt_tokens']} prompt + {metrics['completion_tokens']} completion; "
        "cost $0.0000."
    )
    assert metrics["prompt_tokens"] > 0
    assert line in result.stdout.splitlines()
    assert line in (out / "report.md").read_text().splitlines()
    assert f"<p>{line}</p>" in (out / "report.html").read_text()


def test_gate_option_exits_1_naming_the_metric(
    ingested_data_dir: Path, seed_letters: list[Path], tmp_path: Path
) -> None:
    thresholds = tmp_path / "thresholds.yaml"
    thresholds.write_text("minimum:\n  rouge_l: 0.99\n")
    result = CliRunner().invoke(
        app,
        [
            "eval",
            str(seed_letters[1]),
            "--out",
            str(tmp_path / "run"),
            "--gate",
            str(thresholds),
        ],
        env=eval_env(ingested_data_dir),
    )
    assert result.exit_code == 1
    assert "gate: rouge_l = " in result.stderr
    assert "below the minimum 0.99" in result.stderr


def test_compare_prints_deltas_and_the_most_changed_item(seeds_run: Path, tmp_path: Path) -> None:
    other = tmp_path / "other"
    shutil.copytree(seeds_run, other)
    lines = (other / "items.jsonl").read_text().splitlines()
    changed = json.loads(lines[2]) | {"rouge_l": 0.9, "draft_decision": "Overturned"}
    lines[2] = json.dumps(changed)
    (other / "items.jsonl").write_text("\n".join(lines) + "\n")
    metrics = json.loads((other / "metrics.json").read_text())
    before = metrics["rouge_l"]
    metrics["rouge_l"] = before + 0.25
    (other / "metrics.json").write_text(json.dumps(metrics))

    result = CliRunner().invoke(app, ["eval", "compare", str(seeds_run), str(other), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    rouge = next(row for row in data["metrics"] if row["metric"] == "rouge_l")
    assert abs(rouge["delta"] - 0.25) < 1e-9
    assert [item["title"] for item in data["items"]] == [changed["title"]]
    assert data["items"][0]["decision_b"] == "Overturned"

    text = CliRunner().invoke(app, ["eval", "compare", str(seeds_run), str(other)])
    assert text.exit_code == 0
    assert "+0.250" in text.stdout
    assert changed["title"] in text.stdout


def test_compare_warns_when_the_runs_support_figures_come_from_different_judges(
    seeds_run: Path, tmp_path: Path
) -> None:
    older = tmp_path / "older"
    shutil.copytree(seeds_run, older)
    metrics = json.loads((older / "metrics.json").read_text())
    metrics["support_judge"] = "llm:gpt-4o-mini"  # a chat model's run scored by its judge alone
    (older / "metrics.json").write_text(json.dumps(metrics))

    result = CliRunner().invoke(app, ["eval", "compare", str(older), str(seeds_run)])

    assert result.exit_code == 0, result.output
    assert result.stderr.strip() == (
        "warning: citation_support_* were judged by llm:gpt-4o-mini in RUN_A and by lexical in "
        "RUN_B: their deltas compare two judges"
    )


def test_compare_rejects_a_folder_that_is_not_a_run(seeds_run: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["eval", "compare", str(seeds_run), str(tmp_path)])
    assert result.exit_code == 2
    assert (
        result.stderr.strip()
        == f"error: {tmp_path / 'metrics.json'}: missing: not the output folder of `imr eval`"
    )
    assert "Traceback" not in result.output


def test_a_bad_reference_letter_is_one_line_and_exit_2(tmp_path: Path) -> None:
    bad = tmp_path / "letter.txt"
    bad.write_text("not a determination letter\n")
    result = CliRunner().invoke(app, ["eval", str(bad), "--out", str(tmp_path / "run")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {bad}")
    assert len(result.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "run").exists()


def unreadable_letters(folder: Path) -> list[Path]:
    empty, prose = folder / "empty.txt", folder / "prose.txt"
    empty.write_text("")
    prose.write_text("Synthetic note: this file is not a determination letter.\n")
    return [empty, prose]


def test_every_unreadable_reference_is_named_before_any_drafting(
    ingested_data_dir: Path, seed_letters: list[Path], tmp_path: Path
) -> None:
    bad = unreadable_letters(tmp_path)
    result = CliRunner().invoke(
        app,
        ["eval", str(seed_letters[0]), *map(str, bad), "--out", str(tmp_path / "run")],
        env=eval_env(ingested_data_dir),
    )
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert [line.split(":")[1].strip() for line in lines[:2]] == [str(p) for p in bad]
    assert "2 of 3 reference letters cannot be read" in lines[2]
    assert "--skip-unreadable" in lines[2]
    assert "Traceback" not in result.output
    assert not (tmp_path / "run").exists()


def test_skip_unreadable_scores_the_rest_and_lists_what_it_left_out(
    ingested_data_dir: Path, seed_letters: list[Path], tmp_path: Path
) -> None:
    bad = unreadable_letters(tmp_path)
    good = next(path for path in seed_letters if path.name.startswith("001_"))
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app,
        ["eval", str(good), *map(str, bad), "--out", str(out), "--skip-unreadable"],
        env=eval_env(ingested_data_dir),
    )
    assert result.exit_code == 0, result.output
    assert result.stderr.count("warning: left out, unreadable:") == 2
    metrics = json.loads((out / "metrics.json").read_text())
    assert metrics["items"] == 1 and len(metrics["letters"]) == 1
    assert [s["file"] for s in metrics["skipped_letters"]] == [str(p) for p in bad]
    assert all(s["error"].startswith(s["file"]) for s in metrics["skipped_letters"])
    report = (out / "report.md").read_text()
    assert "2 letter(s) given were left out as unreadable: empty.txt, prose.txt" in report


def test_skip_unreadable_with_nothing_readable_exits_2(tmp_path: Path) -> None:
    bad = unreadable_letters(tmp_path)
    result = CliRunner().invoke(
        app, ["eval", *map(str, bad), "--out", str(tmp_path / "run"), "--skip-unreadable"]
    )
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 2
    assert not (tmp_path / "run").exists()


def test_a_bad_thresholds_file_is_reported_before_drafting(tmp_path: Path) -> None:
    thresholds = tmp_path / "t.yaml"
    thresholds.write_text("minimum:\n  rouge: 0.5\n")
    result = CliRunner().invoke(
        app, ["eval", "x.txt", "--out", str(tmp_path / "run"), "--gate", str(thresholds)]
    )
    assert result.exit_code == 2
    assert "unknown metric 'rouge'" in result.stderr


def test_help_teaches_both_forms() -> None:
    group = CliRunner().invoke(app, ["eval", "--help"])
    assert group.exit_code == 0
    assert "imr eval compare" in group.stdout
    assert "--predict-decision" in group.stdout
    run = CliRunner().invoke(app, ["eval", "run", "--help"])
    assert "--gate" in run.stdout
    assert "Examples" in run.stdout
    compare = CliRunner().invoke(app, ["eval", "compare", "--help"])
    assert "RUN_A" in compare.stdout


@pytest.mark.slow
def test_a_store_behind_the_corpus_is_named_before_the_figures(
    seed_letters: list[Path], tmp_path: Path
) -> None:
    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS, corpus)
    env = {**eval_env(tmp_path / "data"), "IMR_CORPUS_DIR": str(corpus)}
    assert runner.invoke(app, ["ingest"], env=env).exit_code == 0

    def evaluate() -> str:
        out = tmp_path / f"run-{len(list(tmp_path.glob('run-*')))}"
        args = ["eval", str(seed_letters[0]), "--limit", "1", "--out", str(out)]
        result = runner.invoke(app, args, env=env)
        assert result.exit_code == 0, result.output
        return result.stderr

    assert "behind the guideline corpus" not in evaluate()
    topic = corpus / "guidelines" / "cpmtg-tramadol.md"
    topic.write_text(
        topic.read_text().replace("## Summary\n", "## Summary\nA sentence added later.\n", 1)
    )
    assert "behind the guideline corpus (1 chunk(s) to add, 1 to remove)" in evaluate()
