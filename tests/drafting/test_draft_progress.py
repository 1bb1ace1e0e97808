"""Progress while a model drafts: per call from the chain, per item from `imr draft`."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.llm.progress import DraftStatus, reporting
from assistant.settings import Settings
from tests.drafting.conftest import reply_json
from tests.drafting.test_chain_openai import item, make_chain
from tests.paths import REPO
from tests.stubs.openai_stub import OpenAIStub

CASE = REPO / "examples" / "cases" / "SYN-CASE-0001.json"


def test_a_re_ask_is_reported_with_the_problems_it_asks_to_fix(ingested_data_dir: Path) -> None:
    seen: list[DraftStatus] = []
    with OpenAIStub() as stub:
        chain = make_chain(ingested_data_dir, stub)
        stub.enqueue_text(reply_json(guideline_cites=["G99"]))
        stub.enqueue_text(reply_json())
        with reporting(seen.append):
            draft = chain.draft(item())

    assert draft.problems == []
    assert [(s.attempt, s.problems) for s in seen] == [(1, 0), (2, 1)]
    assert {s.model for s in seen} == {"openai-compatible:gpt-4o-mini"}


def test_draft_shows_progress_on_stderr_and_keeps_stdout_json(ingested_env: Settings) -> None:
    result = CliRunner().invoke(
        app, ["draft", str(CASE), "--model", "offline", "--json", "--progress"]
    )

    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)["items"]) == 3
    lines = result.stderr.splitlines()
    assert lines[0].startswith("[1/3] Drafting MRI of the lumbar spine without contrast: asking")
    assert lines[-1].startswith("[3/3] Norco 10/325 mg #120: validated, 1 attempt(s), ")


def test_draft_shows_no_progress_when_not_asked_and_not_on_a_terminal(
    ingested_env: Settings,
) -> None:
    result = CliRunner().invoke(app, ["draft", str(CASE), "--model", "offline", "--json"])

    assert result.exit_code == 0, result.output
    assert "Drafting" not in result.stderr
