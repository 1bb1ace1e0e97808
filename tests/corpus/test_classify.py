"""Which corpus topic a determination item is about, when its citation names no topic outright."""

from __future__ import annotations

from assistant.corpus.classify import classify_item
from assistant.corpus.topics import load_topics
from assistant.letters.models import Decision, Item
from assistant.letters.refs import parse_refs
from tests.paths import CORPUS


def test_an_odg_citations_topic_words_point_within_the_chapter_it_names() -> None:
    line = (
        "Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Low Back, "
        "Heat therapy."
    )
    item = Item(
        title="Warming wrap for the back",
        decision=Decision.UPHELD,
        maximus_guideline=line,
        rationale="Synthetic item.",
        maximus_refs=parse_refs(line),
    )
    match = classify_item(item, load_topics(CORPUS / "guidelines"))
    assert match.topic_id == "odg-low-back-cold-heat-packs"
