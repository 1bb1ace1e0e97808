"""Match a determination item to the guideline topic it turns on (category, body region)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel

from assistant.corpus.topic_index import TopicIndex
from assistant.corpus.topics import GuidelineTopic
from assistant.letters.models import GuidelineRef, Item
from assistant.letters.sources import GuidelineSource
from assistant.text import normalise_phrase

GENERAL = "general"
_REGION_WORDS: tuple[tuple[str, str], ...] = (
    (r"cervical|neck|c-spine|c\d-\d", "cervical"),
    (r"thoracic|mid[- ]back|t-spine", "thoracic"),
    (r"lumbar|low back|lumbosacral|l-spine|l\d-\d|l5-s1|sacroiliac|\bsi joint", "lumbar"),
    (r"shoulder|rotator cuff|subacromial|acromio", "shoulder"),
    (r"elbow|epicondyl", "elbow"),
    (r"wrist|\bhands?\b|carpal|finger|thumb|forearm", "wrist-hand"),
    (r"\bhip\b|groin|pelvi", "hip"),
    (r"knee|menisc|patell|\bacl\b", "knee"),
    (r"ankle|foot|feet|plantar|heel|achilles", "ankle-foot"),
)


LIMBS: dict[str, tuple[str, ...]] = {
    "upper-limb": ("cervical", "shoulder", "elbow", "wrist-hand"),
    "lower-limb": ("lumbar", "hip", "knee", "ankle-foot"),
    "head": (),
}
"""Regions a request may name that no topic carries, and the topic regions each covers: a limb
its joints and the spine that serves it; the head none (only topics of no region fit it)."""
SPINE = frozenset({"cervical", "thoracic", "lumbar"})
_IMAGING = re.compile(
    r"\bmri\b|\bmra\b|\bmr arthrogra|magnetic resonance|x-?rays?\b|radiograph|\bct\b|"
    r"computed tomography|imaging|ultrasound|sonogra|bone scan",
    re.I,
)


def is_imaging(title: str) -> bool:
    """Whether a request is for imaging (an MRI, x-rays, a CT, an ultrasound, a bone scan)."""
    return bool(_IMAGING.search(title))


_WIDER_REGIONS: tuple[tuple[str, str], ...] = (
    (r"upper (extremit|limb)|\b[rlb]ue\b|\barms?\b", "upper-limb"),
    (r"lower (extremit|limb)|\b[rlb]le\b|\blegs?\b", "lower-limb"),
    (r"\bhead\b|skull|\bbrain\b|electroenceph|\beeg\b|hearing", "head"),
)


def request_region(title: str) -> str:
    """The body region a request names: a joint or spinal region first, else a whole limb or
    the head, else general."""
    region = body_region_of(title)
    if region != GENERAL:
        return region
    lowered = title.lower()
    return next((name for pattern, name in _WIDER_REGIONS if re.search(pattern, lowered)), GENERAL)


def case_region(summary: str) -> str:
    """The body region a case's summary names most often; general when none is named, or when
    two regions are named equally often."""
    lowered = summary.lower()
    counts = sorted(
        ((len(re.findall(pattern, lowered)), region) for pattern, region in _REGION_WORDS),
        reverse=True,
    )
    (top, region), (second, _) = counts[0], counts[1]
    return region if top > second else GENERAL


def region_fits(region: str, topic_regions: Sequence[str], joints_only: bool = False) -> bool:
    """Whether a topic of these regions is about the region a request names (a topic of no
    region in particular fits every request); with `joints_only`, a whole limb counts its
    joints alone, not the spine that serves it (an image of a limb shows the limb)."""
    if region == GENERAL or not topic_regions or GENERAL in topic_regions:
        return True
    covered = set(LIMBS.get(region, (region,)))
    if joints_only and region in LIMBS:
        covered -= SPINE
    return bool(covered & set(topic_regions))


def region_spans(region: str, topic_regions: Sequence[str]) -> bool:
    """Whether a topic of these regions is about the whole limb a request names: of no region in
    particular, or of more than one of the limb's regions."""
    covered = set(LIMBS.get(region, ())) & set(topic_regions)
    return not topic_regions or GENERAL in topic_regions or len(covered) > 1


