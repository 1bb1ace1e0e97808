"""BM25 ranking and the lexical normalisation it relies on."""

from __future__ import annotations

import numpy as np

from assistant.retrieval.bm25 import BM25Index
from assistant.text import normalise_phrase, tokenize

DOCS = [
    "Trigger point injections are limited to myofascial pain with documented twitch response.",
    "Epidural steroid injections need radiculopathy on exam corroborated by imaging.",
    "Physical therapy: 9-10 visits over 8 weeks for myalgia and myositis.",
    "Cyclobenzaprine is a muscle relaxant for short courses of two to three weeks.",
]


def test_tokenize_drops_stopwords_numbers_and_folds_plurals() -> None:
    assert tokenize("The injections, 12 sessions of PT per week") == [
        "injection",
        "session",
        "pt",
        "week",
    ]
    assert tokenize("studies") == ["study"]


def test_normalise_phrase_keeps_numbers_and_single_spaces() -> None:
    assert normalise_phrase("  Norco 10/325  #90 ") == "norco 10 325 90"


def test_the_document_sharing_rare_terms_ranks_first() -> None:
    index = BM25Index(DOCS)
    assert index.top("trigger point injection", 2)[0][0] == 0
    assert index.top("muscle relaxant cyclobenzaprine", 1)[0][0] == 3


def test_scores_are_zero_for_unmatched_documents_and_top_skips_them() -> None:
    index = BM25Index(DOCS)
    scores = index.scores("myositis")
    assert scores[2] > 0
    assert np.count_nonzero(scores) == 1
    assert [doc for doc, _ in index.top("myositis", 4)] == [2]


def test_rare_terms_weigh_more_than_common_ones() -> None:
    index = BM25Index(DOCS)
    assert index.idf("twitch") > index.idf("injection")


def test_mask_restricts_results() -> None:
    index = BM25Index(DOCS)
    allowed = np.array([False, True, True, True])
    assert [doc for doc, _ in index.top("injections", 4, allowed)] == [1]


def test_empty_query_and_empty_index() -> None:
    assert BM25Index(DOCS).top("the of and", 3) == []
    assert BM25Index([]).top("anything", 3) == []
