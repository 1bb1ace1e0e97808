"""Prompt and reply tokens per item on the seed letters, as a chat model would be sent and answer.

    python -m evals.bench_tokens [--json evals/results/bench_tokens.json] [--prompts-dir DIR]

Packs each seed item's prompt for an OpenAI-compatible server (the default 2,500-token prompt
budget), drafts it with the offline model, and counts with tiktoken: the prompt (its messages, and
with the reply schema added as `json_mode` sends it), the re-ask that sends that draft back with
the problem small models hit most often, and the reply as the compact reply a chat model sends
next to the same draft written in the full `DraftReply` shape. Items are drafted twice:
with the reviewer's decision, and with the model proposing it. Prints medians and maxima, and the
reply limit each item is sent with. Needs an ingested store (`imr ingest`).
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from typing import Any

from assistant.drafting.case import case_from_letter
from assistant.drafting.chain import build_chain
from assistant.drafting.drafters import (
    ModelAnswer,
    OfflineDrafter,
    re_ask,
    reply_form,
    with_reply_schema,
)
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.drafting.schema import DraftReply, compact_reply
from assistant.letters.reader import read_letter
from assistant.llm.counting import count_messages, count_text
from assistant.llm.openai_backend import OpenAIBackend
from assistant.llm.usage import Usage
from assistant.settings import LLMSettings, PrivacySettings, Settings

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO.parent / "shared" / "seeds"
REASK_PROBLEM = "no cited statement about this case"


def _summary(values: list[int]) -> dict[str, float]:
    return {"median": statistics.median(values), "max": max(values)}


def as_labels(reply: DraftReply, packed: PackedPrompt) -> DraftReply:
    """The offline model's reply citing excerpt labels (G1, ...), as a chat model cites them."""
    labels = {excerpt.chunk_id: excerpt.label for excerpt in packed.excerpts}

    def relabel(cites: list[str]) -> list[str]:
        return [labels.get(cite, cite) for cite in cites]

    return reply.model_copy(
        update={
            "guideline_chunk_ids": relabel(reply.guideline_chunk_ids),
            "rationale": [
                s.model_copy(update={"cites": relabel(s.cites)}) for s in reply.rationale
            ],
            "criteria": [c.model_copy(update={"cites": relabel(c.cites)}) for c in reply.criteria],
        }
    )


def measure(settings: Settings) -> dict[str, Any]:
    drafter = OfflineDrafter()
    chain = build_chain(settings, drafter)
    json_mode_llm = settings.llm.model_copy(update={"structured_output": "json_mode"})
    json_mode_chain = build_chain(settings.model_copy(update={"llm": json_mode_llm}), drafter)
    backend = OpenAIBackend(settings.llm, PrivacySettings())
    model = settings.llm.model
    full_schema = json.dumps(DraftReply.model_json_schema(), separators=(",", ":"))
    rows: dict[str, list[int]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        letter = read_letter(path)
        case = case_from_letter(letter)
        for item in case.items:
            for decision in (item.decision, None):
                request = DraftRequest(
                    case_id=case.case_id,
                    summary=case.clinical_summary,
                    title=item.title,
                    decision=decision,
                    exclude_letter_ids=(letter.letter_id,),
                )
                packed = chain.pack(request, chain.retrieve(request))
                form = reply_form(packed)
                answer = drafter.answer(packed, None, []).reply
                assert answer is not None
                reply = as_labels(answer, packed)
                previous = ModelAnswer(reply=reply, raw="", usage=Usage())
                again = re_ask(packed, previous, [REASK_PROBLEM], chain.prompts)
                in_text = json_mode_chain.pack(request, chain.retrieve(request))
                json_mode = with_reply_schema(list(in_text.messages), chain.prompts, form)
                measured = {
                    "prompt": packed.prompt_tokens,
                    "prompt_reask": again.prompt_tokens,
                    "prompt_json_mode": count_messages(json_mode, model),
                    "schema_full": count_text(full_schema, model),
                    "schema_compact": count_text(
                        json.dumps(form.json_schema(), separators=(",", ":")), model
                    ),
                    "reply_full": count_text(reply.model_dump_json(), model),
                    "reply_compact": count_text(
                        compact_reply(reply, form).model_dump_json(exclude_defaults=True), model
                    ),
                    "reply_cap": backend.reply_cap(form),
                }
                for key, value in measured.items():
                    rows.setdefault(key, []).append(value)
    return {"items": len(rows["prompt"]), **{key: _summary(v) for key, v in rows.items()}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--prompts-dir", type=Path, default=None)
    args = parser.parse_args()
    llm = LLMSettings(backend="openai", base_url="http://127.0.0.1:9/v1")
    settings = Settings(llm=llm)
    if args.prompts_dir is not None:
        settings = settings.model_copy(update={"prompts_dir": args.prompts_dir})
    result = measure(settings)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
