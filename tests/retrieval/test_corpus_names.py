"""Which topic of the bundled corpus a request's own wording names first: a plain "electrical
stimulation" is the TENS topic (a named kind of stimulation keeps its own), x-rays of the head the
ODG Head x-ray topic, an MRI of the foot the ACOEM ankle and foot imaging topic."""

from __future__ import annotations

from functools import cache

import pytest

from assistant.corpus.topics import load_topics
from assistant.retrieval.aliases import AliasIndex, TopicNames
from tests.paths import CORPUS


@cache
def corpus_index() -> AliasIndex:
    return AliasIndex(
        TopicNames(
            topic_id=topic.id,
            title=topic.meta.title,
            topic=topic.meta.topic,
            names=list(topic.meta.aliases),
        )
        for topic in load_topics(CORPUS / "guidelines")
    )


def first_named(query: str) -> str | None:
    matches = corpus_index().match(query)
    return matches[0].topic_id if matches else None


@pytest.mark.parametrize(
    ("query", "topic_id"),
    [
        ("Four sessions of electrical stimulation two times a week", "cpmtg-tens"),
        ("E-stim 2 times a week for 4 weeks", "cpmtg-tens"),
        ("Neuromuscular electrical stimulation 2 times a week", "cpmtg-nmes"),
        ("Electrical muscle stimulation 2 times a week", "cpmtg-nmes"),
        ("Microcurrent electrical stimulation", "cpmtg-microcurrent-electrical-stimulation"),
        ("Percutaneous electrical nerve stimulation", "cpmtg-pens"),
        ("X-rays of the head", "odg-head-xrays"),
        ("Skull x-rays", "odg-head-xrays"),
        ("MRI of the right foot", "acoem-ch14-ankle-foot-imaging"),
        ("X-rays of the left ankle", "acoem-ch14-ankle-foot-imaging"),
    ],
)
def test_the_request_names_the_topic_its_wording_means(query: str, topic_id: str) -> None:
    assert first_named(query) == topic_id


def test_x_rays_of_another_region_do_not_name_the_head_or_foot_topics() -> None:
    for query in ("X-rays of the cervical spine", "MRI of the right knee"):
        assert first_named(query) not in {"odg-head-xrays", "acoem-ch14-ankle-foot-imaging"}
