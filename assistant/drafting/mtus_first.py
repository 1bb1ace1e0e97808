"""The "MTUS first" rule: which retrieved guideline topic the guideline line must cite first.

The MTUS governs; the ODG (or another source) is cited alone only where no MTUS topic addresses the
request. Only topics of the request's body region (or of no region in particular) are candidates:
the low back chapter does not address a hip MRI however high it ranks, unless no retrieved topic
is of the region. An MTUS candidate addresses the request when the request names it (an alias
match) or when it ranks among the `top` best candidates. Where no MTUS topic addresses the
request, the best candidate guideline (MTUS or ODG) is cited, and a statute or another source only
when no guideline was retrieved.

`evals/family_sweep.py` measures the rule's settings on one fixed half of the public letters and
reports the other half; the region check and the guideline-before-statute fallback were kept
because they gain on that half and lose nothing on the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from assistant.corpus.classify import body_region_of
from assistant.letters.sources import GuidelineSource, is_mtus
from assistant.retrieval.models import RetrievedChunk

GENERAL = "general"


class RankedTopic(NamedTuple):
    """One retrieved topic as the rule sees it: its source, whether the request names it, and
    the body regions it is about."""

    source: str
    named: bool
    regions: tuple[str, ...] = ()

    def fits(self, region: str) -> bool:
        """The topic is about the region (a topic of no region in particular fits every one)."""
        return region == GENERAL or not self.regions or bool({GENERAL, region} & set(self.regions))


def topic_key(hit: RetrievedChunk) -> str:
    """The topic a chunk belongs to; a chunk without one stands alone."""
    return hit.meta.topic_id or hit.chunk_id


def ranked_topics(hits: Sequence[RetrievedChunk]) -> list[RankedTopic]:
    """Each topic of the hits, best first."""
    topics: dict[str, RankedTopic] = {}
    for hit in hits:
        known = topics.get(topic_key(hit))
        if known is None:
            known = RankedTopic(hit.meta.source, False, tuple(hit.meta.body_regions))
        topics[topic_key(hit)] = known._replace(named=known.named or hit.alias_rank is not None)
    return list(topics.values())


class TopicChoice(BaseModel):
    """The rule's settings: how many best candidates an MTUS topic may rank among, whether
    topics of another body region are set aside, and whether a guideline comes before a statute
    when no MTUS topic addresses the request."""

    model_config = ConfigDict(frozen=True)

    top: int = 2
    region_check: bool = True
    skip_other: bool = True

    def _candidates(self, topics: Sequence[RankedTopic], title: str) -> list[int]:
        """The ranks of the topics the rule considers: with `region_check`, those that fit the
        body region the request names, unless none does."""
        ranks = list(range(len(topics)))
        if not self.region_check:
            return ranks
        region = body_region_of(title)
        return [rank for rank in ranks if topics[rank].fits(region)] or ranks

    def mtus_rank(self, topics: Sequence[RankedTopic], title: str = "") -> int | None:
        """The rank of the MTUS topic to cite first; None when no MTUS topic addresses the
        request (then no MTUS citation is expected)."""
        return next(
            (
                rank
                for place, rank in enumerate(self._candidates(topics, title))
                if is_mtus(topics[rank].source) and (topics[rank].named or place < self.top)
            ),
            None,
        )

    def primary(self, topics: Sequence[RankedTopic], title: str = "") -> int | None:
        """The rank of the topic the guideline line cites first; None when there is none."""
        if not topics:
            return None
        found = self.mtus_rank(topics, title)
        if found is not None:
            return found
        candidates = self._candidates(topics, title)
        if self.skip_other:
            guidelines = [r for r in candidates if topics[r].source != GuidelineSource.OTHER]
            candidates = guidelines or candidates
        return candidates[0]


RULE = TopicChoice()
"""The rule the offline model and validation apply."""


def mtus_first(
    topics: Sequence[RankedTopic], title: str = "", rule: TopicChoice = RULE
) -> int | None:
    """The rank of the MTUS topic to cite first among the ranked topics; None when no MTUS topic
    addresses the request."""
    return rule.mtus_rank(topics, title)
