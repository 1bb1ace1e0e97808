"""Grounded answers about a case: guideline excerpts retrieved for the question's subject, the
case sentences that share most words with it and, for a case made from its records, the record
pages that match it best, cited as [G1], [S3] and [R1] ("Records p. 12").

Offline, the answer is extractive: the one or two excerpt statements that answer the question
(chosen by its intent: a duration, a visit count, a dose, criteria), then the excerpts quoted
with readable labels, then the case sentences. With a configured model, the model writes the
answer in the same shape from the same excerpts and sentences, streamed as it comes (see
`assistant.llm.registry`: the backend chosen by settings answers).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from assistant.chat.answer import answer_first, markers, offline_answer_text
from assistant.chat.intent import Intent, question_intent, search_query
from assistant.chat.labels import excerpt_body, readable_label
from assistant.chat.records import RecordExcerpt, record_excerpts, record_quote
from assistant.corpus.chunks import ChunkKind
from assistant.drafting.evidence import CaseSentence, case_sentences
from assistant.drafting.excerpts import Section, section_of
from assistant.drafting.matching import relevant_sentences
from assistant.letters.sources import GuidelineSource
from assistant.llm.counting import Message
from assistant.llm.registry import backend_for
from assistant.prompts import PromptSet, as_messages
from assistant.retrieval.hybrid import CorpusSearcher, is_postoperative
from assistant.retrieval.models import RetrievalFilter, RetrievedChunk
from assistant.review.models import ChatCitation
from assistant.review.records import CaseRecords
from assistant.settings import Settings
from assistant.text import content_words

CASE_SENTENCES = 3
EXCERPTS = 5
TOPICS = 3


class ChatContext(BaseModel):
    """What an answer may rely on, by the label it is cited with."""

    model_config = ConfigDict(frozen=True)

    question: str
    excerpts: list[RetrievedChunk]
    sentences: list[CaseSentence]
    records: list[RecordExcerpt] = []

    def citations(self, answer: str = "") -> list[ChatCitation]:
        """The excerpts, case sentences and record pages the answer cites (all of them when it
        cites none)."""
        excerpts = [
            ChatCitation(
                marker=f"G{number}",
                label=readable_label(hit.meta),
                text=excerpt_body(hit.text),
                chunk_id=hit.chunk_id,
                citation=hit.citation,
                pages=list(hit.meta.pages),
                source=str(hit.meta.source),
                section=hit.meta.section,
                topic_id=hit.meta.topic_id,
            )
            for number, hit in enumerate(self.excerpts, 1)
        ]
        case = [
            ChatCitation(marker=sentence.id, label="Case summary", text=sentence.text)
            for sentence in self.sentences
        ]
        pages = [
            ChatCitation(
                marker=excerpt.marker,
                label=excerpt.label,
                text=record_quote(self.question, excerpt),
                pages=[excerpt.page],
            )
            for excerpt in self.records
        ]
        every = excerpts + case + pages
        cited = set(markers(answer))
        return [citation for citation in every if citation.marker in cited] if cited else every


def asked_sentences(question: str, summary: str) -> list[CaseSentence]:
    """The case sentences sharing most content words with the question, in summary order."""
    sentences = case_sentences(summary)
    best = relevant_sentences(content_words(question), sentences)[:CASE_SENTENCES]
    chosen = {sentence.id for sentence in best}
    return [sentence for sentence in sentences if sentence.id in chosen]


def chat_context(
    question: str,
    summary: str,
    searcher: CorpusSearcher,
    k: int = EXCERPTS,
    records: CaseRecords | None = None,
) -> ChatContext:
    """The excerpts found for the question's subject (not its question words: "what does MTUS
    say" would find the MTUS framework topics), the case sentences it concerns and the record
    pages that match it.

    Therapy visits after an operation are the Postsurgical guidelines' to count: their best
    topics come first. Each topic found brings its Summary and Criteria, where its figures are;
    the excerpts holding the answer's statements come first.
    """
    query = search_query(question)
    found = searcher.search(query, kind=ChunkKind.GUIDELINE, k=k)
    if is_postoperative(question) and question_intent(question) is Intent.VISITS:
        postsurgical = RetrievalFilter(source=GuidelineSource.POSTSURGICAL.value)
        found = searcher.search(query, kind=ChunkKind.GUIDELINE, k=k, where=postsurgical) + found
    return ChatContext(
        question=question,
        excerpts=answer_first(question, _with_topic_facts(found, searcher, TOPICS)),
        sentences=asked_sentences(question, summary),
        records=record_excerpts(question, records),
    )


def _with_topic_facts(
    found: list[RetrievedChunk], searcher: CorpusSearcher, topics: int
) -> list[RetrievedChunk]:
    """The hits of the first `topics` topics, grouped by topic in the order found, each topic's
    Summary and Criteria added before its other hits."""
    order: list[str] = []
    hits: dict[str, list[RetrievedChunk]] = {}
    for hit in found:
        topic = hit.meta.topic_id or hit.chunk_id
        if topic not in hits:
            if len(order) == topics:
                continue
            order.append(topic)
            hits[topic] = []
        hits[topic].append(hit)
    excerpts: list[RetrievedChunk] = []
    for topic in order:
        facts = [
            chunk
            for chunk in searcher.topic_chunks(topic)
            if section_of(chunk.meta.section) in (Section.SUMMARY, Section.CRITERIA)
        ]
        known = {hit.chunk_id for hit in facts}
        extra = [hit for hit in hits[topic] if hit.chunk_id not in known]
        excerpts.extend(_unique(facts + extra))
    return excerpts


def _unique(hits: list[RetrievedChunk]) -> list[RetrievedChunk]:
    return list({hit.chunk_id: hit for hit in hits}.values())


def offline_answer(context: ChatContext) -> str:
    """The extractive answer, the excerpts it rests on and the case sentences, with citations."""
    return offline_answer_text(
        context.question, context.excerpts, context.sentences, context.records
    )


def chat_messages(context: ChatContext, prompts: PromptSet) -> list[Message]:
    excerpts = "\n\n".join(
        f"[G{number}] {readable_label(hit.meta)}, {hit.meta.section or 'excerpt'}\n"
        f"{excerpt_body(hit.text)}"
        for number, hit in enumerate(context.excerpts, 1)
    )
    case = "\n".join(
        [f"{sentence.id}: {sentence.text}" for sentence in context.sentences]
        + [
            f"{page.marker} ({page.label}): {' '.join(page.text.split())}"
            for page in context.records
        ]
    )
    rendered = prompts.chat(("chat_system",), "chat_question").invoke(
        {
            "excerpts": excerpts or "(none found)",
            "case": case or "(no matching sentence)",
            "question": context.question,
        }
    )
    return as_messages(rendered)


def stream_answer(context: ChatContext, settings: Settings, prompts: PromptSet) -> Iterator[str]:
    """The answer in pieces, from the model the settings choose."""
    return backend_for(settings.llm, settings.privacy).chat_stream(context, prompts)
