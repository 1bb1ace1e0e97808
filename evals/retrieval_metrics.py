"""Ranking metrics for the labelled retrieval set, computed over distinct topics in rank order."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel


class LabelledQuery(BaseModel):
    """A query written the way an item title reads in a letter, with the topic(s) it should find."""

    query: str
    topics: list[str]
    note: str = ""


class RankingScores(BaseModel):
    queries: int
    recall_at_1: float
    recall_at_5: float
    mrr: float


def distinct(topic_ids: Sequence[str | None]) -> list[str]:
    """Topic ids in first-seen order (chunks of the same topic collapse into one rank)."""
    seen: list[str] = []
    for topic_id in topic_ids:
        if topic_id and topic_id not in seen:
            seen.append(topic_id)
    return seen


def first_hit_rank(ranking: Sequence[str], relevant: set[str]) -> int | None:
    for rank, topic_id in enumerate(ranking, start=1):
        if topic_id in relevant:
            return rank
    return None


def score_rankings(
    rankings: Sequence[Sequence[str]], labels: Sequence[LabelledQuery]
) -> RankingScores:
    """recall@1, recall@5 and MRR (reciprocal rank of the first relevant topic; 0 when absent)."""
    ranks = [
        first_hit_rank(ranking, set(label.topics))
        for ranking, label in zip(rankings, labels, strict=True)
    ]
    total = len(ranks)
    if total == 0:
        return RankingScores(queries=0, recall_at_1=0.0, recall_at_5=0.0, mrr=0.0)
    return RankingScores(
        queries=total,
        recall_at_1=sum(1 for rank in ranks if rank is not None and rank <= 1) / total,
        recall_at_5=sum(1 for rank in ranks if rank is not None and rank <= 5) / total,
        mrr=sum(1.0 / rank for rank in ranks if rank is not None) / total,
    )
