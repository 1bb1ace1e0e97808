"""`imr eval` with a chat model: the real openai client against the stub server drafts, and the
same model judges citation support."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from assistant.cli.main import app
from assistant.drafting.evidence import case_sentences
from assistant.letters.reader import read_letter
from assistant.llm.openai_backend import JUDGE_REPLY_TOKENS
from assistant.llm.usage import KNOWN_PRICES, Price
from assistant.prompts import load_prompts
from assistant.settings import default_prompts_dir
from tests.evaluation.conftest import eval_env
from tests.stubs.openai_stub import (
    CHAT_PATH,
    ErrorReply,
    OpenAIStub,
    RecordedRequest,
    count_prompt_tokens,
    count_text_tokens,
)

JUDGE_SYSTEM = load_prompts(default_prompts_dir()).text("judge_system")


UNRELATED = "A plainly unrelated remark about the weather."
LLM_JUDGE = "llm:gpt-4o-mini"
PRICE = Price(
    prompt_usd_per_1m=KNOWN_PRICES["gpt-4o-mini"][0],
    completion_usd_per_1m=KNOWN_PRICES["gpt-4o-mini"][1],
)


def responder(first_case_sentence: str) -> Callable[[dict[str, Any]], str]:
    def answer(body: dict[str, Any]) -> str:
        system = str(body["messages"][0]["content"])
        if system == JUDGE_SYSTEM:
            return "yes"
        prompt = " ".join(str(message["content"]) for message in body["messages"])
        assert re.search(r"\[G1\]", prompt), "the drafting prompt labels excerpts G1, G2, ..."
        reply = {
            "d": "Overturned",
            "g": ["G1"],
            "r": [
                {"t": UNRELATED, "g": ["G1"], "s": []},
                {"t": "Another statement.", "g": ["G99"], "s": []},
                {"t": first_case_sentence, "g": [], "s": ["S1"]},
            ],
            "k": [],
        }
        return json.dumps(reply)

    return answer


@pytest.fixture(scope="module")
def letter(seed_letters: list[Path]) -> Path:
    return next(path for path in seed_letters if path.name.startswith("001_"))


@pytest.fixture(scope="module")
def stub(letter: Path) -> Iterator[OpenAIStub]:
    first = case_sentences(read_letter(letter).clinical_summary)[0].text
    with OpenAIStub(responder=responder(first)) as running:
        yield running


@pytest.fixture(scope="module")
def chat_run(
    ingested_data_dir: Path,
    letter: Path,
    stub: OpenAIStub,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Result, Path]:
    """One `imr eval` of seed 001 drafted and judged by the stub's chat model, gated on a
    citation support recall the lexical judge misses and the model judge meets."""
    env = chat_env(ingested_data_dir, stub)
    folder = tmp_path_factory.mktemp("chat-eval")
    gate = folder / "thresholds.yaml"
    gate.write_text("minimum:\n  citation_support_recall: 0.5\n")
    out = folder / "run"
    args = ["eval", str(letter), "--out", str(out), "--predict-decision", "--json"]
    result = CliRunner().invoke(app, [*args, "--gate", str(gate)], env=env)
    return result, out


def chat_env(data_dir: Path, stub: OpenAIStub) -> dict[str, str]:
    return eval_env(data_dir) | {
        "IMR_LLM__BACKEND": "openai",
        "IMR_LLM__BASE_URL": stub.base_url,
        "IMR_LLM__API_KEY": "test",
        "IMR_LLM__MODEL": "gpt-4o-mini",
        "IMR_LLM__MAX_REPAIRS": "0",
        "IMR_LLM__MAX_RETRIES": "0",
    }


def is_judged(request: RecordedRequest) -> bool:
    return bool(request.body) and request.body["messages"][0]["content"] == JUDGE_SYSTEM


def stub_usage(requests: list[RecordedRequest], reply: Any) -> tuple[int, int]:
    """The prompt and completion tokens the stub reported for these chat requests, each answered
    with `reply(body)`."""
    prompt = completion = 0
    for request in requests:
        prompt += count_prompt_tokens(request.body["messages"], "gpt-4o-mini")
        completion += count_text_tokens(reply(request.body), "gpt-4o-mini")
    return prompt, completion


def test_eval_with_a_chat_model_scores_its_drafts_and_uses_it_as_judge(
    chat_run: tuple[Result, Path], stub: OpenAIStub
) -> None:
    result, out = chat_run
    metrics = json.loads(result.stdout)
    assert metrics["model"] == "openai-compatible:gpt-4o-mini"
    # The reference upholds; the model overturns.
    assert metrics["decision_accuracy"] == 0.0
    assert metrics["upheld_recall"] == 0.0
    assert metrics["kappa"] == 0.0
    assert metrics["confusion"]["Upheld"]["Overturned"] == 1
    # G1 resolves to a retrieved chunk, G99 to nothing: half the citations are valid.
    assert metrics["citation_validity"] == 0.5
    assert metrics["style_conformance"] == 1.0
    assert metrics["prompt_tokens"] > 0
    assert metrics["cost_usd"] is not None and metrics["cost_usd"] > 0
    judged = [
        request
        for request in stub.requests
        if request.body and request.body["messages"][0]["content"] == JUDGE_SYSTEM
    ]
    assert len(judged) == 2  # the G1 sentence and the case sentence; G99 cites nothing known
    assert {request.body["max_completion_tokens"] for request in judged} == {JUDGE_REPLY_TOKENS}
    item = json.loads((out / "items.jsonl").read_text())
    assert item["needs_review"] is True
    assert "unknown_chunk" in item["problems"]


def test_both_judges_score_citation_support_side_by_side(chat_run: tuple[Result, Path]) -> None:
    result, out = chat_run
    metrics = json.loads(result.stdout)
    # The model says yes to the unrelated G1 sentence; the lexical judge finds none of its words
    # in the excerpt. Both support the case sentence, copied word for word.
    assert metrics["support_by_judge"] == {
        "lexical": {"recall": 1 / 3, "precision": 1 / 3, "pairs": 2, "by_construction": False},
        LLM_JUDGE: {"recall": 2 / 3, "precision": 2 / 3, "pairs": 2, "by_construction": False},
    }
    assert metrics["support_judge"] == "lexical"
    assert metrics["citation_support_recall"] == 1 / 3
    assert metrics["citation_support_precision"] == 1 / 3
    item = json.loads((out / "items.jsonl").read_text())
    assert item["support_recall"] == 1 / 3
    assert item["support_by_judge"][LLM_JUDGE] == {"recall": 2 / 3, "precision": 2 / 3, "pairs": 2}
    report = (out / "report.md").read_text()
    assert "citation support judged by lexical and llm:gpt-4o-mini" in report
    assert "| citation_support_recall | 0.333 |" in report
    assert "| lexical | 0.333 | 0.333 | 2 | citation_support_* rows; finding |" in report
    assert "| llm:gpt-4o-mini | 0.667 | 0.667 | 2 | finding |" in report
    assert "support R (lexical) | support R (llm:gpt-4o-mini) |" in report
    assert "| 0.333 | 0.667 |" in report  # the item's row, one column per judge
    page = (out / "report.html").read_text()
    assert "<th>llm:gpt-4o-mini</th><td>0.667</td><td>0.667</td><td>2</td>" in page
    assert "support R/P (lexical)</th><td>0.333 / 0.333" in page
    assert "support R/P (llm:gpt-4o-mini)</th><td>0.667 / 0.667" in page


def test_judge_calls_are_counted_apart_from_drafting(
    chat_run: tuple[Result, Path], stub: OpenAIStub, letter: Path
) -> None:
    result, out = chat_run
    metrics = json.loads(result.stdout)
    chat = [request for request in stub.requests if request.path == CHAT_PATH]
    judged = [request for request in chat if is_judged(request)]
    drafted = [request for request in chat if not is_judged(request)]
    first = case_sentences(read_letter(letter).clinical_summary)[0].text
    judge_prompt, judge_completion = stub_usage(judged, responder(first))
    draft_prompt, draft_completion = stub_usage(drafted, responder(first))
    assert len(judged) == 2 and judge_completion > 0
    judge_cost = PRICE.cost(judge_prompt, judge_completion)
    assert metrics["judge_usage"] == {
        "calls": 2,
        "prompt_tokens": judge_prompt,
        "completion_tokens": judge_completion,
        "cost_usd": pytest.approx(judge_cost),
        "estimated": False,
    }
    # Drafting's figures are drafting's alone, as the stub reported them.
    assert (metrics["prompt_tokens"], metrics["completion_tokens"]) == (
        draft_prompt,
        draft_completion,
    )
    assert metrics["cost_usd"] == pytest.approx(PRICE.cost(draft_prompt, draft_completion))
    line = (
        f"Tokens: {draft_prompt} prompt + {draft_completion} completion; cost "
        f"${metrics['cost_usd']:.4f}; judging: {judge_prompt} prompt + {judge_completion} "
        f"completion, ${judge_cost:.4f}; in all: {draft_prompt + judge_prompt} prompt + "
        f"{draft_completion + judge_completion} completion, "
        f"${metrics['cost_usd'] + judge_cost:.4f}."
    )
    assert line in (out / "report.md").read_text()
    assert line in (out / "report.html").read_text()


def test_a_judge_call_that_fails_keeps_the_usage_of_the_calls_before_it(
    ingested_data_dir: Path, letter: Path, tmp_path: Path
) -> None:
    first = case_sentences(read_letter(letter).clinical_summary)[0].text
    drafting = responder(first)

    def answer(body: dict[str, Any]) -> ErrorReply | str:
        if body["messages"][0]["content"] == JUDGE_SYSTEM and UNRELATED not in str(body):
            return ErrorReply(400)  # the item's second verdict fails
        return drafting(body)

    with OpenAIStub(responder=answer) as failing:
        result = CliRunner().invoke(
            app,
            ["eval", str(letter), "--out", str(tmp_path / "run"), "--json"],
            env=chat_env(ingested_data_dir, failing),
        )
        judged = [request for request in failing.requests if is_judged(request)]
    assert result.exit_code == 0, result.output
    metrics = json.loads(result.stdout)
    assert metrics["support_by_judge"][LLM_JUDGE]["unjudged"] == 1
    assert len(judged) == 2
    prompt, completion = stub_usage(judged[:1], drafting)
    usage = metrics["judge_usage"]
    assert (usage["calls"], usage["prompt_tokens"], usage["completion_tokens"]) == (
        1,
        prompt,
        completion,
    )


def test_compare_reads_a_run_made_before_judging_was_counted(
    chat_run: tuple[Result, Path], tmp_path: Path
) -> None:
    _, out = chat_run
    older = tmp_path / "older"
    shutil.copytree(out, older)
    metrics = json.loads((older / "metrics.json").read_text())
    del metrics["judge_usage"]
    (older / "metrics.json").write_text(json.dumps(metrics))

    data = CliRunner().invoke(app, ["eval", "compare", str(older), str(out), "--json"])
    text = CliRunner().invoke(app, ["eval", "compare", str(older), str(out)])

    assert data.exit_code == 0, data.output
    spent = json.loads(data.stdout)["spent"]
    assert "judge_usage" not in spent["RUN_A"]
    assert spent["RUN_B"]["judge_usage"]["calls"] == 2
    assert spent["RUN_A"]["prompt_tokens"] == spent["RUN_B"]["prompt_tokens"] > 0
    assert text.exit_code == 0, text.output
    assert f"completion; cost ${metrics['cost_usd']:.4f}; judging by {LLM_JUDGE}: not counted." in (
        text.stdout
    )
    assert "; judging: " in text.stdout.split("RUN_B ", 1)[1]


def test_the_gate_reads_the_lexical_judges_support(chat_run: tuple[Result, Path]) -> None:
    result, _ = chat_run
    assert result.exit_code == 1, result.output
    assert "gate: citation_support_recall = 0.3333 is below the minimum 0.5" in result.stderr
