"""Alias expansion maps request wording to guideline topics."""

from __future__ import annotations

import pytest

from assistant.retrieval.aliases import AliasIndex, TopicNames
from assistant.retrieval.hybrid import is_postoperative, reciprocal_rank_fusion

TOPICS = [
    TopicNames(
        topic_id="cpmtg-opioids",
        title="Opioids, ongoing management",
        topic="Opioids, criteria for use",
        names=["Norco", "hydrocodone", "Percocet"],
    ),
    TopicNames(
        topic_id="acoem-ch12-lumbar-imaging",
        title="Lumbar spine MRI",
        topic="Special studies",
        names=["lumbar spine MIR", "MRI of the lumbar spine", "L-spine MRI"],
    ),
    TopicNames(
        topic_id="odg-repeat-mri",
        title="Repeat MRI",
        topic="MRIs",
        names=["repeat MRI", "MRI"],
    ),
]


def test_brand_name_matches_its_topic() -> None:
    index = AliasIndex(TOPICS)
    matches = index.match("Norco 10/325 #90")
    assert [match.topic_id for match in matches] == ["cpmtg-opioids"]


def test_misspelling_alias_and_longest_match_first() -> None:
    index = AliasIndex(TOPICS)
    matches = index.match("Lumbar Spine MIR (magnetic resonance imaging)")
    assert matches[0].topic_id == "acoem-ch12-lumbar-imaging"
    assert matches[0].matched == "lumbar spine mir"


def test_aliases_match_whole_words_only() -> None:
    index = AliasIndex(TOPICS)
    assert index.match("Norcodeine") == []


def test_expand_appends_canonical_names() -> None:
    index = AliasIndex(TOPICS)
    expanded = index.expand("Norco 10/325")
    assert expanded.startswith("Norco 10/325 ")
    assert "Opioids, criteria for use" in expanded
    assert index.expand("physical therapy") == "physical therapy"


def test_reciprocal_rank_fusion_rewards_agreement() -> None:
    fused = reciprocal_rank_fusion([([1, 2, 3], 1.0), ([2, 1, 4], 1.0)], rrf_k=60)
    assert fused[1] == fused[2] > fused[3] > 0
    assert fused[3] == fused[4]
    weighted = reciprocal_rank_fusion([([1], 2.0), ([2], 1.0)], rrf_k=60)
    assert weighted[1] == 2 * weighted[2]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Post-op PT 12 visits R knee", True),
        ("Postoperative physical therapy 2x6", True),
        ("Therapy visits after the knee scope", True),
        ("PT 2x6 lumbar spine", False),
        ("Norco 10/325 #90", False),
    ],
)
def test_postoperative_requests_are_recognised(query: str, expected: bool) -> None:
    assert is_postoperative(query) is expected
