"""One backend, chosen once from settings, tells every caller what it needs to know."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.llm.registry import backend_for, model_spec
from assistant.llm.usage import Price
from assistant.prompts import load_prompts
from assistant.review.chat import ChatContext
from assistant.settings import LLMSettings, default_prompts_dir

PACKAGE = Path(__file__).resolve().parents[2] / "assistant"


def test_the_offline_backend_is_free_serial_and_has_no_batch_api() -> None:
    spec = model_spec(LLMSettings())

    assert spec.label == "offline"
    assert spec.price == Price(prompt_usd_per_1m=0.0, completion_usd_per_1m=0.0)
    assert spec.default_concurrency == 1
    assert spec.batch_api is False and spec.structured_output is None
    assert spec.judge == "lexical"


@pytest.mark.parametrize(
    ("llm", "label"),
    [
        (LLMSettings(api_key="sk-test"), "openai:gpt-4o-mini"),
        (LLMSettings(base_url="http://127.0.0.1:9/v1"), "openai-compatible:gpt-4o-mini"),
    ],
)
def test_a_configured_key_or_server_chooses_the_openai_backend(
    llm: LLMSettings, label: str
) -> None:
    spec = model_spec(llm)

    assert spec.label == label
    assert spec.price == Price(prompt_usd_per_1m=0.15, completion_usd_per_1m=0.60)
    assert spec.default_concurrency == 4
    assert spec.batch_api is True and spec.structured_output == "json_schema"
    assert spec.judge == "llm:gpt-4o-mini"


def test_an_unknown_model_has_no_price_unless_configured() -> None:
    unknown = LLMSettings(api_key="sk-test", model="local-llama")
    priced = unknown.model_copy(update={"prompt_usd_per_1m": 1.0, "completion_usd_per_1m": 2.0})

    assert model_spec(unknown).price is None
    assert model_spec(priced).price == Price(prompt_usd_per_1m=1.0, completion_usd_per_1m=2.0)


def test_the_offline_chat_quotes_word_by_word_without_a_model() -> None:
    context = ChatContext(question="Anything?", excerpts=[], sentences=[])
    prompts = load_prompts(default_prompts_dir())
    pieces = list(backend_for(LLMSettings()).chat_stream(context, prompts))

    assert "".join(pieces).startswith("Nothing in the guideline corpus")
    assert len(pieces) > 1


def test_only_the_registry_asks_which_backend_is_configured() -> None:
    askers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if "resolved_backend(" in path.read_text(encoding="utf-8")
    )

    assert askers == ["llm/registry.py", "settings.py"]


def test_only_the_openai_backend_pseudonymises_messages() -> None:
    call = re.compile(r"\b(pseudonymize_messages|\.exchange)\(")
    callers = sorted(
        str(path.relative_to(PACKAGE))
        for path in PACKAGE.rglob("*.py")
        if call.search(path.read_text(encoding="utf-8"))
    )

    assert callers == ["llm/openai_backend.py", "privacy/messages.py"]
