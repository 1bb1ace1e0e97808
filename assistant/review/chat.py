"""Grounded answers about a case: guideline excerpts retrieved for the question and the case
sentences that share most words with it, cited as [G1] and [S3].

Offline, the answer quotes what was found, with its citations. With a configured model, the
model writes the answer from the same excerpts and sentences and it is streamed as it comes
(see `assistant.llm.registry`: the backend chosen by settings answers).
"""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from assistant.corpus.chunks import ChunkKind
from assistant.drafting.evidence import CaseSentence, case_sentences
from assistant.drafting.matching import relevant_sentences
from assistant.letters.refs import format_pages
from assistant.llm.counting import Message
from assistant.llm.registry import backend_for
from assistant.prompts import PromptSet, as_messages
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.retrieval.models import RetrievedChunk
from assistant.review.models import ChatCitation
from assistant.settings import Settings
from assistant.text import content_words, split_sentences

CASE_SENTENCES = 3


class ChatContext(BaseModel):
    """What an answer may rely on, by the label it is cited with."""

    model_config = ConfigDict(frozen=True)

    question: str
    excerpts: list[RetrievedChunk]
    sentences: list[CaseSentence]

    def citations(self) -> list[ChatCitation]:
        excerpts = [
            ChatCitation(marker=f"G{number}", label=excerpt_label(hit), text=hit.text)
            for number, hit in enumerate(self.excerpts, 1)
        ]
        case = [
            ChatCitation(marker=sentence.id, label="Case summary", text=sentence.text)
            for sentence in self.sentences
        ]
        return excerpts + case


def excerpt_label(hit: RetrievedChunk) -> str:
    """Source, chapter, section and pages of an excerpt, as a reviewer reads them."""
    meta = hit.meta
    parts = [meta.source.value]
    if meta.chapter is not None:
        parts.append(
            f"Chapter {meta.chapter}" + (f" {meta.chapter_title}" if meta.chapter_title else "")
        )
    if meta.topic:
        parts.append(meta.topic)
    if meta.section:
        parts.append(meta.section)
    if meta.pages:
        parts.append(f"pages {format_pages(meta.pages)}")
    return ", ".join(parts)


def asked_sentences(question: str, summary: str) -> list[CaseSentence]:
    """The case sentences sharing most content words with the question, in summary order."""
    sentences = case_sentences(summary)
    best = relevant_sentences(content_words(question), sentences)[:CASE_SENTENCES]
    chosen = {sentence.id for sentence in best}
    return [sentence for sentence in sentences if sentence.id in chosen]


def chat_context(question: str, summary: str, searcher: CorpusSearcher, k: int = 3) -> ChatContext:
    return ChatContext(
        question=question,
        excerpts=searcher.search(question, kind=ChunkKind.GUIDELINE, k=k),
        sentences=asked_sentences(question, summary),
    )


def _first_sentences(text: str, count: int = 2) -> str:
    return " ".join(split_sentences(text)[:count])


def offline_answer(context: ChatContext) -> str:
    """The excerpts and case sentences found for the question, quoted with their citations."""
    if not context.excerpts and not context.sentences:
        return "Nothing in the guideline corpus or the case summary matches this question."
    parts: list[str] = []
    for number, hit in enumerate(context.excerpts, 1):
        parts.append(f"{excerpt_label(hit)}: {_first_sentences(hit.text)} [G{number}]")
    for sentence in context.sentences:
        parts.append(f"In this case, {sentence.text} [{sentence.id}]")
    return "\n\n".join(parts)


def chat_messages(context: ChatContext, prompts: PromptSet) -> list[Message]:
    excerpts = "\n\n".join(
        f"[G{number}] {excerpt_label(hit)}\n{hit.text}"
        for number, hit in enumerate(context.excerpts, 1)
    )
    case = "\n".join(f"{sentence.id}: {sentence.text}" for sentence in context.sentences)
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
