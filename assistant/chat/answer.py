"""The offline answer: the one or two excerpt statements that answer the question, chosen by what
the question asks for (its intent) and what it is about, then the excerpts quoted with readable
labels, then the case sentences. A question about what the case's records say (what a study
showed) is answered from the record page found for it, cited as "Records p. 12" [R1]."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from assistant.chat.intent import (
    answers_intent,
    asks_for_odg,
    question_intent,
    states_figure,
    subject_words,
)
from assistant.chat.labels import excerpt_statements, readable_label
from assistant.chat.records import RecordExcerpt, asks_about_records, record_answer, record_quote
from assistant.drafting.evidence import CaseSentence
from assistant.letters.sources import is_mtus
from assistant.retrieval.models import RetrievedChunk
from assistant.text import content_words, normalise_phrase

ANSWER_SENTENCES = 2
QUOTED_PER_EXCERPT = 3
SECOND_SENTENCE_SHARE = 0.75  # a second sentence must score this share of the best one
INTENT_WEIGHT = 2.0
TOPIC_WEIGHT = 0.5
APPLYING_PENALTY = 1.5  # "Upholds UR when" bullets tell how to review, not what the guideline says
FAMILY_WEIGHT = 1.0  # MTUS statements first (presumed correct), unless the question asks ODG
NO_ANSWER = "The guideline excerpts found do not answer this question directly."
NOTHING_FOUND = (
    "Nothing in the guideline corpus, the case summary or the records matches this question."
)
EXCERPTS_HEADING = "Excerpts:"
CASE_HEADING = "In this case:"
MIN_SCORE = 2.0  # without a statement of what was asked, the best one must share this much
FIGURE = re.compile(r"\d+(?:\.\d+)?")
MARKER = re.compile(r"\s*\[(G\d+|S\d+|R\d+)\]")


class Statement(BaseModel):
    """One statement of a retrieved excerpt, scored against the question."""

    model_config = ConfigDict(frozen=True)

    text: str
    excerpt: int  # position of its excerpt, from 0
    order: int  # position within its excerpt
    score: float


def scored_statements(question: str, excerpts: Sequence[RetrievedChunk]) -> list[Statement]:
    """Every statement of the excerpts that shares a subject word with the question or states
    what it asks for, best first."""
    intent = question_intent(question)
    subject = subject_words(question)
    weights = _rarity(subject, excerpts)
    preferred = _preferred_family(question)
    found: list[Statement] = []
    seen: set[str] = set()
    ranks = _topic_ranks(excerpts)
    for position, hit in enumerate(excerpts):
        topic = content_words(f"{hit.meta.title} {hit.meta.topic or ''}")
        penalty = APPLYING_PENALTY if (hit.meta.section or "").startswith("Applying") else 0.0
        for order, text in enumerate(excerpt_statements(hit.text)):
            key = normalise_phrase(text)
            if key in seen:
                continue
            seen.add(key)
            shared = subject & content_words(text)
            cue = answers_intent(text, intent)
            if not shared and not cue:
                continue
            score = (
                sum(weights[word] for word in shared)
                + (INTENT_WEIGHT if cue else 0.0)
                + TOPIC_WEIGHT * sum(weights[word] for word in subject & topic)
                + 1.0 / (ranks[position] + 2)
                + (FAMILY_WEIGHT if is_mtus(str(hit.meta.source)) is preferred else 0.0)
                - penalty
            )
            found.append(Statement(text=text, excerpt=position, order=order, score=score))
    return sorted(found, key=lambda item: (-item.score, item.excerpt, item.order))


def _preferred_family(question: str) -> bool:
    """True when MTUS statements answer best (the default), False when the question asks ODG."""
    return not asks_for_odg(question)


def _topic_ranks(excerpts: Sequence[RetrievedChunk]) -> list[int]:
    """The rank of each excerpt's topic among the topics found (0 for the first)."""
    order: dict[str, int] = {}
    return [order.setdefault(hit.meta.topic_id or hit.chunk_id, len(order)) for hit in excerpts]


def _rarity(subject: frozenset[str], excerpts: Sequence[RetrievedChunk]) -> dict[str, float]:
    """Each subject word's weight: 1 when every excerpt's topic has it, up to 2 when only one
    does (the word that tells the asked treatment apart counts most)."""
    topics: dict[str, set[str]] = {}
    for hit in excerpts:
        topics.setdefault(hit.meta.topic_id or hit.chunk_id, set()).update(content_words(hit.text))
    if not topics:
        return dict.fromkeys(subject, 1.0)
    texts = list(topics.values())
    return {word: 2.0 - sum(word in words for words in texts) / len(texts) for word in subject}


