"""Which request wordings name a topic: a bare body part does not; a side, an aside in brackets
or a spelling of "pre-op" does not stand in the way; a topic of another body region is not named."""

from __future__ import annotations

from assistant.corpus.classify import request_region
from assistant.retrieval.aliases import AliasIndex, AliasMatch, TopicNames
from assistant.retrieval.factory import build_searcher
from assistant.retrieval.hybrid import named_topics
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


def test_for_a_whole_limb_a_topic_of_the_whole_limb_comes_before_one_of_a_joint() -> None:
    regions = {
        "back": ["lumbar"],
        "neck": ["cervical"],
        "limb": ["cervical", "wrist-hand"],
        "wrist": ["wrist-hand"],
    }
    matches = [
        AliasMatch(topic_id=topic, score=score, matched="nerve conduction studies")
        for topic, score in (("back", 3.0), ("neck", 2.0), ("limb", 2.0), ("wrist", 2.0))
    ]

    def order(title: str) -> list[str]:
        chosen = named_topics(matches, request_region(title), regions.__getitem__)
        return [match.topic_id for match in chosen]

    assert order("NCS of the left upper extremity") == ["limb", "neck", "wrist"]
    assert order("Nerve conduction studies of the wrist") == ["limb", "wrist"]
    assert order("Nerve conduction studies") == ["back", "neck", "limb", "wrist"]
