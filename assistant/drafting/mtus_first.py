"""The "MTUS first" rule: which retrieved guideline topic the guideline line must cite first.

The MTUS governs; the ODG (or another source) is cited alone only where no MTUS topic addresses the
request. An MTUS topic addresses it when the request names it (an alias match) or when it ranks
among the `MTUS_FIRST_TOPICS` best topics retrieved. On the 211 items of the public letters whose
reviewer cited a guideline, this rule agrees with whether the reviewer cited the MTUS on 172, a
rank-first-only rule on 171.
"""

from __future__ import annotations

from collections.abc import Sequence

from assistant.letters.sources import is_mtus
from assistant.retrieval.models import RetrievedChunk

MTUS_FIRST_TOPICS = 2


def topic_key(hit: RetrievedChunk) -> str:
    """The topic a chunk belongs to; a chunk without one stands alone."""
    return hit.meta.topic_id or hit.chunk_id


def ranked_topics(hits: Sequence[RetrievedChunk]) -> list[tuple[str, bool]]:
    """Each topic of the hits, best first, as (source, named by the request)."""
    topics: dict[str, tuple[str, bool]] = {}
    for hit in hits:
        source, named = topics.get(topic_key(hit), (hit.meta.source, False))
        topics[topic_key(hit)] = (source, named or hit.alias_rank is not None)
    return list(topics.values())


def mtus_first(topics: Sequence[tuple[str, bool]]) -> int | None:
    """The rank of the MTUS topic to cite first among (source, named) topics, best first; None
    when no MTUS topic addresses the request."""
    return next(
        (
            rank
            for rank, (source, named) in enumerate(topics)
            if is_mtus(source) and (named or rank < MTUS_FIRST_TOPICS)
        ),
        None,
    )
