"""The compact reply a chat model is asked for: its schema per item, how it reads, its size."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from assistant.drafting.schema import CriterionStatus, ReplyForm, StatementKind
from assistant.letters.models import Decision

TITLE = "Cyclobenzaprine 7.5 mg #20"
GIVEN = ReplyForm(
    title=TITLE,
    guideline_labels=("G1", "G2"),
    case_labels=("S1", "S2", "S3"),
    decision=Decision.UPHELD,
)
PROPOSING = GIVEN.model_copy(update={"decision": None})


def resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    ref = node.get("$ref")
    return schema["$defs"][ref.rsplit("/", 1)[1]] if ref else node


def label_enum(schema: dict[str, Any], array: dict[str, Any]) -> list[str]:
    return list(resolve(schema, array["items"])["enum"])


def test_each_label_kind_has_its_own_list_allowing_only_the_labels_offered() -> None:
    schema = GIVEN.json_schema()
    sentence = schema["properties"]["r"]["items"]

    assert label_enum(schema, schema["properties"]["g"]) == ["G1", "G2"]
    assert label_enum(schema, sentence["properties"]["g"]) == ["G1", "G2"]
    assert label_enum(schema, sentence["properties"]["s"]) == ["S1", "S2", "S3"]
    assert set(sentence["properties"]) == {"t", "g", "s"}


def test_the_decision_and_criteria_are_asked_for_only_when_the_model_proposes() -> None:
    given = GIVEN.json_schema()
    proposing = PROPOSING.json_schema()

    assert set(given["properties"]) == {"g", "r"}
    assert set(proposing["properties"]) == {"d", "g", "r", "k"}
    assert proposing["properties"]["d"]["enum"] == ["Upheld", "Overturned"]


def test_every_object_is_closed_and_fully_required_as_strict_structured_output_needs() -> None:
    schema = PROPOSING.json_schema()
    objects = [schema, schema["properties"]["r"]["items"], schema["properties"]["k"]["items"]]

    for node in objects:
        assert node["additionalProperties"] is False
        assert node["required"] == list(node["properties"])


def test_a_compact_reply_reads_as_a_draft_with_the_house_closing() -> None:
    reply = GIVEN.read(
        {
            "g": ["G1"],
            "r": [
                {"t": "The MTUS recommends a short course.", "g": ["G2"], "s": []},
                {"t": "The worker has had it for months.", "g": [], "s": ["S3"]},
            ],
        }
    )

    assert reply.decision is Decision.UPHELD
    assert reply.guideline_chunk_ids == ["G1"]
    assert [(s.kind, s.cites) for s in reply.rationale] == [
        (StatementKind.GUIDELINE, ["G2"]),
        (StatementKind.CASE, ["S3"]),
    ]
    assert reply.closing == f"Therefore, the request for {TITLE} is not medically necessary."


def test_a_proposed_decision_comes_with_its_criteria() -> None:
    reply = PROPOSING.read(
        {
            "d": "Overturned",
            "g": ["G1"],
            "r": [{"t": "The MTUS allows it.", "g": ["G1"], "s": []}],
            "k": [{"n": "Acute spasm", "v": "met", "s": ["S2"], "g": ["G1"]}],
        }
    )

    assert reply.decision is Decision.OVERTURNED
    assert reply.closing.endswith("is medically necessary.")
    assert [(c.status, c.evidence, c.cites) for c in reply.criteria] == [
        (CriterionStatus.MET, ["S2"], ["G1"])
    ]


def test_a_proposing_reply_without_a_decision_is_unreadable() -> None:
    with pytest.raises(ValidationError):
        PROPOSING.read({"g": ["G1"], "r": [{"t": "The MTUS allows it.", "g": ["G1"]}]})


def test_the_lists_are_bounded_so_a_repeating_model_stops() -> None:
    schema = PROPOSING.json_schema()
    sentence = schema["properties"]["r"]["items"]

    assert schema["properties"]["r"]["maxItems"] == 6
    assert schema["properties"]["k"]["maxItems"] == 6
    assert sentence["properties"]["s"]["maxItems"] == 3
    assert schema["properties"]["g"]["maxItems"] == 3


def test_the_reply_limit_follows_the_rationale_not_a_fixed_1500() -> None:
    assert GIVEN.reply_cap() < PROPOSING.reply_cap() < 1_500
    assert GIVEN.reply_cap() >= 6 * 50
