"""Every topic says how sure its pages are; the facts that decide it are computed, not typed."""

from __future__ import annotations

import pytest

from assistant.corpus.confidence import (
    PageConfidence,
    fact_sheet_entries,
    letter_verified,
    numbers_outside,
)
from assistant.corpus.topic_index import TopicIndex
from assistant.corpus.topics import load_topics
from assistant.letters.models import Decision, Item
from assistant.letters.refs import parse_citation
from evals import page_confidence
from tests.paths import CORPUS

GUIDELINES = CORPUS / "guidelines"

FACTS = """**A5. Lumbar x-rays** | Cite as: ACOEM ch.12 page 303. | Criteria: not within 6 weeks.
| [G-hi]

**E2. Opioids, on-going management (4 A's)** | Cite as: CPMTG p.78. | [G-lo]
"""


def test_fact_sheet_entries_are_cut_at_their_tags() -> None:
    entries = fact_sheet_entries(FACTS)
    assert sorted(entries) == ["A5", "E2"]
    assert "6 weeks" in entries["A5"] and "p.78" not in entries["A5"]


def test_numbers_outside_the_entries_exclude_what_an_entry_states_and_ones() -> None:
    criteria = "- Not within 6 weeks; no more than 4-6 films; 1 view; 2.5 mg."
    assert numbers_outside(criteria, [fact_sheet_entries(FACTS)["A5"]]) == ["2.5", "4"]


def test_a_letter_verifies_a_topic_only_on_a_page_the_topic_carries() -> None:
    topics = load_topics(GUIDELINES)
    index = TopicIndex(topics)
    pages = {topic.id: topic.meta.pages for topic in topics}

    def item(line: str) -> Item:
        return Item(
            title="Lumbar MRI",
            decision=Decision.UPHELD,
            rationale="x",
            maximus_refs=parse_citation(line),
        )

    on_page = item("MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 303-304")
    off_page = item("MTUS Chronic Pain Treatment Guidelines Physical Medicine Page(s): 12")
    section = item("MTUS Low Back Complaints 2004, Section(s): Special Studies")
    assert letter_verified([on_page], index.topic_for, pages) == {"acoem-ch12-lumbar-mri"}
    assert letter_verified([off_page, section], index.topic_for, pages) == set()


def test_every_topic_records_how_sure_its_pages_are() -> None:
    topics = load_topics(GUIDELINES)
    counts = {confidence: 0 for confidence in PageConfidence}
    for topic in topics:
        counts[topic.meta.page_confidence] += 1
    assert counts[PageConfidence.LETTER] >= 5
    assert counts[PageConfidence.FACT_SHEET_LOW] >= 1
    assert sum(counts.values()) == len(topics)


@pytest.mark.skipif(
    not (page_confidence.SHARED / "MTUS_FACTS.md").is_file(),
    reason="the fact sheet and real letters are kept beside the repository",
)
def test_recorded_confidence_and_outside_numbers_match_what_the_script_computes(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert page_confidence.main(["--check"]) == 0, capsys.readouterr().out
