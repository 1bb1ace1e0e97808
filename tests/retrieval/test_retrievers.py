"""The LangChain retrievers compose like any runnable and honour leave-one-out exclusion."""

from __future__ import annotations

from assistant.retrieval.factory import build_searcher
from assistant.retrieval.retrievers import determination_retriever, guideline_retriever
from assistant.settings import Settings


def test_guideline_retriever_returns_documents_with_citation_metadata(
    ingested_env: Settings,
) -> None:
    retriever = guideline_retriever(build_searcher(ingested_env), k=3)
    documents = retriever.invoke("Trigger point injection to the cervical spine")
    assert len(documents) == 3
    first = documents[0]
    assert first.metadata["topic_id"] == "cpmtg-trigger-point-injections"
    assert first.metadata["citation"].endswith("Trigger point injections Page(s): 122")
    assert first.id == first.metadata["chunk_id"]
    batch = retriever.batch(["Norco 10/325 #90", "TENS unit rental"])
    assert [len(documents) for documents in batch] == [3, 3]


def test_determination_retriever_leaves_out_the_excluded_letters(ingested_env: Settings) -> None:
    searcher = build_searcher(ingested_env)
    everything = determination_retriever(searcher, k=10).invoke("lumbar epidural steroid injection")
    letters = {document.metadata["letter_id"] for document in everything}
    assert letters
    excluded = sorted(letters)[:2]
    remaining = determination_retriever(searcher, k=10, exclude_letter_ids=excluded).invoke(
        "lumbar epidural steroid injection"
    )
    assert remaining
    assert not {document.metadata["letter_id"] for document in remaining} & set(excluded)
