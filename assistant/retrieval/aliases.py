"""Alias expansion: brand names, abbreviations and misspellings mapped to guideline topics.

"Norco 10/325 #90" holds no guideline word, but "norco" is an alias of the opioid topics; "Lumbar
Spine MIR" matches the misspelling "lumbar spine mir". A topic scores the sum of the phrases of its
that occur in the query, each weighted by its length in words and by how specific it is (an inverse
topic frequency): "cervical spine mri" outweighs "magnetic resonance imaging", which many
topics share. A name that only names a body part ("Knee", "Low Back", the topic names of the
Postsurgical guidelines) is no alias: every request about that part would name the topic. Words
written several ways ("pre-op", "pre-operative") are matched as one.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable

from pydantic import BaseModel

from assistant.corpus.chunks import ChunkMeta
from assistant.text import normalise_phrase

_BODY_PART_TEXT = """
neck upper lower low mid back spine cervical thoracic lumbar lumbosacral shoulder elbow forearm
wrist hand hands finger fingers thumb hip pelvis knee leg legs ankle foot feet and right left
bilateral
"""
BODY_PART_WORDS = frozenset(_BODY_PART_TEXT.split())


SIDES = frozenset({"left", "right", "bilateral"})
_ASIDE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_SPELLINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\bpre (?:op|operative)\b|\bpreoperative\b"), "preop"),
    (re.compile(r"\bpost (?:op|operative)\b|\bpostoperative\b"), "postop"),
)


def canonical(phrase: str) -> str:
    """A normalised phrase with one spelling for words written several ways ("pre-op",
    "pre-operative" and "preoperative" are all "preop")."""
    for pattern, spelling in _SPELLINGS:
        phrase = pattern.sub(spelling, phrase)
    return phrase


def names_only_a_body_part(phrase: str) -> bool:
    """Whether a normalised phrase is made of body-part words only ("knee", "neck upper back")."""
    return set(phrase.split()) <= BODY_PART_WORDS


class TopicNames(BaseModel):
    topic_id: str
    title: str
    topic: str
    names: list[str]


class AliasMatch(BaseModel):
    topic_id: str
    score: float
    matched: str


class AliasIndex:
    """Phrase lookup from normalised aliases to topic ids."""

    def __init__(self, topics: Iterable[TopicNames]) -> None:
        self.topics = {topic.topic_id: topic for topic in topics}
        self._phrases: dict[str, set[str]] = {}
        for topic in self.topics.values():
            for name in (topic.title, topic.topic, *topic.names):
                phrase = canonical(normalise_phrase(name))
                if len(phrase) >= 3 and not names_only_a_body_part(phrase):
                    self._phrases.setdefault(phrase, set()).add(topic.topic_id)
        self._order = {phrase: index for index, phrase in enumerate(self._phrases)}
        self._longest = max((len(phrase.split()) for phrase in self._phrases), default=0)

    @classmethod
    def from_metadata(cls, metas: Iterable[ChunkMeta]) -> AliasIndex:
        seen: dict[str, TopicNames] = {}
        for meta in metas:
            if meta.topic_id and meta.topic_id not in seen and meta.aliases:
                seen[meta.topic_id] = TopicNames(
                    topic_id=meta.topic_id,
                    title=meta.title,
                    topic=meta.topic or meta.title,
                    names=list(meta.aliases),
                )
        return cls(seen.values())

    def phrase_weight(self, phrase: str) -> float:
        """Words in the phrase times the log inverse share of topics that use it."""
        sharing = len(self._phrases.get(phrase, ())) or 1
        return len(phrase.split()) * math.log(1 + len(self.topics) / sharing)

    def match(self, query: str) -> list[AliasMatch]:
        """Topics with an alias in the query (whole words), by summed phrase weight, best first."""
        found: dict[str, AliasMatch] = {}
        for phrase in self._phrases_in(query):
            weight = self.phrase_weight(phrase)
            for topic_id in self._phrases[phrase]:
                current = found.get(topic_id)
                if current is None:
                    found[topic_id] = AliasMatch(topic_id=topic_id, score=weight, matched=phrase)
                    continue
                longest = phrase if len(phrase) > len(current.matched) else current.matched
                found[topic_id] = AliasMatch(
                    topic_id=topic_id, score=current.score + weight, matched=longest
                )
        return sorted(found.values(), key=lambda match: (-match.score, match.topic_id))

    def _phrases_in(self, query: str) -> list[str]:
        """The known phrases that occur in the query as whole words, in index order; a side
        ("left", "right", "bilateral") or an aside in brackets does not break a phrase: "EMG of
        the left upper extremity" names "EMG of the upper extremity", "MRI (magnetic resonance
        imaging) of the cervical spine" names "MRI of the cervical spine"."""
        sequences = []
        for text in (query, _ASIDE.sub(" ", query)):
            words = canonical(normalise_phrase(text)).split()
            sequences += [words, [word for word in words if word not in SIDES]]
        present = {
            " ".join(sequence[start : start + size])
            for sequence in sequences
            for size in range(1, self._longest + 1)
            for start in range(len(sequence) - size + 1)
        }
        return sorted(
            (phrase for phrase in present if phrase in self._phrases), key=self._order.__getitem__
        )

    def expand(self, query: str, limit: int = 3, *, text: str | None = None) -> str:
        """The search text (the query itself unless given) followed by the canonical names of
        the topics that best match the query."""
        extra = [
            f"{self.topics[match.topic_id].title} {self.topics[match.topic_id].topic}"
            for match in self.match(query)[:limit]
        ]
        return " ".join([query if text is None else text, *extra])
