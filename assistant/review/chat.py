"""Grounded answers about a case: guideline excerpts retrieved for the question and the case
sentences that share most words with it, cited as [G1] and [S3].

Offline, the answer quotes what was found, with its citations. With a configured model, the
model writes the answer from the same excerpts and sentences and it is streamed as it comes;
identifiers in what it is sent are replaced by placeholders (IMR_PRIVACY__PSEUDONYMIZE) and put
back in the answer as it streams.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from pydantic import BaseModel, ConfigDict

from assistant.corpus.chunks import ChunkKind
from assistant.drafting.evidence import CaseSentence, case_sentences
from assistant.letters.refs import format_pages
from assistant.llm.openai_chat import chat_model, to_messages
from assistant.privacy.messages import pseudonymize_messages, restore_stream
from assistant.prompts import PromptSet
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.retrieval.models import RetrievedChunk
from assistant.review.models import ChatCitation
from assistant.settings import Settings

CASE_SENTENCES = 3
_WORD = re.compile(r"[a-z0-9]+")
_STOPWORDS_TEXT = (
    "the a an and or of to in on for with is are was were be been this that what which who "
    "how does do did has have had it its as at by from any there their than then should would "
    "could can may about case worker injured"
)
_STOPWORDS = frozenset(_STOPWORDS_TEXT.split())
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


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


def _words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in _STOPWORDS}


def relevant_sentences(
    question: str, summary: str, limit: int = CASE_SENTENCES
) -> list[CaseSentence]:
    """The case sentences sharing most words with the question, in summary order."""
    asked = _words(question)
    scored = [
        (len(asked & _words(sentence.text)), index, sentence)
        for index, sentence in enumerate(case_sentences(summary))
    ]
    best = sorted((entry for entry in scored if entry[0] > 0), key=lambda e: (-e[0], e[1]))[:limit]
    return [sentence for _, _, sentence in sorted(best, key=lambda e: e[1])]


def chat_context(question: str, summary: str, searcher: CorpusSearcher, k: int = 3) -> ChatContext:
    return ChatContext(
        question=question,
        excerpts=searcher.search(question, kind=ChunkKind.GUIDELINE, k=k),
        sentences=relevant_sentences(question, summary),
    )


def _first_sentences(text: str, count: int = 2) -> str:
    flat = " ".join(text.split())
    return " ".join(_SENTENCE_END.split(flat)[:count])


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


def chat_messages(context: ChatContext, prompts: PromptSet) -> list[tuple[str, str]]:
    excerpts = "\n\n".join(
        f"[G{number}] {excerpt_label(hit)}\n{hit.text}"
        for number, hit in enumerate(context.excerpts, 1)
    )
    case = "\n".join(f"{sentence.id}: {sentence.text}" for sentence in context.sentences)
    question = prompts.fill(
        "chat_question",
        excerpts=excerpts or "(none found)",
        case=case or "(no matching sentence)",
        question=context.question,
    )
    return [("system", prompts.text("chat_system")), ("user", question)]


def stream_answer(context: ChatContext, settings: Settings, prompts: PromptSet) -> Iterator[str]:
    """The answer in pieces: from the configured model, or the offline answer word by word."""
    if settings.llm.resolved_backend() == "offline":
        for index, word in enumerate(offline_answer(context).split(" ")):
            yield word if index == 0 else " " + word
        return
    model = chat_model(settings.llm)
    messages, mapping = pseudonymize_messages(chat_messages(context, prompts), settings.privacy)
    pieces = (chunk.text for chunk in model.stream(to_messages(messages)))
    yield from restore_stream((text for text in pieces if text), mapping)
