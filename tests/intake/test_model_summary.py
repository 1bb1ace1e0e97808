"""With a chat model configured, `imr intake` asks it for the case summary and keeps only the
sentences whose numbers and dates are on the pages they cite (OpenAI-compatible stub server)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner, Result

from assistant.cli.main import app
from assistant.drafting.case import SummarySentence
from assistant.intake.build import intake_files
from assistant.intake.model_summary import configured_summariser, summary_messages
from assistant.intake.models import Document, IntakeResult, Page
from assistant.llm.usage import KNOWN_PRICES, Price
from assistant.prompts import load_prompts
from assistant.review.intake import case_from_upload
from assistant.settings import LLMSettings, Settings
from tests.paths import REPO
from tests.stubs.openai_stub import OpenAIStub, count_prompt_tokens, count_text_tokens

runner = CliRunner()

# SYNTHETIC records: page 1 the UR determination, page 2 a progress report
RECORDS = (
    "UTILIZATION REVIEW DETERMINATION\n"
    "Date of determination: 03/10/2016\n"
    "Claim number: 05-WC-123456\n"
    "Injured worker: Maria Lopez\n"
    "DOB: 4/5/1970\n"
    "Requested: Cyclobenzaprine 7.5 mg #20\n"
    "Decision: Non-certified\n"
    "Guideline: CA MTUS Chronic Pain Medical Treatment Guidelines\n"
    "\f"
    "PROGRESS REPORT (PR-2)\n"
    "Date of service: 02/03/2016\n"
    "Provider: Dr. Sample Clinician\n"
    "The patient is a 45-year-old woman who was injured at work on 01/15/2014 lifting boxes.\n"
    "Diagnoses: lumbar strain.\n"
    "Treatment to date has included physical therapy and naproxen 550 mg.\n"
    "On examination today there is palpable spasm and pain is 6/10.\n"
    "The provider requests cyclobenzaprine 7.5 mg #20.\n"
)
IDENTIFIERS = ("Maria Lopez", "05-WC-123456", "4/5/1970")
INJURY = {
    "text": "The injured worker is a 45-year-old woman injured on 01/15/2014 lifting boxes.",
    "pages": [2],
}
UR = {
    "text": "Utilization review non-certified cyclobenzaprine 7.5 mg #20 on 03/10/2016.",
    "pages": [1],
}


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub() as server:
        yield server


@pytest.fixture
def records(tmp_path: Path) -> Path:
    path = tmp_path / "records.txt"
    path.write_text(RECORDS, encoding="utf-8")
    return path


def intake(records: Path, stub: OpenAIStub | None, *options: str) -> Result:
    env = {"IMR_LLM__BACKEND": "offline"}
    if stub is not None:
        env = {
            "IMR_LLM__BACKEND": "openai",
            "IMR_LLM__BASE_URL": stub.base_url,
            "IMR_LLM__API_KEY": "test-key",
            "IMR_LLM__MAX_RETRIES": "0",
        }
    return runner.invoke(app, ["intake", str(records), "--json", *options], env=env)


def summary_of(result: Result) -> list[dict[str, Any]]:
    assert result.exit_code == 0, result.output
    sentences: list[dict[str, Any]] = json.loads(result.stdout)["summary_sentences"]
    return sentences


def test_a_configured_model_writes_the_summary_with_its_page_links(
    records: Path, stub: OpenAIStub
) -> None:
    stub.enqueue_text(json.dumps([INJURY, UR]))
    result = intake(records, stub)
    assert summary_of(result) == [INJURY, UR]
    assert "warning" not in result.stderr
    user = stub.requests[0].body["messages"][-1]["content"]
    assert "Page 1:" in user and "Page 2:" in user


def test_a_sentence_whose_number_is_not_on_its_page_is_dropped(
    records: Path, stub: OpenAIStub
) -> None:
    wrong_page = {"text": "Pain is 6/10 with spasm on 02/03/2016.", "pages": [1]}
    wrong_number = {"text": "Pain is 8/10 with palpable spasm.", "pages": [2]}
    stub.enqueue_text("```json\n" + json.dumps([INJURY, wrong_page, wrong_number, UR]) + "\n```")
    result = intake(records, stub)
    assert summary_of(result) == [INJURY, UR]
    assert "2 sentence(s) of the model's case summary were dropped" in result.stderr


def test_what_the_model_s_summary_cost_is_said_beside_the_case(
    records: Path, stub: OpenAIStub
) -> None:
    reply = json.dumps([INJURY, UR])
    stub.enqueue_text(reply)
    result = intake(records, stub)
    assert summary_of(result) == [INJURY, UR]
    prompt = count_prompt_tokens(stub.requests[0].body["messages"])
    completion = count_text_tokens(reply)
    price = Price(
        prompt_usd_per_1m=KNOWN_PRICES["gpt-4o-mini"][0],
        completion_usd_per_1m=KNOWN_PRICES["gpt-4o-mini"][1],
    )
    assert (
        f"case summary by the chat model: 1 call(s), {prompt} prompt + {completion} completion "
        f"tokens, ${price.cost(prompt, completion):.4f}"
    ) in result.stderr
    assert "case summary by the chat model" not in result.stdout


def test_the_workspace_s_summariser_keeps_what_the_summary_cost(
    records: Path, stub: OpenAIStub
) -> None:
    stub.enqueue_text(json.dumps([INJURY, UR]))
    llm = LLMSettings(backend="openai", base_url=stub.base_url, api_key="test-key", max_retries=0)
    summarise = configured_summariser(Settings(llm=llm))
    assert summarise is not None
    extractive = intake_files([records])

    written = summarise(extractive)

    assert written.summary_usage is not None
    assert written.summary_usage.calls == 1
    assert written.summary_usage.prompt_tokens == count_prompt_tokens(
        stub.requests[0].body["messages"]
    )
    assert extractive.summary_usage is None


@pytest.mark.parametrize("failure", ["garbage", "server error"])
def test_an_unusable_reply_leaves_the_extractive_summary_with_a_warning(
    records: Path, stub: OpenAIStub, failure: str
) -> None:
    if failure == "garbage":
        stub.enqueue_text("Here is the summary you asked for: the worker hurt their back.")
    else:
        stub.enqueue_error(500)
    extractive = summary_of(intake(records, None))
    result = intake(records, stub)
    assert summary_of(result) == extractive
    assert "warning: the model's case summary was not used" in result.stderr
    assert len(stub.requests) == 1


def test_the_model_sees_placeholders_not_the_worker_s_identifiers(
    records: Path, stub: OpenAIStub
) -> None:
    stub.enqueue_text(json.dumps([INJURY, UR]))
    summary_of(intake(records, stub))
    sent = b"\n".join(request.raw for request in stub.requests).decode()
    assert [value for value in IDENTIFIERS if value in sent] == []
    assert "[PERSON_" in sent and "[DOB_" in sent
    assert "01/15/2014" in sent


def test_summary_option_forces_either_writer(records: Path, stub: OpenAIStub) -> None:
    offline = intake(records, None)
    assert summary_of(intake(records, stub, "--summary", "extractive")) == summary_of(offline)
    assert stub.requests == []

    forced = intake(records, None, "--summary", "model")
    assert forced.exit_code == 2
    assert forced.stderr.strip().splitlines() == [
        "error: --summary model needs a chat model: set IMR_LLM__BACKEND=openai and "
        "IMR_LLM__BASE_URL or IMR_LLM__API_KEY"
    ]


def test_the_ur_pages_go_first_when_the_budget_holds_only_some_pages() -> None:
    pages = [
        Page(number=1, source="r.txt", text="PROGRESS REPORT\n" + "Pain is 6/10. " * 150),
        Page(number=2, source="r.txt", text="UTILIZATION REVIEW DETERMINATION\nNon-certified."),
    ]
    result = IntakeResult(
        case_id="SYN-1",
        documents=[
            Document(type="progress_report", title="PROGRESS REPORT", pages=[1]),
            Document(type="ur_determination", title="UR", pages=[2]),
        ],
        summary=[SummarySentence(text="Pain is 6/10.", pages=[1])],
        pages=pages,
    )
    prompts = load_prompts(REPO / "prompts")
    _, everything = summary_messages(prompts, result, 5_000, "gpt-4o-mini")
    messages, within = summary_messages(prompts, result, 600, "gpt-4o-mini")
    assert (everything, within) == ([1, 2], [2])
    assert "Page 2:" in messages[0][1] and "Page 1:" not in messages[0][1]


def test_records_started_in_the_workspace_get_the_configured_model_s_summary(
    records: Path, stub: OpenAIStub
) -> None:
    stub.enqueue_text(json.dumps([INJURY, UR]))
    llm = LLMSettings(backend="openai", base_url=stub.base_url, api_key="test-key", max_retries=0)
    summarise = configured_summariser(Settings(llm=llm))
    assert summarise is not None
    case = case_from_upload("records.txt", records.read_bytes(), summarise=summarise)
    assert case.records is not None
    assert [sentence.text for sentence in case.records.summary_sentences] == [
        INJURY["text"],
        UR["text"],
    ]
    assert case.summary == f"{INJURY['text']} {UR['text']}"
    assert configured_summariser(Settings(llm=LLMSettings(backend="offline"))) is None


def test_a_sentence_naming_a_drug_its_pages_do_not_hold_is_dropped(
    records: Path, stub: OpenAIStub
) -> None:
    wrong_drug = {"text": "Treatment to date has included gabapentin.", "pages": [2]}
    stub.enqueue_text(json.dumps([INJURY, wrong_drug, UR]))
    result = intake(records, stub)
    assert summary_of(result) == [INJURY, UR]
    assert "1 sentence(s) of the model's case summary were dropped" in result.stderr
