"""LangChain retrievers over the corpus, so chains compose retrieval like any other runnable.

Each document carries its `RetrievedChunk` under `HIT` in its metadata, next to the
`imr retrieve --json` row, so a chain gets back the typed hit it needs for citations.
"""

from __future__ import annotations

from collections.abc import Sequence

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.corpus.chunks import ChunkKind
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.retrieval.models import Mode, RetrievalFilter, RetrievedChunk

HIT = "hit"


def to_document(hit: RetrievedChunk) -> Document:
    return Document(id=hit.chunk_id, page_content=hit.text, metadata=hit.row() | {HIT: hit})


def hit_of(document: Document) -> RetrievedChunk:
    hit: RetrievedChunk = document.metadata[HIT]
    return hit


class CorpusRetriever(BaseRetriever):
    """Hybrid retrieval of one kind of chunk (guidelines or past determinations)."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: CorpusSearcher
    kind: ChunkKind = ChunkKind.GUIDELINE
    k: int | None = None
    where: RetrievalFilter = Field(default_factory=RetrievalFilter)
    mode: Mode = Mode.HYBRID

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun
    ) -> list[Document]:
        hits = self.searcher.search(
            query, kind=self.kind, k=self.k, where=self.where, mode=self.mode
        )
        return [to_document(hit) for hit in hits]


class EvidenceRetriever(BaseRetriever):
    """What one item is drafted from: guideline chunks, then similar past items.

    The guideline hits come with every chunk of the `expand_topics` best topics, so a draft sees
    a topic's criteria and both halves of "Applying it". Past determinations of
    `exclude_letter_ids` (given per call) are left out, for leave-one-out evals.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: CorpusSearcher
    expand_topics: int = 0

    def _get_relevant_documents(
        self,
        query: str,
        *,
        run_manager: CallbackManagerForRetrieverRun,
        exclude_letter_ids: Sequence[str] = (),
    ) -> list[Document]:
        guidelines = self._guidelines(query)
        examples = self.searcher.search(
            query,
            kind=ChunkKind.DETERMINATION,
            where=RetrievalFilter(exclude_letter_ids=list(exclude_letter_ids)),
        )
        return [to_document(hit) for hit in [*guidelines, *examples]]

    def _guidelines(self, query: str) -> list[RetrievedChunk]:
        guidelines: list[RetrievedChunk] = []
        seen: set[str] = set()
        expanded: list[str] = []
        for hit in self.searcher.search(query, kind=ChunkKind.GUIDELINE):
            topic = hit.meta.topic_id
            family = [hit]
            if topic and topic not in expanded and len(expanded) < self.expand_topics:
                expanded.append(topic)
                family += [
                    sibling
                    for sibling in self.searcher.topic_chunks(topic, hit.score)
                    if sibling.chunk_id != hit.chunk_id
                ]
            for chunk in family:
                if chunk.chunk_id not in seen:
                    seen.add(chunk.chunk_id)
                    guidelines.append(chunk)
        return guidelines


def guideline_retriever(searcher: CorpusSearcher, k: int | None = None) -> CorpusRetriever:
    return CorpusRetriever(searcher=searcher, kind=ChunkKind.GUIDELINE, k=k)


def determination_retriever(
    searcher: CorpusSearcher, k: int | None = None, exclude_letter_ids: list[str] | None = None
) -> CorpusRetriever:
    return CorpusRetriever(
        searcher=searcher,
        kind=ChunkKind.DETERMINATION,
        k=k,
        where=RetrievalFilter(exclude_letter_ids=exclude_letter_ids or []),
    )
