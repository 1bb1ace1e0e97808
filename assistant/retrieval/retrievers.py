"""LangChain retrievers over the corpus, so chains compose retrieval like any other runnable."""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict, Field

from assistant.corpus.chunks import ChunkKind
from assistant.retrieval.hybrid import CorpusSearcher
from assistant.retrieval.models import Mode, RetrievalFilter, RetrievedChunk


def to_document(hit: RetrievedChunk) -> Document:
    return Document(id=hit.chunk_id, page_content=hit.text, metadata=hit.row())


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
