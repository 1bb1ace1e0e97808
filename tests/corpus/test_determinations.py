"""The bundled past determinations: synthetic, varied, parseable, citing topics the corpus has."""

from __future__ import annotations

import re
from functools import cache

import pytest

from assistant.corpus.classify import classify_item
from assistant.corpus.topics import GuidelineTopic, load_topics
from assistant.letters.models import Decision, GuidelineRef, Letter
from assistant.letters.reader import read_letter
from assistant.text import normalise_phrase
from tests.paths import CORPUS

LETTERS = sorted((CORPUS / "determinations").glob("*.txt"))


@cache
def letters() -> tuple[Letter, ...]:
    return tuple(read_letter(path) for path in LETTERS)


@cache
def topics() -> tuple[GuidelineTopic, ...]:
    return tuple(load_topics(CORPUS / "guidelines"))


def cited_topics(ref: GuidelineRef) -> list[str]:
    """Corpus topics a reviewer's citation can point at: same family and chapter, overlapping
    pages where the citation has pages, and for ODG the same chapter and topic name."""
    code = ref.source
    found = []
    for topic in topics():
        meta = topic.meta
        if meta.source != code or (ref.chapter is not None and meta.chapter != ref.chapter):
            continue
        if ref.pages and not set(ref.pages) & set(meta.pages):
            continue
        if code == "odg" and (
            normalise_phrase(ref.chapter_title or "") != normalise_phrase(meta.chapter_title or "")
            or normalise_phrase(ref.topic or "") != normalise_phrase(meta.topic)
        ):
            continue
        found.append(topic.id)
    return found


def test_every_letter_is_marked_synthetic_and_names_nobody() -> None:
    assert len(LETTERS) >= 40
    for path in LETTERS:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("SYNTHETIC DETERMINATION"), path.name
        assert not re.search(r"\b(?:Dr|Mr|Mrs|Ms)\.\s+[A-Z]", text), path.name


@pytest.mark.slow
def test_volume_variety_and_decision_balance() -> None:
    items = [item for letter in letters() for item in letter.items]
    overturned = sum(item.decision is Decision.OVERTURNED for item in items)
    assert len(items) >= 120
    assert overturned / len(items) >= 0.30
    treatment_types = {classify_item(item, topics()).topic_id for item in items}
    assert len(treatment_types - {None}) >= 40
    specialties = {letter.reviewer.specialty for letter in letters()}
    assert len(specialties) >= 8


@pytest.mark.parametrize("path", LETTERS, ids=[path.stem for path in LETTERS])
def test_every_reviewer_citation_points_at_a_corpus_topic(path: object) -> None:
    letter = next(letter for letter in letters() if letter.source_file == str(path))
    for item in letter.items:
        assert item.maximus_refs, f"{item.title}: no MAXIMUS citation"
        for ref in item.maximus_refs:
            assert cited_topics(ref), f"{item.title}: no corpus topic for {ref.raw!r}"
