"""Citations mapped to the corpus topics they name: page-style lines, section names, names alone."""

from __future__ import annotations

import pytest

from assistant.corpus.topics import GuidelineTopic, TopicMeta, load_topics
from assistant.evaluation.topic_map import (
    TopicKey,
    line_topic_ids,
    ref_topic_ids,
    topic_key,
    topic_keys,
)
from assistant.letters.models import GuidelineRef, GuidelineSource
from assistant.letters.refs import parse_refs
from tests.paths import CORPUS

ACOEM, CPMTG = GuidelineSource.ACOEM, GuidelineSource.CPMTG


@pytest.fixture(scope="module")
def topics() -> list[GuidelineTopic]:
    return load_topics(CORPUS / "guidelines")


@pytest.fixture(scope="module")
def keys(topics: list[GuidelineTopic]) -> list[TopicKey]:
    return topic_keys(topics)


def named(line: str, keys: list[TopicKey]) -> set[str]:
    return set(line_topic_ids(parse_refs(line), keys))


def test_every_corpus_topic_line_maps_back_to_its_topic(
    topics: list[GuidelineTopic], keys: list[TopicKey]
) -> None:
    missed = [t.id for t in topics if t.id not in named(f"Decision based on {t.citation()}.", keys)]
    assert missed == []


def test_page_style_line_maps_by_chapter_and_pages(keys: list[TopicKey]) -> None:
    line = "Decision based on MTUS ACOEM Chapter 9 Shoulder Complaints Page(s): 207-209."
    assert named(line, keys) == {"acoem-ch9-shoulder-imaging"}


def test_the_same_pages_in_another_chapter_name_nothing(keys: list[TopicKey]) -> None:
    line = "Decision based on MTUS ACOEM Chapter 13 Knee Complaints Page(s): 207-209."
    assert named(line, keys) == set()


def test_the_stated_topic_name_breaks_a_page_tie(keys: list[TopicKey]) -> None:
    # Page 64 is cited by both the baclofen and the muscle relaxant topics.
    baclofen = "Decision based on MTUS Chronic Pain Treatment Guidelines Baclofen Page(s): 64."
    assert named(baclofen, keys) == {"cpmtg-baclofen"}


def test_a_page_range_names_every_topic_lying_within_it(keys: list[TopicKey]) -> None:
    line = "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304."
    assert named(line, keys) == {
        "acoem-ch12-lumbar-mri",  # 303-304
        "acoem-ch12-ct-myelography-bone-scan",  # 303-304
        "acoem-ch12-lumbar-xrays",  # 303
        "acoem-ch12-emg",  # 303
        "acoem-ch12-discography",  # 304
    }


def test_pages_inside_a_wider_topic_name_the_closest_topics(keys: list[TopicKey]) -> None:
    # No topic lies within page 305 alone: discectomy (305-306) overlaps it more than fusion
    # (305-307) does.
    line = "Decision based on MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 305."
    assert named(line, keys) == {"acoem-ch12-discectomy-laminectomy"}


def test_a_line_of_two_citations_names_both_topics(keys: list[TopicKey]) -> None:
    line = (
        "Decision based on MTUS ACOEM Chapter 9 Shoulder Complaints Page(s): 207-209.  "
        "Decision based on MTUS Acupuncture Medical Treatment Guidelines."
    )
    assert named(line, keys) == {
        "acoem-ch9-shoulder-imaging",
        "acupuncture-medical-treatment-guidelines",
    }


def test_odg_without_pages_maps_by_chapter_and_topic(
    topics: list[GuidelineTopic], keys: list[TopicKey]
) -> None:
    odg = next(t for t in topics if t.meta.source == "odg" and not t.meta.pages)
    assert ref_topic_ids(odg.ref(), keys) == {odg.id}


def test_unknown_citations_name_nothing(keys: list[TopicKey]) -> None:
    assert named("Decision based on a textbook of orthopaedics.", keys) == set()
    assert (
        named("Decision based on MTUS Chronic Pain Treatment Guidelines Page(s): 999.", keys)
        == set()
    )


class SectionRef(GuidelineRef):
    """A citation as the section-style parser gives it (a section name, no pages)."""

    section: str | None = None


SECTION_KEYS = [
    TopicKey(id="lumbar-mri", source=ACOEM, chapter=12, section="Special Studies"),
    TopicKey(id="lumbar-ct", source=ACOEM, chapter=12, section="Special Studies"),
    TopicKey(id="lumbar-fusion", source=ACOEM, chapter=12, section="Surgical Considerations"),
    TopicKey(id="neck-mri", source=ACOEM, chapter=8, section="Special Studies"),
    TopicKey(id="pt", source=CPMTG, section="Physical medicine treatment", pages=frozenset({98})),
]


def test_section_style_citation_maps_by_source_chapter_and_section() -> None:
    studies = SectionRef(source=ACOEM, chapter=12, section="special studies.", raw="x")
    assert ref_topic_ids(studies, SECTION_KEYS) == {"lumbar-mri", "lumbar-ct"}
    surgery = SectionRef(source=ACOEM, chapter=12, section="Surgical Considerations", raw="x")
    assert ref_topic_ids(surgery, SECTION_KEYS) == {"lumbar-fusion"}


class SectionMeta(TopicMeta):
    """Topic metadata carrying the section name a 2016-17 letter cites."""

    section: str | None = None


def test_a_topic_section_name_is_read_from_its_metadata(topics: list[GuidelineTopic]) -> None:
    mri = next(t for t in topics if t.id == "acoem-ch12-lumbar-mri")
    meta = SectionMeta(**mri.meta.model_dump(), section="Special Studies")
    key = topic_key(mri.model_copy(update={"meta": meta}))
    assert (key.id, key.chapter, key.section) == ("acoem-ch12-lumbar-mri", 12, "Special Studies")
    studies = SectionRef(source=ACOEM, chapter=12, section="Special Studies", raw="x")
    assert ref_topic_ids(studies, [key, *topic_keys(topics)]) == {"acoem-ch12-lumbar-mri"}
    assert topic_key(mri).section is None


def test_a_section_name_decides_before_pages() -> None:
    wrong = SectionRef(source=CPMTG, section="Opioids", pages=[98], raw="x")
    assert ref_topic_ids(wrong, SECTION_KEYS) == frozenset()
    right = SectionRef(source=CPMTG, section="Physical Medicine Treatment", raw="x")
    assert ref_topic_ids(right, SECTION_KEYS) == {"pt"}