def answer_statements(question: str, excerpts: Sequence[RetrievedChunk]) -> list[Statement]:
    """The one or two statements that answer the question: the best, and a second when it
    scores nearly as well and also states what the question asks for."""
    ranked = scored_statements(question, excerpts)
    intent = question_intent(question)
    figures = [item for item in ranked if states_figure(item.text, intent)]
    stating = figures or [item for item in ranked if answers_intent(item.text, intent)]
    if not stating:
        return ranked[:1] if ranked and ranked[0].score >= MIN_SCORE else []
    best = stating[0]
    chosen = [best]
    for candidate in stating[1:]:
        if len(chosen) == ANSWER_SENTENCES or candidate.score < SECOND_SENTENCE_SHARE * best.score:
            break
        if not _figures(candidate.text) <= _figures(best.text):
            chosen.append(candidate)
    return chosen


def answer_first(question: str, excerpts: Sequence[RetrievedChunk]) -> list[RetrievedChunk]:
    """The excerpts with those the answer quotes first, so that it cites [G1] (and [G2])."""
    quoted = list(dict.fromkeys(item.excerpt for item in answer_statements(question, excerpts)))
    rest = [hit for position, hit in enumerate(excerpts) if position not in quoted]
    return [excerpts[position] for position in quoted] + rest


def _figures(text: str) -> frozenset[str]:
    return frozenset(FIGURE.findall(text))


def _cited(text: str, label: str, marker: str) -> str:
    return f"{text.rstrip(' .;')} ({label}) [{marker}]."


def offline_answer_text(
    question: str,
    excerpts: Sequence[RetrievedChunk],
    sentences: Sequence[CaseSentence],
    records: Sequence[RecordExcerpt] = (),
) -> str:
    """The answer first (one or two sentences), then the excerpts it rests on (record pages
    first when they answer), then the case sentences that share words with the question."""
    if not excerpts and not sentences and not records:
        return NOTHING_FOUND
    from_records, page = (
        record_answer(question, records) if records and asks_about_records(question) else ("", None)
    )
    chosen = [] if from_records else answer_statements(question, excerpts)
    labels = [readable_label(hit.meta) for hit in excerpts]
    if from_records and page is not None:
        answer = _cited(from_records, page.label, page.marker)
    elif chosen:
        answer = " ".join(
            _cited(item.text, labels[item.excerpt], f"G{item.excerpt + 1}") for item in chosen
        )
    else:
        answer = NO_ANSWER
    parts = [answer]
    quoted = _quotes(question, excerpts, chosen) if excerpts else {}
    pages = [_record_quote(question, excerpt) for excerpt in records]
    if quoted or pages:
        parts.append(EXCERPTS_HEADING)
        if from_records:
            parts.extend(pages)
        for position, statements in quoted.items():
            hit = excerpts[position]
            section = f", {hit.meta.section}" if hit.meta.section else ""
            body = " ".join(statements)
            parts.append(f"[G{position + 1}] {labels[position]}{section}: \u201c{body}\u201d")
        if not from_records:
            parts.extend(pages)
    if sentences:
        parts.append(CASE_HEADING)
        parts.extend(f"{sentence.text} [{sentence.id}]" for sentence in sentences)
    return "\n\n".join(parts)


def _record_quote(question: str, excerpt: RecordExcerpt) -> str:
    return f"[{excerpt.marker}] {excerpt.label}: \u201c{record_quote(question, excerpt)}\u201d"


def _quotes(
    question: str, excerpts: Sequence[RetrievedChunk], chosen: list[Statement]
) -> dict[int, list[str]]:
    """Per cited excerpt (the answer's, or the best two when nothing answered), its best
    statements in their own order."""
    ranked = scored_statements(question, excerpts)
    cited = sorted({item.excerpt for item in chosen}) or sorted(
        {item.excerpt for item in ranked[:2]}
    )
    quotes: dict[int, list[str]] = {}
    for position in cited:
        own = [item for item in ranked if item.excerpt == position][:QUOTED_PER_EXCERPT]
        quotes[position] = [item.text for item in sorted(own, key=lambda item: item.order)]
    return quotes


def answer_paragraph(content: str) -> str:
    """The answer itself: the first paragraph of a chat answer."""
    return content.strip().split("\n\n", 1)[0].strip()


def markers(text: str) -> list[str]:
    """The [G1] / [S3] / [R1] labels a text cites, in order, each once."""
    return list(dict.fromkeys(MARKER.findall(text)))
