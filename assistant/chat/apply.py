"""A chat answer as an item's rationale: which item it is about, whether it can be one, the
sentences and citations the new version keeps, and the change shown before saving."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from assistant.chat.answer import MARKER, answer_paragraph, markers
from assistant.drafting.result import Citation, ItemDraft
from assistant.drafting.schema import RationaleSentence, StatementKind
from assistant.letters.models import Decision
from assistant.llm.usage import Usage
from assistant.review.models import ChatCitation
from assistant.text import content_words, split_sentences

TITLE_WEIGHT = 0.5


class ItemSubject(BaseModel):
    """An item and the guideline topics it concerns (found for its title, cited by its draft)."""

    model_config = ConfigDict(frozen=True)

    item_id: int
    title: str
    topics: frozenset[str]


def related(topic: str, other: str) -> bool:
    """The same topic, or one a subsection of the other ("cpmtg-opioids-dosing" of
    "cpmtg-opioids")."""
    return topic == other or topic.startswith(f"{other}-") or other.startswith(f"{topic}-")


def answer_topics(content: str, citations: Sequence[ChatCitation]) -> list[str]:
    """The topics of the excerpts the answer itself (its first paragraph) cites."""
    cited = set(markers(answer_paragraph(content)))
    return list(
        dict.fromkeys(
            citation.topic_id
            for citation in citations
            if citation.marker in cited and citation.topic_id
        )
    )


def concerns(subject: ItemSubject, topics: Iterable[str]) -> bool:
    return any(related(topic, mine) for topic in topics for mine in subject.topics)


def target_item(question: str, topics: list[str], subjects: Sequence[ItemSubject]) -> int | None:
    """The item the question and its answer are about: most cited topics of its own, then most
    title words in the question; None when nothing points to any item."""
    asked = content_words(question)

    def score(subject: ItemSubject) -> float:
        shared = sum(any(related(topic, mine) for mine in subject.topics) for topic in topics)
        return shared + TITLE_WEIGHT * len(asked & content_words(subject.title))

    scored = [
        (score(subject), -position, subject.item_id) for position, subject in enumerate(subjects)
    ]
    best = max(scored, default=None)
    return best[2] if best is not None and best[0] > 0 else None


def rationale_problem(
    content: str, citations: Sequence[ChatCitation], subject: ItemSubject
) -> str | None:
    """Why the answer cannot be this item's rationale, in words for the reviewer; None when it
    can: it must cite a guideline excerpt, and one about this item."""
    topics = answer_topics(content, citations)
    if not any(marker.startswith("G") for marker in markers(answer_paragraph(content))):
        return (
            "This answer cites no guideline excerpt, so it cannot be a rationale. "
            "Ask about the guideline for this item first."
        )
    if topics and subject.topics and not concerns(subject, topics):
        labels = ", ".join(dict.fromkeys(c.label for c in citations if c.topic_id in topics))
        return (
            f"This answer cites nothing about {subject.title} (it rests on {labels}). "
            "Ask about this item, or pick the item the answer is about."
        )
    return None


def rationale_sentences(content: str, citations: Sequence[ChatCitation]) -> list[RationaleSentence]:
    """The answer's sentences without their markers, each citing what its markers named."""
    chunks = {citation.marker: citation.chunk_id for citation in citations if citation.chunk_id}
    sentences: list[RationaleSentence] = []
    for sentence in split_sentences(answer_paragraph(content)):
        named = MARKER.findall(sentence)
        text = " ".join(MARKER.sub("", sentence).split())
        if text.strip(" .") == "":
            continue
        excerpts = [chunks[marker] for marker in named if marker in chunks]
        case = [marker for marker in named if marker.startswith("S")]
        if excerpts or not case:
            sentences.append(
                RationaleSentence(text=text, kind=StatementKind.GUIDELINE, cites=excerpts)
            )
        else:
            sentences.append(RationaleSentence(text=text, kind=StatementKind.CASE, cites=case))
    return sentences


def rationale_text(content: str, citations: Sequence[ChatCitation]) -> str:
    return " ".join(sentence.text for sentence in rationale_sentences(content, citations))


def applied_draft(
    base: ItemDraft | None,
    *,
    title: str,
    decision: Decision | None,
    maximus_guideline: str,
    content: str,
    citations: Sequence[ChatCitation],
) -> ItemDraft:
    """The draft a chat rationale is saved with: its sentences and the excerpts they cite, so
    the item's citations are the answer's, not those of the draft it replaces; the closing
    sentence that states the item's decision stays."""
    sentences = rationale_sentences(content, citations)
    cited = {chunk for sentence in sentences for chunk in sentence.cites}
    excerpts = [
        Citation(
            chunk_id=c.chunk_id,
            citation=c.citation or c.label,
            pages=list(c.pages),
            source=c.source,
            section=c.section,
            text=c.text,
        )
        for c in citations
        if c.chunk_id and c.chunk_id in cited
    ]
    if base is not None:
        return base.model_copy(
            update={
                "sentences": sentences,
                "citations": excerpts,
                "problems": [],
                "retrieved": [c.chunk_id for c in excerpts],
            }
        )
    return ItemDraft(
        title=title,
        decision=decision,
        decision_source="reviewer",
        maximus_guideline=maximus_guideline,
        sentences=sentences,
        closing="",
        citations=excerpts,
        criteria=[],
        problems=[],
        usage=Usage(),
        model="reviewer",
        prompt_version="",
        attempts=0,
        retrieved=[c.chunk_id for c in excerpts],
    )
