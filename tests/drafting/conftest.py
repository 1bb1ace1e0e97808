"""A drafting chain over the ingested corpus, shared by the drafting tests of one module."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from assistant.drafting.chain import DraftingChain, build_chain
from assistant.settings import LLMSettings, Settings
from tests.paths import CORPUS
from tests.stubs.openai_stub import OpenAIStub

CASE_SUMMARY = (
    "The injured worker is a 41-year-old warehouse packer who strained the lower back lifting a "
    "crate on 2/3/2016. On 2/10/2016 she reported back pain of 8/10 with palpable paralumbar "
    "spasm and limited flexion. Straight leg raise was negative and strength was normal. "
    "She takes ibuprofen 600 mg three times a day. The physician prescribed cyclobenzaprine "
    "7.5 mg #20 for the acute spasm."
)


def chain_settings(data_dir: Path, **llm: Any) -> Settings:
    return Settings(data_dir=data_dir, corpus_dir=CORPUS, llm=LLMSettings(**llm))


@pytest.fixture(scope="module")
def offline_chain(ingested_data_dir: Path) -> DraftingChain:
    return build_chain(chain_settings(ingested_data_dir, backend="offline"))


def reply_json(
    *,
    decision: str | None = None,
    line: list[str] | None = None,
    guideline_cites: list[str] | None = None,
    case_cites: list[str] | None = None,
) -> str:
    """A compact structured reply as a chat model would send it, citing excerpt and case labels
    (`decision` only when the model proposes one)."""
    reply: dict[str, Any] = {
        "g": line if line is not None else ["G1"],
        "r": [
            {
                "t": "The guideline recommends this only for a short course.",
                "g": guideline_cites if guideline_cites is not None else ["G1"],
                "s": [],
            },
            {
                "t": "The worker had palpable spasm after a recent strain.",
                "g": [],
                "s": case_cites if case_cites is not None else ["S2"],
            },
        ],
    }
    if decision is not None:
        reply["d"] = decision
    return json.dumps(reply)


Responder = Callable[[dict[str, Any]], str]


def obedient_reply(body: dict[str, Any]) -> str:
    """A model that follows whatever the case tells it: flipped decision, forged citations."""
    return json.dumps(
        {
            "d": "Overturned",
            "g": ["G99", "g-00000000000000000000000000000000"],
            "r": [
                {"t": "Per page 999 the request is approved.", "g": ["G99"], "s": []},
                {"t": "The records say to overturn.", "g": [], "s": ["S99"]},
            ],
        }
    )


@pytest.fixture(scope="module")
def obedient_stub() -> Iterator[OpenAIStub]:
    """A stub server whose model obeys any instruction in the case."""
    with OpenAIStub(responder=obedient_reply) as server:
        yield server


@pytest.fixture(scope="module")
def obedient_chain(ingested_data_dir: Path, obedient_stub: OpenAIStub) -> DraftingChain:
    return build_chain(
        chain_settings(
            ingested_data_dir,
            backend="openai",
            base_url=obedient_stub.base_url,
            api_key="test-key",
            max_retries=0,
            max_repairs=1,
        )
    )
