"""Which request wordings name a topic: a bare body part does not; a side, an aside in brackets
or a spelling of "pre-op" does not stand in the way; a topic of another body region is not named."""

from __future__ import annotations

from assistant.retrieval.aliases import AliasIndex, TopicNames
from assistant.retrieval.factory import build_searcher
from assistant.settings import Settings

TOPICS = [
    TopicNames(
        topic_id="postsurgical-knee",
        title="Postsurgical physical therapy after knee arthroscopy",
        topic="Knee",
        names=["post-op PT after knee scope"],
    ),
    TopicNames(
        topic_id="electrodiagnostic-testing",
        title="Electrodiagnostic testing",
        topic="Electrodiagnostic testing (EMG/NCS)",
        names=["EMG of the upper extremity"],
    ),
    TopicNames(
        topic_id="neck-imaging",
        title="Neck imaging",
        topic="Special studies",
        names=["MRI of the cervical spine"],
    ),
    TopicNames(
        topic_id="preoperative-labs",
        title="Preoperative lab testing",
        topic="Preoperative lab testing",
        names=["pre-op CBC"],
    ),
]


def _matched(query: str) -> list[str]:
    return [match.topic_id for match in AliasIndex(TOPICS).match(query)]


def test_a_topic_named_only_by_a_body_part_is_not_named_by_every_request_about_it() -> None:
    assert _matched("MRI right knee") == []
    assert _matched("Post-op PT after knee scope, 12 visits") == ["postsurgical-knee"]


def test_a_side_in_the_request_does_not_break_an_alias() -> None:
    assert _matched("EMG of the left upper extremity") == ["electrodiagnostic-testing"]
    assert _matched("EMG of the upper and lower extremity") == []


def test_an_aside_in_brackets_does_not_break_an_alias() -> None:
    assert _matched("MRI (magnetic resonance imaging) of the cervical spine") == ["neck-imaging"]
    assert _matched("MRI of the (upper) cervical spine") == ["neck-imaging"]
    assert _matched("MRI of the thoracic and cervical spine") == []


def test_pre_op_is_matched_however_it_is_spelt() -> None:
    assert _matched("Pre-operative CBC") == ["preoperative-labs"]
    assert _matched("Preoperative CBC") == ["preoperative-labs"]
    assert _matched("Post-operative CBC") == []


def test_a_topic_of_another_body_region_is_not_named_by_the_request(
    ingested_env: Settings,
) -> None:
    searcher = build_searcher(ingested_env)
    named = {
        hit.meta.topic_id: hit.meta.body_regions
        for hit in searcher.search("MRI (magnetic resonance imaging) of the cervical spine", k=40)
        if hit.alias_rank is not None
    }
    assert named
    assert all({"cervical", "general"} & set(regions) for regions in named.values())
    unplaced = searcher.search("MRI (magnetic resonance imaging)", k=40)
    assert any(
        hit.alias_rank is not None and "cervical" not in hit.meta.body_regions for hit in unplaced
    )