class ItemMatch(BaseModel):
    """What a determination item is about."""

    topic_id: str | None
    category: str
    body_region: str
    source: GuidelineSource


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _in_cited_chapter(ref: GuidelineRef, topic: GuidelineTopic) -> bool:
    """Whether the topic lies in the ODG chapter the citation names (any topic does when the
    citation is not an ODG one, or names no chapter)."""
    if ref.source is not GuidelineSource.ODG or ref.chapter_title is None:
        return True
    return ref.chapter_title == topic.meta.chapter_title


def body_region_of(text: str, default: str = GENERAL) -> str:
    lowered = text.lower()
    for pattern, region in _REGION_WORDS:
        if re.search(pattern, lowered):
            return region
    return default


class TopicMatcher:
    """Scores items against every topic; built once per corpus, reused for every item."""

    def __init__(self, topics: Sequence[GuidelineTopic]) -> None:
        self.topics = list(topics)
        self._index = TopicIndex(self.topics)
        self._by_id = {topic.id: topic for topic in self.topics}
        self._phrases: dict[str, list[int]] = {}
        self._topic_words = [_words(topic.meta.topic) for topic in self.topics]
        self._pages = [set(topic.meta.pages) for topic in self.topics]
        for index, topic in enumerate(self.topics):
            names = {topic.meta.title, topic.meta.topic, *topic.meta.aliases}
            for phrase in {normalise_phrase(name) for name in names} - {""}:
                self._phrases.setdefault(phrase, []).append(index)

    def _scores(self, item: Item) -> list[float]:
        scores = [0.0] * len(self.topics)
        padded = f" {normalise_phrase(item.title)} "
        for phrase, indexes in self._phrases.items():
            if f" {phrase} " in padded:
                for index in indexes:
                    scores[index] += 1.0
        for ref in item.maximus_refs:
            code = ref.source
            ref_words = _words(ref.topic) if ref.topic else set()
            for index, topic in enumerate(self.topics):
                if topic.meta.source != code:
                    continue
                scores[index] += 1.0
                if ref.chapter is not None and ref.chapter == topic.meta.chapter:
                    scores[index] += 1.0
                scores[index] += 2.0 * len(set(ref.pages) & self._pages[index])
                if ref_words & self._topic_words[index] and _in_cited_chapter(ref, topic):
                    scores[index] += 2.0
        return scores

    def _cited(self, item: Item) -> GuidelineTopic | None:
        """The topic the reviewer's citation denotes, in either era's style."""
        for ref in item.maximus_refs:
            topic_id = self._index.topic_for(ref, item.title)
            if topic_id is not None:
                return self._by_id[topic_id]
        return None

    def _best(self, item: Item) -> GuidelineTopic | None:
        scores = self._scores(item)
        best = max(range(len(scores)), key=lambda index: scores[index], default=None)
        return None if best is None or scores[best] <= 0 else self.topics[best]

    def classify(self, item: Item) -> ItemMatch:
        """The topic the reviewer's citation denotes (`TopicIndex`), else the best topic by
        citation (family, chapter, pages, topic words) and title aliases."""
        first_source = item.maximus_refs[0].source if item.maximus_refs else GuidelineSource.OTHER
        topic = self._cited(item) or self._best(item)
        if topic is None:
            return ItemMatch(
                topic_id=None,
                category="other",
                body_region=body_region_of(item.title),
                source=first_source,
            )
        return ItemMatch(
            topic_id=topic.id,
            category=topic.meta.category.value,
            body_region=body_region_of(item.title, default=topic.meta.body_regions[0]),
            source=first_source,
        )


def classify_item(item: Item, topics: Sequence[GuidelineTopic]) -> ItemMatch:
    """Classify one item (for many items, build one `TopicMatcher` and reuse it)."""
    return TopicMatcher(topics).classify(item)
