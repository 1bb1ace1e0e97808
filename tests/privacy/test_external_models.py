"""What reaches an external model: the real openai client against the stub server on 127.0.0.1."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.corpus.tokens import encoding_for
from assistant.drafting.chain import build_chain
from assistant.drafting.evidence import case_sentences
from assistant.drafting.request import DraftRequest
from assistant.evaluation.judge import choose_judges
from assistant.letters.models import Decision
from assistant.prompts import load_prompts
from assistant.review.chat import ChatContext, stream_answer
from assistant.settings import EmbeddingSettings, LLMSettings, PrivacySettings, Settings
from assistant.store.backend import embedding_backend
from tests.drafting.conftest import CASE_SUMMARY
from tests.stubs.openai_stub import OpenAIStub

TITLE = "Cyclobenzaprine 7.5 mg #20"
IDENTIFIERS = (
    "Maria Lopez",
    "05-WC-123456",
    "4/5/1970",
    "1234 Elm Street, Fresno, CA 93721",
    "(559) 555-0142",
    "maria.lopez@example.com",
)
SUMMARY = (
    "Injured worker: Maria Lopez, claim number 05-WC-123456, DOB 4/5/1970, of 1234 Elm Street, "
    "Fresno, CA 93721, phone (559) 555-0142, email maria.lopez@example.com. " + CASE_SUMMARY
)


@pytest.fixture
def stub() -> Iterator[OpenAIStub]:
    with OpenAIStub(responder=reply_with_placeholders) as server:
        yield server


def reply_with_placeholders(body: dict[str, Any]) -> str:
    """A valid draft whose case sentence names the worker and birth date by their placeholders."""
    case = body["messages"][-1]["content"]
    person = re.search(r"Injured worker: (\[PERSON_\d+\]|Maria Lopez)", case)
    dob = re.search(r"DOB (\[DOB_\d+\]|4/5/1970)", case)
    assert person and dob
    return json.dumps(
        {
            "g": ["G1"],
            "r": [
                {"t": "The guideline supports a short course.", "g": ["G1"], "s": []},
                {
                    "t": f"{person.group(1)}, born {dob.group(1)}, had palpable spasm.",
                    "g": [],
                    "s": ["S1", "S3"],
                },
            ],
        }
    )


def settings_for(
    data_dir: Path, stub: OpenAIStub, *, pseudonymize: bool = True, corpus: Path | None = None
) -> Settings:
    return Settings(
        data_dir=data_dir,
        corpus_dir=corpus or data_dir,
        llm=LLMSettings(
            backend="openai",
            base_url=stub.base_url,
            api_key="test-key",
            max_retries=0,
            timeout_s=10,
        ),
        privacy=PrivacySettings(pseudonymize=pseudonymize),
    )


def sent(stub: OpenAIStub) -> str:
    return b"\n".join(request.raw for request in stub.requests).decode()


def request() -> DraftRequest:
    return DraftRequest(
        case_id="SYN-TEST-9", summary=SUMMARY, title=TITLE, decision=Decision.UPHELD
    )


@pytest.mark.slow
def test_the_model_sees_placeholders_and_the_draft_gets_the_originals_back(
    small_data_dir: Path, small_corpus: Path, stub: OpenAIStub
) -> None:
    draft = build_chain(settings_for(small_data_dir, stub, corpus=small_corpus)).draft(request())

    body = sent(stub)
    assert [value for value in IDENTIFIERS if value in body] == []
    user = stub.requests[0].body["messages"][-1]["content"]
    for placeholder in ("[PERSON_", "[CLAIM_", "[DOB_", "[ADDRESS_", "[PHONE_", "[EMAIL_"):
        assert placeholder in user
    assert "cyclobenzaprine 7.5 mg #20" in user and "2/3/2016" in user
    assert draft.problems == []
    assert draft.sentences[1].text == "Maria Lopez, born 4/5/1970, had palpable spasm."


def test_switched_off_the_model_sees_the_case_as_written(
    small_data_dir: Path, small_corpus: Path, stub: OpenAIStub
) -> None:
    settings = settings_for(small_data_dir, stub, pseudonymize=False, corpus=small_corpus)
    draft = build_chain(settings).draft(request())

    body = sent(stub)
    assert all(value in body for value in IDENTIFIERS)
    assert "[PERSON_" not in body
    assert draft.sentences[1].text == "Maria Lopez, born 4/5/1970, had palpable spasm."


def test_grounded_chat_streams_the_answer_restored(tmp_path: Path, stub: OpenAIStub) -> None:
    context = ChatContext(
        question="Is Maria Lopez still taking ibuprofen?",
        excerpts=[],
        sentences=case_sentences(SUMMARY)[:1],
    )
    stub.enqueue_text(
        "[PERSON_1] takes ibuprofen [S1].", chunks=("[PERS", "ON_1] takes", " ibuprofen [S1].")
    )
    settings = settings_for(tmp_path, stub)

    answer = "".join(stream_answer(context, settings, load_prompts(settings.prompts_dir)))

    assert answer == "Maria Lopez takes ibuprofen [S1]."
    assert [value for value in IDENTIFIERS if value in sent(stub)] == []


def test_the_llm_judge_is_asked_with_placeholders(tmp_path: Path, stub: OpenAIStub) -> None:
    stub.enqueue_text("yes")
    settings = settings_for(tmp_path, stub)
    prompts = load_prompts(settings.prompts_dir)
    judges = choose_judges(settings.llm, prompts, PrivacySettings())

    assert list(judges) == ["lexical", "llm:gpt-4o-mini"]
    assert (
        judges["llm:gpt-4o-mini"](SUMMARY, "Maria Lopez, born 4/5/1970, strained her back.") is True
    )
    assert [value for value in IDENTIFIERS if value in sent(stub)] == []
    system = stub.requests[0].body["messages"][0]["content"]
    assert system == prompts.text("judge_system")  # the prompt file, not text in code


def test_openai_embedding_queries_are_pseudonymised(tmp_path: Path, stub: OpenAIStub) -> None:
    settings = Settings(
        data_dir=tmp_path / "data",
        embeddings=EmbeddingSettings(
            backend="openai", openai_base_url=stub.base_url, openai_api_key="test-key"
        ),
    )
    embeddings, _ = embedding_backend(settings)

    embeddings.embed_query("Norco for Mr. John Smith, DOB 4/5/1970?")

    (tokens,) = stub.requests[-1].body["input"]  # langchain sends token ids
    assert (
        encoding_for("text-embedding-3-small").decode(tokens)
        == "Norco for Mr. [PERSON_1], DOB [DOB_1]?"
    )
