"""Which corpus topic a parsed citation points at, whichever era's style it is written in.

`TopicIndex(topics).topic_for(ref)` maps a `GuidelineRef` (parsed from a letter's guideline
line, or from a drafted one) to the id of the corpus topic it cites, or None:

- ACOEM: the chapter, then the cited section (section style: "Special Studies") or the pages
  (page style: the topic sharing most pages, then the narrowest; a chapter cited without pages:
  its topics that carry no pages either, such as the Elbow chapter's, whose pages are unknown);
- CPMTG, the 2016 opioid guideline, the Postsurgical guidelines and other sources: the topic or
  section name found earliest in the cited text, then shared pages;
- acupuncture: the acupuncture topic;
- ODG: a topic name found in the cited chapter and topic text, preferring the cited chapter;
- NONE ("no medical evidence cited"), and a chapter cited without section or pages whose topics
  all carry pages: None.

The answer depends on the citation alone, so two citations of the same place (a reference
letter's and a draft's, in either style) give the same topic; several topics can share one
section (ACOEM Chapter 12 "Special Studies" holds MRI, x-ray, EMG ...), and `topics_for` lists
them all, best first.

`named_topics` (and `line_topics` for a whole guideline line) is the set a citation names, which
the evaluation compares between a reference letter and a draft: a cited section names each of
its topics; a page range names the topics lying wholly within it, else those overlapping it
most (pages 303-304 of ACOEM Chapter 12 name MRI, CT, x-ray, EMG and discography).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from functools import cache
from pathlib import Path

from assistant.corpus.topics import GuidelineTopic, load_topics
from assistant.letters.models import GuidelineRef
from assistant.letters.sources import GENERAL_APPROACHES, LAST_GENERAL_CHAPTER, GuidelineSource

_PARENTHESES = re.compile(r"\(([^()]*)\)")


def _norm(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def _position(phrase: str, text: str) -> int | None:
    """Where `phrase` starts in `text` as whole words (both normalised), or None."""
    if not phrase:
        return None
    found = f" {text} ".find(f" {phrase} ")
    return found if found >= 0 else None


def _names(*names: str) -> list[str]:
    """Each name normalised, also without its parenthesised part and as that part alone."""
    found: list[str] = []
    for name in names:
        inner = [part for part in _PARENTHESES.findall(name) if len(part) > 2]
        for variant in (name, _PARENTHESES.sub(" ", name), *inner):
            key = _norm(variant)
            if len(key) > 2 and key not in found:
                found.append(key)
    return found


def _cited_names(topic: GuidelineTopic, source: GuidelineSource) -> list[str]:
    """The names a citation of `source` gives the topic: its topic name under its own source,
    its section under the source a 2016-17 letter cites it from."""
    meta = topic.meta
    names = [meta.topic] if meta.source is source else []
    if (meta.section_source or meta.source) is source:
        names.append(meta.section)
    return names


def _name_rank(names: list[str], text: str) -> tuple[int, int] | None:
    """Where the first of the names occurs in `text` (longer names first at one place)."""
    found = [(at, -len(name)) for name in names if (at := _position(name, text)) is not None]
    return min(found) if found else None


_FILLER = frozenset({"a", "an", "and", "for", "of", "the", "to", "with", "without"})


def _words(text: str) -> set[str]:
    return set(_norm(text).split()) - _FILLER


def _name_words(topic: GuidelineTopic) -> list[set[str]]:
    names = (topic.meta.title, topic.meta.topic, *topic.meta.aliases)
    return [words for name in names if (words := _words(_PARENTHESES.sub(" ", name)))]


def _chapter_key(chapter_title: str) -> str:
    words = _norm(chapter_title).split()
    return " ".join(words[:2]) if words[:1] == ["low"] else " ".join(words[:1])


def _mentions(key: str, text: str) -> bool:
    return _position(key, text) is not None or _position(key + "s", text) is not None


class TopicIndex:
    """Maps citations to corpus topics; build once per corpus and reuse."""

    def __init__(self, topics: Sequence[GuidelineTopic]) -> None:
        self.topics = sorted(topics, key=lambda topic: topic.id)
        self._by_id = {topic.id: topic for topic in self.topics}
        self._name_words = {topic.id: _name_words(topic) for topic in self.topics}
        self._odg_chapters = {
            _chapter_key(topic.meta.chapter_title or "")
            for topic in self.topics
            if topic.meta.source is GuidelineSource.ODG
        }
        self._rankers: dict[GuidelineSource, Callable[[GuidelineRef], list[str]]] = {
            GuidelineSource.ACOEM: self._acoem,
            GuidelineSource.CPMTG: self._named,
            GuidelineSource.OPIOIDS: self._named,
            GuidelineSource.POSTSURGICAL: self._named,
            GuidelineSource.OTHER: self._named,
            GuidelineSource.ACUPUNCTURE: self._acupuncture,
            GuidelineSource.ODG: self._odg,
        }

    def topics_for(self, ref: GuidelineRef) -> list[str]:
        """Every topic the citation can denote, best first; empty when it names none."""
        ranker = self._rankers.get(ref.source)
        return ranker(ref) if ranker is not None else []

    def topic_for(self, ref: GuidelineRef, title: str | None = None) -> str | None:
        """The corpus topic a citation denotes, or None.

        With the item's `title`, a topic of the cited place whose title or aliases the item
        title names comes first (an MRI request citing "Special Studies" gets the MRI topic).
        """
        candidates = self.topics_for(ref)
        if title and candidates:
            wanted = _words(title)
            candidates = sorted(
                candidates, key=lambda topic_id: -self._title_score(topic_id, wanted)
            )
        return next(iter(candidates), None)

    def named_topics(self, ref: GuidelineRef) -> frozenset[str]:
        """The topics a citation names: those of its section or name, or (a citation by pages
        alone) those within its pages, else those sharing the largest part of them."""
        ranked = self.topics_for(ref)
        if not self._by_pages_alone(ref):
            return frozenset(ranked)
        wanted = set(ref.pages)
        pages = {topic_id: set(self._by_id[topic_id].meta.pages) for topic_id in ranked}
        inside = frozenset(topic_id for topic_id, held in pages.items() if held <= wanted)
        if inside:
            return inside

        def jaccard(topic_id: str) -> float:
            return len(wanted & pages[topic_id]) / len(wanted | pages[topic_id])

        best = max((jaccard(topic_id) for topic_id in ranked), default=0.0)
        return frozenset(topic_id for topic_id in ranked if jaccard(topic_id) == best)

    def line_topics(self, refs: Iterable[GuidelineRef]) -> frozenset[str]:
        """Every topic a guideline line names: the union over its citations."""
        return frozenset(topic_id for ref in refs for topic_id in self.named_topics(ref))

    def _by_pages_alone(self, ref: GuidelineRef) -> bool:
        """The citation is mapped by its pages: a page-style ACOEM chapter, or pages under a
        name that matches no topic."""
        if not ref.pages:
            return False
        if ref.source is GuidelineSource.ACOEM:
            return ref.edition is None
        return self._rankers.get(ref.source) == self._named and not self._by_name(ref)

    def _title_score(self, topic_id: str, title: set[str]) -> int:
        """How many of the title's words the topic's names cover (names wholly in the title)."""
        covered: set[str] = set()
        for words in self._name_words[topic_id]:
            if words <= title:
                covered |= words
        return len(covered)

    def _of(self, *sources: GuidelineSource) -> list[GuidelineTopic]:
        return [
            topic
            for topic in self.topics
            if topic.meta.source in sources or topic.meta.section_source in sources
        ]

    def _acoem(self, ref: GuidelineRef) -> list[str]:
        candidates = self._of(GuidelineSource.ACOEM)
        if ref.chapter is not None:
            candidates = [topic for topic in candidates if topic.meta.chapter == ref.chapter]
        elif ref.chapter_title == GENERAL_APPROACHES:
            candidates = [
                topic for topic in candidates if (topic.meta.chapter or 0) <= LAST_GENERAL_CHAPTER
            ]
        else:
            return []
        if ref.edition is not None:
            text = _norm(ref.topic or "")
            placed = [
                (position, -len(topic.meta.pages), topic.id)
                for topic in candidates
                if (position := _position(_norm(topic.meta.section), text)) is not None
            ]
            return [topic_id for *_, topic_id in sorted(placed)]
        if not ref.pages:
            return [topic.id for topic in candidates if not topic.meta.pages]
        return self._by_pages(ref, candidates)

    @staticmethod
    def _by_pages(ref: GuidelineRef, candidates: list[GuidelineTopic]) -> list[str]:
        wanted = set(ref.pages)
        shared = [
            (-len(wanted & set(topic.meta.pages)), len(topic.meta.pages), topic.id)
            for topic in candidates
            if wanted & set(topic.meta.pages)
        ]
        return [topic_id for *_, topic_id in sorted(shared)]

    def _named(self, ref: GuidelineRef) -> list[str]:
        named = self._by_name(ref)
        if named or not ref.pages:
            return named
        return self._by_pages(ref, self._of(ref.source))

    def _by_name(self, ref: GuidelineRef) -> list[str]:
        """Topics of the cited source whose name the citation states, earliest stated first."""
        text = _norm(ref.topic or "")
        ranked = [
            (rank, topic.id)
            for topic in self._of(ref.source)
            if (rank := _name_rank(self._keys(topic, ref.source), text)) is not None
        ]
        return [topic_id for _, topic_id in sorted(ranked)]

    @staticmethod
    def _keys(topic: GuidelineTopic, source: GuidelineSource) -> list[str]:
        """Name keys to look for; another source's long titles are matched whole only."""
        names = _cited_names(topic, source)
        if source is GuidelineSource.OTHER:
            return [_norm(name) for name in names]
        return _names(*names)

    def _acupuncture(self, ref: GuidelineRef) -> list[str]:
        return [topic.id for topic in self._of(GuidelineSource.ACUPUNCTURE)]

    def _odg(self, ref: GuidelineRef) -> list[str]:
        text = _norm(f"{ref.chapter_title or ''} {ref.topic or ''}")
        mentioned = {key for key in self._odg_chapters if _mentions(key, text)}
        ranked = [
            (rank, topic.id)
            for topic in self._of(GuidelineSource.ODG)
            if topic.meta.source is GuidelineSource.ODG
            and (not mentioned or _chapter_key(topic.meta.chapter_title or "") in mentioned)
            and (rank := _name_rank(_names(topic.meta.section, topic.meta.topic), text)) is not None
        ]
        return [topic_id for _, topic_id in sorted(ranked)]


@cache
def topic_index(guidelines_dir: Path) -> TopicIndex:
    """The index of a guideline folder's topics, loaded once per process."""
    return TopicIndex(load_topics(guidelines_dir))


def topic_for(ref: GuidelineRef, guidelines_dir: Path) -> str | None:
    """The corpus topic (of the topics in `guidelines_dir`) a citation denotes, or None."""
    return topic_index(guidelines_dir).topic_for(ref)
