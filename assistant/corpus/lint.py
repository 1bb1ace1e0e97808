"""Corpus lint: the topics agree with each other and with the synthetic letters that cite them.

- Every MAXIMUS guideline line of a bundled determination maps to a topic, names it as the topic
  does, and cites only pages the topic carries.
- No page of one ACOEM chapter is filed under two sections, unless each topic carrying it says
  why in `page_notes`. (A CPMTG topic is its own section, and alphabetical topics share the page
  where one ends and the next begins.)
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

from assistant.corpus.topic_index import TopicIndex
from assistant.corpus.topics import GuidelineTopic, load_topics
from assistant.letters.models import GuidelineRef, Letter
from assistant.letters.reader import read_letter
from assistant.letters.refs import format_pages, is_section_style
from assistant.letters.sources import GuidelineSource


def _norm(text: str | None) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", (text or "").lower()))


def shared_page_findings(topics: Sequence[GuidelineTopic]) -> list[str]:
    """Pages of one source and chapter filed under more than one section, without a reason."""
    filed: dict[tuple[str, int | None, int], list[GuidelineTopic]] = defaultdict(list)
    for topic in (topic for topic in topics if topic.meta.source is GuidelineSource.ACOEM):
        for page in topic.meta.pages:
            filed[(topic.meta.source.value, topic.meta.chapter, page)].append(topic)
    findings = []
    for (source, chapter, page), holders in sorted(filed.items(), key=lambda kv: str(kv[0])):
        sections = {topic.meta.section for topic in holders}
        unexplained = [topic.id for topic in holders if page not in topic.meta.page_notes]
        if len(sections) > 1 and unexplained:
            where = f"{source} chapter {chapter}" if chapter else source
            findings.append(
                f"{where} page {page} is filed under {len(sections)} sections "
                f"({', '.join(sorted(sections))}); no page_notes reason in {', '.join(unexplained)}"
            )
    return findings


def _name_disagrees(ref: GuidelineRef, topic: GuidelineTopic) -> bool:
    if ref.source in (GuidelineSource.ACOEM, GuidelineSource.ACUPUNCTURE) or not ref.topic:
        return False
    names = {_norm(topic.meta.topic), _norm(topic.meta.section)}
    return _norm(ref.topic) not in names


def letter_findings(letters: Sequence[Letter], topics: Sequence[GuidelineTopic]) -> list[str]:
    """MAXIMUS lines of the letters that map to no topic, or name or page it differently."""
    index = TopicIndex(topics)
    by_id = {topic.id: topic for topic in topics}
    findings = []
    for letter in letters:
        for number, item in enumerate(letter.items, 1):
            where = f"{letter.letter_id} item {number}"
            for ref in item.maximus_refs:
                if ref.source is GuidelineSource.NONE:
                    continue
                candidates = [by_id[topic_id] for topic_id in index.topics_for(ref)]
                if not candidates:
                    findings.append(f"{where}: {ref.raw!r} cites no topic of the corpus")
                    continue
                topic = next((t for t in candidates if not _name_disagrees(ref, t)), candidates[0])
                topic_id = topic.id
                if _name_disagrees(ref, topic):
                    findings.append(
                        f"{where}: names {ref.topic!r}; topic {topic_id} is {topic.meta.topic!r}"
                    )
                extra = sorted(set(ref.pages) - set(topic.meta.pages))
                if extra and not is_section_style(ref):
                    findings.append(
                        f"{where}: cites page {format_pages(extra)}, not a page of {topic_id} "
                        f"({format_pages(topic.meta.pages) or 'no pages'})"
                    )
    return findings


def lint_corpus(corpus: Path) -> list[str]:
    """Every finding of the corpus at `corpus` (its guidelines/ and determinations/)."""
    topics = load_topics(corpus / "guidelines")
    letters = [read_letter(path) for path in sorted((corpus / "determinations").glob("*.txt"))]
    return shared_page_findings(topics) + letter_findings(letters, topics)
