"""Requests written in plain language or misspelled find the topic a reviewer would cite:
recall@5 over evals/data/plain_language_queries.jsonl with the real hybrid retrieval over the
ingested bundled corpus."""

from __future__ import annotations

from assistant.corpus.topics import load_topics
from assistant.retrieval.factory import build_searcher
from assistant.retrieval.models import Mode
from assistant.settings import Settings
from evals.bench_retrieval import load_queries, rank_topics
from evals.retrieval_metrics import score_rankings
from tests.paths import REPO

QUERIES = REPO / "evals" / "data" / "plain_language_queries.jsonl"


def test_the_set_has_sixty_queries_each_naming_topics_that_exist() -> None:
    labels = load_queries(QUERIES)
    known = {topic.id for topic in load_topics(REPO / "guideline_corpus" / "guidelines")}
    assert len(labels) >= 60
    assert all(label.topics and set(label.topics) <= known for label in labels)


def test_plain_language_requests_find_their_topic_in_the_top_five(ingested_env: Settings) -> None:
    labels = load_queries(QUERIES)
    searcher = build_searcher(ingested_env)
    rankings = [rank_topics(searcher, label.query, Mode.HYBRID) for label in labels]
    misses = [
        (label.query, ranking[:5])
        for label, ranking in zip(labels, rankings, strict=True)
        if not set(label.topics) & set(ranking[:5])
    ]
    assert score_rankings(rankings, labels).recall_at_5 >= 0.9, misses
