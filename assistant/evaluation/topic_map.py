"""Map a parsed guideline citation to the corpus topics it names.

Two styles of citation reach the eval: page-style lines (2013-2015 letters: source, chapter and
pages) and section-style lines (2016-17 letters: source and section name). `ref_topic_ids` is the
one place that decides which corpus topics a citation names; topic-level scoring compares the
reference's topics with the draft's.

A page-style citation names the topics it states by name among those sharing its pages, else every
topic lying wholly within its pages (a range covering a whole guideline section names each topic of
that section, as a section-style citation does), else the topics with the largest page overlap.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from assistant.corpus.topics import SOURCE_CODES, GuidelineTopic
from assistant.letters.models import GuidelineRef, GuidelineSource
from assistant.letters.refs import normalize_space

TOPIC_SECTION_FIELD = "section"
"""The field of topic metadata holding the section name a 2016-17 letter cites, when present."""
REF_SECTION_FIELD = "section"
"""The field of a parsed citation holding the section name it cites, when present."""


class TopicKey(BaseModel):
    """What a citation can be matched on: a corpus topic's citation metadata."""

    model_config = ConfigDict(frozen=True)

    id: str
    source: GuidelineSource
    chapter: int | None = None
    chapter_title: str | None = None
    topic: str | None = None
    section: str | None = None
    pages: frozenset[int] = frozenset()


def topic_key(topic: GuidelineTopic) -> TopicKey:
    meta = topic.meta
    section = getattr(meta, TOPIC_SECTION_FIELD, None)
    return TopicKey(
        id=meta.id,
        source=SOURCE_CODES[meta.source],
        chapter=meta.chapter,
        chapter_title=meta.chapter_title,
        topic=meta.topic,
        section=section if isinstance(section, str) else None,
        pages=frozenset(meta.pages),
    )


def topic_keys(topics: Iterable[GuidelineTopic]) -> list[TopicKey]:
    return [topic_key(topic) for topic in topics]


def _name(text: str | None) -> str:
    return normalize_space(text or "").casefold().strip(" .")


def _ref_section(ref: GuidelineRef) -> str | None:
    section = getattr(ref, REF_SECTION_FIELD, None)
    return section if isinstance(section, str) and section.strip() else None


def _named(ref: GuidelineRef, key: TopicKey) -> bool:
    """The citation states this topic's name (or its ODG chapter and topic)."""
    name = _name(ref.topic)
    return bool(name) and name in {_name(key.topic), _name(key.section)}


def _by_pages(ref: GuidelineRef, candidates: Sequence[TopicKey]) -> list[TopicKey]:
    """Of the topics sharing a page with the citation: those it names, else those lying wholly
    within its pages, else those with the largest page overlap (Jaccard)."""
    pages = set(ref.pages)
    overlapping = [key for key in candidates if pages & key.pages]
    named = [key for key in overlapping if _named(ref, key)]
    if named:
        return named
    inside = [key for key in overlapping if key.pages <= pages]
    if inside:
        return inside
    if not overlapping:
        return []

    def jaccard(key: TopicKey) -> float:
        return len(pages & key.pages) / len(pages | key.pages)

    best = max(jaccard(key) for key in overlapping)
    return [key for key in overlapping if jaccard(key) == best]


def ref_topic_ids(ref: GuidelineRef, keys: Sequence[TopicKey]) -> frozenset[str]:
    """The corpus topics one citation names; empty when it names none of them.

    Candidates share the citation's source (and its chapter when both state one). Then, in order:
    a section name picks the topics of that section; pages pick as `_by_pages` says; a stated
    topic name picks the topics of that name; a source with a single topic (acupuncture) is that
    topic.
    """
    candidates = [
        key
        for key in keys
        if key.source is ref.source
        and (ref.chapter is None or key.chapter is None or key.chapter == ref.chapter)
    ]
    section = _ref_section(ref)
    if section is not None:
        wanted = _name(section)
        return frozenset(key.id for key in candidates if _name(key.section) == wanted)
    if ref.pages:
        return frozenset(key.id for key in _by_pages(ref, candidates))
    if ref.topic:
        named = [key for key in candidates if _named(ref, key)]
        if ref.chapter_title:
            titled = [key for key in named if _name(key.chapter_title) == _name(ref.chapter_title)]
            named = titled or named
        return frozenset(key.id for key in named)
    if len(candidates) == 1:
        return frozenset({candidates[0].id})
    return frozenset()


def line_topic_ids(refs: Sequence[GuidelineRef], keys: Sequence[TopicKey]) -> frozenset[str]:
    """Every corpus topic a guideline line names (the union over its citations)."""
    found: set[str] = set()
    for ref in refs:
        found |= ref_topic_ids(ref, keys)
    return frozenset(found)
