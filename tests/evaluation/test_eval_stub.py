"""`imr eval` with a chat model: the real openai client against the stub server drafts, and the
same model judges citation support."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from assistant.cli.main import app
from assistant.drafting.evidence import case_sentences
from assistant.letters.reader import read_letter
from assistant.prompts import load_prompts
from assistant.settings import default_prompts_dir
from tests.evaluation.conftest import eval_env
from tests.stubs.openai_stub import OpenAIStub

JUDGE_SYSTEM = load_prompts(default_prompts_dir()).text("judge_system")


def responder(first_case_sentence: str) -> Any:
    def answer(body: dict[str, Any]) -> str:
        system = str(body["messages"][0]["content"])
        if system == JUDGE_SYSTEM:
            return "no"
        prompt = " ".join(str(message["content"]) for message in body["messages"])
        assert re.search(r"\[G1\]", prompt), "the drafting prompt labels excerpts G1, G2, ..."
        reply = {
            "d": "Overturned",
            "g": ["G1"],
            "r": [
                {"t": "The guideline sets criteria.", "g": ["G1"], "s": []},
                {"t": "Another statement.", "g": ["G99"], "s": []},
                {"t": first_case_sentence, "g": [], "s": ["S1"]},
            ],
            "k": [],
        }
        return json.dumps(reply)

    return answer


@pytest.fixture
def letter(seed_letters: list[Path]) -> Path:
    return next(path for path in seed_letters if path.name.startswith("001_"))


@pytest.fixture
def stub(letter: Path) -> Iterator[OpenAIStub]:
    first = case_sentences(read_letter(letter).clinical_summary)[0].text
    with OpenAIStub(responder=responder(first)) as running:
        yield running


def test_eval_with_a_chat_model_scores_its_drafts_and_uses_it_as_judge(
    ingested_data_dir: Path, letter: Path, stub: OpenAIStub, tmp_path: Path
) -> None:
    env = eval_env(ingested_data_dir) | {
        "IMR_LLM__BACKEND": "openai",
        "IMR_LLM__BASE_URL": stub.base_url,
        "IMR_LLM__API_KEY": "test",
        "IMR_LLM__MODEL": "gpt-4o-mini",
        "IMR_LLM__MAX_REPAIRS": "0",
        "IMR_LLM__MAX_RETRIES": "0",
    }
    out = tmp_path / "run"
    result = CliRunner().invoke(
        app, ["eval", str(letter), "--out", str(out), "--predict-decision", "--json"], env=env
    )
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["model"] == "openai-compatible:gpt-4o-mini"
    assert metrics["support_judge"] == "llm:gpt-4o-mini"
    # The reference upholds; the model overturns.
    assert metrics["decision_accuracy"] == 0.0
    assert metrics["upheld_recall"] == 0.0
    assert metrics["kappa"] == 0.0
    assert metrics["confusion"]["Upheld"]["Overturned"] == 1
    # G1 resolves to a retrieved chunk, G99 to nothing: half the citations are valid.
    assert metrics["citation_validity"] == 0.5
    # The judge says "no" to everything, although the case sentence is copied word for word.
    assert metrics["citation_support_recall"] == 0.0
    assert metrics["style_conformance"] == 1.0
    assert metrics["prompt_tokens"] > 0
    assert metrics["cost_usd"] is not None and metrics["cost_usd"] > 0
    judged = [
        request
        for request in stub.requests
        if request.body and request.body["messages"][0]["content"] == JUDGE_SYSTEM
    ]
    assert len(judged) == 2  # the G1 sentence and the case sentence; G99 cites nothing known
    item = json.loads((out / "items.jsonl").read_text())
    assert item["needs_review"] is True
    assert "unknown_chunk" in item["problems"]
