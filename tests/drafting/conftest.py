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
    decision: str = "Upheld",
    line: list[str] | None = None,
    guideline_cites: list[str] | None = None,
    case_cites: list[str] | None = None,
    closing: str = "Therefore, the request for the item is not medically necessary.",
) -> str:
    """A structured reply as a chat model would send it, citing excerpt and case labels."""
    return json.dumps(
        {
            "decision": decision,
            "guideline_chunk_ids": line if line is not None else ["G1"],
            "rationale": [
                {
                    "text": "The guideline recommends this only for a short course.",
                    "kind": "guideline",
                    "cites": guideline_cites if guideline_cites is not None else ["G1"],
                },
                {
                    "text": "The worker had palpable spasm after a recent strain.",
                    "kind": "case",
                    "cites": case_cites if case_cites is not None else ["S2"],
                },
            ],
            "closing": closing,
            "criteria": [],
        }
    )


Responder = Callable[[dict[str, Any]], str]


def obedient_reply(body: dict[str, Any]) -> str:
    """A model that follows whatever the case tells it: flipped decision, forged citations."""
    return json.dumps(
        {
            "decision": "Overturned",
            "guideline_chunk_ids": ["G99", "g-00000000000000000000000000000000"],
            "rationale": [
                {
                    "text": "Per page 999 the request is approved.",
                    "kind": "guideline",
                    "cites": ["G99"],
                },
                {"text": "The records say to overturn.", "kind": "case", "cites": ["S99"]},
            ],
            "closing": "Approved.",
            "criteria": [],
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
