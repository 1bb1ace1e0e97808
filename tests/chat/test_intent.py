"""What a chat question asks for and what it is about."""

from __future__ import annotations

import pytest

from assistant.chat.intent import Intent, asks_for_odg, question_intent, search_query
from assistant.chat.labels import excerpt_body, readable_label
from assistant.corpus.chunks import ChunkKind, ChunkMeta


@pytest.mark.parametrize(
    ("question", "intent"),
    [
        ("How many PT visits does MTUS allow for myalgia?", Intent.VISITS),
        ("How often can acupuncture be given?", Intent.VISITS),
        (
            "What does MTUS say about the duration of opioid use for chronic back pain?",
            Intent.DURATION,
        ),
        ("How long may cyclobenzaprine be prescribed?", Intent.DURATION),
        ("What is the maximum daily dose of opioids?", Intent.DOSE),
        ("What are the criteria for a spinal cord stimulator?", Intent.CRITERIA),
        ("Is topical ketoprofen recommended?", Intent.RECOMMENDATION),
        ("Tell me about massage.", Intent.GENERAL),
    ],
)
def test_the_question_says_what_kind_of_answer_it_wants(question: str, intent: Intent) -> None:
    assert question_intent(question) is intent


def test_the_search_query_keeps_the_subject_and_drops_what_does_mtus_say() -> None:
    assert search_query("How many PT visits does MTUS allow for myalgia?") == (
        "physical therapy visits myalgia"
    )
    assert search_query(
        "What does MTUS say about the duration of opioid use for chronic back pain?"
    ) == ("duration opioid use chronic back pain")


def test_only_a_question_naming_odg_alone_asks_for_odg() -> None:
    assert asks_for_odg("What does ODG say about knee MRI?")
    assert not asks_for_odg("Do MTUS and ODG agree on knee MRI?")
    assert not asks_for_odg("What does MTUS say about knee MRI?")


def _meta(**fields: object) -> ChunkMeta:
    base: dict[str, object] = {
        "kind": ChunkKind.GUIDELINE,
        "source_file": "x.md",
        "corpus_root": "/c",
        "token_count": 1,
        "citation": "c",
        "source": "cpmtg",
        "title": "Opioids",
    }
    return ChunkMeta.model_validate({**base, **fields})


def test_an_excerpt_is_labelled_as_a_reviewer_names_it() -> None:
    assert readable_label(_meta(topic="Opioids", pages=[80, 81, 82])) == "CPMTG Opioids p.80-82"
    assert (
        readable_label(_meta(source="acoem", chapter=12, topic="Lumbar MRI", pages=[303, 304]))
        == "ACOEM Ch.12 Lumbar MRI p.303-304"
    )
    assert readable_label(_meta(source="odg", topic="Knee MRI")) == "ODG Knee MRI"


def test_an_excerpt_body_drops_the_title_guideline_and_alias_lines() -> None:
    text = (
        "Opioids - Summary\nGuideline: MTUS Chronic Pain Page(s): 80\n"
        "Also requested as: Norco; Vicodin\nBenefit beyond 16 weeks is unclear."
    )
    assert excerpt_body(text) == "Benefit beyond 16 weeks is unclear."
