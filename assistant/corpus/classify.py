"""Match a determination item to the guideline topic it turns on (category, body region)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from assistant.corpus.text import normalise_phrase
from assistant.corpus.topics import GuidelineTopic, source_code
from assistant.letters.models import Item

_REGION_WORDS: tuple[tuple[str, str], ...] = (
    (r"cervical|neck|c-spine|c\d-\d", "cervical"),
    (r"thoracic|mid[- ]back|t-spine", "thoracic"),
    (r"lumbar|low back|lumbosacral|l-spine|l\d-\d|l5-s1|sacroiliac|\bsi joint", "lumbar"),
    (r"shoulder|rotator cuff|subacromial|acromio", "shoulder"),
    (r"elbow|epicondyl", "elbow"),
    (r"wrist|hand|carpal|finger|thumb|forearm", "wrist-hand"),
    (r"\bhip\b|groin|pelvi", "hip"),
    (r"knee|menisc|patell|\bacl\b", "knee"),
    (r"ankle|foot|feet|plantar|heel|achilles", "ankle-foot"),
)


class ItemMatch(BaseModel):
    """What a determination item is about."""

    topic_id: str | None
    category: str
    body_region: str
    source_code: str


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def body_region_of(text: str, default: str = "general") -> str:
    lowered = text.lower()
    for pattern, region in _REGION_WORDS:
        if re.search(pattern, lowered):
            return region
    return default


def _alias_hits(title: str, topic: GuidelineTopic) -> int:
    """How many of the topic's names occur in the title as whole words."""
    padded = f" {normalise_phrase(title)} "
    names = [topic.meta.title, topic.meta.topic, *topic.meta.aliases]
    return sum(
        1 for name in names if normalise_phrase(name) and f" {normalise_phrase(name)} " in padded
    )


def _score(item: Item, topic: GuidelineTopic) -> float:
    score = float(_alias_hits(item.title, topic))
    for ref in item.maximus_refs:
        if source_code(ref.source) != topic.meta.source:
            continue
        score += 1.0
        if ref.chapter is not None and ref.chapter == topic.meta.chapter:
            score += 1.0
        score += 2.0 * len(set(ref.pages) & set(topic.meta.pages))
        if ref.topic and _words(ref.topic) & _words(topic.meta.topic):
            score += 2.0
    return score


def classify_item(item: Item, topics: Sequence[GuidelineTopic]) -> ItemMatch:
    """The best topic by citation (family, chapter, pages, topic words) and title aliases."""
    first_source = source_code(item.maximus_refs[0].source) if item.maximus_refs else "other"
    scored = [(_score(item, topic), topic) for topic in topics]
    best_score, best = max(scored, key=lambda pair: pair[0], default=(0.0, None))
    if best is None or best_score <= 0:
        return ItemMatch(
            topic_id=None,
            category="other",
            body_region=body_region_of(item.title),
            source_code=first_source,
        )
    return ItemMatch(
        topic_id=best.id,
        category=best.meta.category.value,
        body_region=body_region_of(item.title, default=best.meta.body_regions[0]),
        source_code=first_source,
    )
