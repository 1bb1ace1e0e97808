"""Abbreviated requests are searched with their long forms, so the guideline text that spells
the words out is found."""

from __future__ import annotations

from assistant.retrieval.aliases import AliasIndex
from assistant.retrieval.factory import build_searcher
from assistant.retrieval.models import Mode
from assistant.retrieval.query import expand_abbreviations
from assistant.settings import Settings
from evals.bench_retrieval import rank_topics
from tests.retrieval.test_aliases import TOPICS


def test_abbreviations_are_followed_by_their_long_forms() -> None:
    assert expand_abbreviations("PT 2x6 lumbar spine") == "PT physical therapy 2x6 lumbar spine"
    assert expand_abbreviations("EMG/NCS RUE") == (
        "EMG electromyography/NCS nerve conduction studies RUE"
    )
    assert expand_abbreviations("Right L5-S1 ESI") == "Right L5-S1 ESI epidural steroid injection"
    assert expand_abbreviations("Pre-op chest x-ray") == (
        "Pre-op preoperative chest x-ray radiographs"
    )


def test_a_long_form_is_written_once_and_not_where_the_text_spells_it_out() -> None:
    spelled = "EMG electromyography/NCV nerve conduction studies/NCS"
    assert expand_abbreviations("EMG/NCV/NCS") == spelled
    written_out = "Physical therapy (PT) 6 visits"
    assert expand_abbreviations(written_out) == written_out


def test_lower_case_words_that_are_also_abbreviations_are_left_alone() -> None:
    assert expand_abbreviations("pt reports tens of falls") == "pt reports tens of falls"
    assert expand_abbreviations("Tempur mattress, attempts at TENSION") == (
        "Tempur mattress, attempts at TENSION"
    )


def test_expansion_searches_the_given_text_with_the_names_the_query_matches() -> None:
    index = AliasIndex(TOPICS)
    expanded = index.expand("Norco 10/325", text="Norco tablets")
    assert expanded.startswith("Norco tablets ")
    assert "Opioids, criteria for use" in expanded


def test_abbreviated_physical_therapy_finds_a_physical_therapy_topic(
    ingested_env: Settings,
) -> None:
    ranking = rank_topics(build_searcher(ingested_env), "PT 2x6 lumbar spine", Mode.HYBRID)
    therapy = {"cpmtg-physical-medicine", "odg-low-back-physical-therapy"}
    assert therapy & set(ranking[:5]), ranking[:5]
