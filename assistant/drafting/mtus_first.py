"""The "MTUS first" rule: which retrieved guideline topic the guideline line must cite first.

The MTUS governs; the ODG (or another source) is cited alone only where no MTUS topic addresses the
request. Only topics of the request's body region (or of no region in particular) are candidates:
the low back chapter does not address a hip MRI however high it ranks, unless no retrieved topic is
of the region. Besides a joint or a spinal region, a request may name a whole limb ("EMG of the
upper extremity": the topics of its joints and of the spine that serves it fit, and a topic of the
whole limb comes before one of a single joint; imaging of a limb shows the limb, so for an MRI or
x-rays of a limb only its joints' topics fit, not the spine's) or the head (only topics of no region
fit). A request that names no region is read in the region the case's summary names most often (none
on a tie). A test before surgery (labs, an ECG) is addressed by the pre-operative topics, which the
MTUS lacks. An MTUS candidate addresses the request when the request names it (an alias match) or
when it ranks among the `top` best candidates. A topic is MTUS when the case's letters cite it from
the MTUS: from 2016 on, the ODG Pain topics the 2016 CPMTG took over (office visits,
electrodiagnostic testing) are. Where no MTUS topic addresses the request, the best candidate
guideline (MTUS or ODG) is cited, and a statute or another source only when no guideline was
retrieved.

`evals/family_sweep.py` measures the rule's settings on one fixed half of the public letters and
reports the other half; each setting was kept because it gains on that half (the whole-limb order
once the corpus holds the 2016 CPMTG electrodiagnostic topic; imaging of a limb held to its joints;
the case's region for a request that names none) and loses nothing there; the pre-operative rule is
neutral on it, whose pre-operative items cite no guideline.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict

from assistant.corpus.chunks import ChunkMeta
from assistant.corpus.classify import (
    GENERAL,
    LIMBS,
    body_region_of,
    case_region,
    is_imaging,
    region_fits,
    region_spans,
    request_region,
)
from assistant.letters.eras import CitationStyle
from assistant.letters.sources import GuidelineSource, is_mtus
from assistant.retrieval.models import RetrievedChunk


class RankedTopic(NamedTuple):
    """One retrieved topic as the rule sees it: its source, whether the request names it, and
    the body regions it is about."""

    source: str
    named: bool
    regions: tuple[str, ...] = ()
    preoperative: bool = False

    def fits(self, region: str, joints_only: bool = False) -> bool:
        """The topic is about the region (a topic of no region in particular fits every one);
        with `joints_only`, about a joint of a whole limb, not the spine that serves it."""
        return region_fits(region, self.regions, joints_only)

    def spans(self, region: str) -> bool:
        """The topic is about a whole limb the request names: of no region in particular, or of
        more than one of the limb's regions."""
        return region_spans(region, self.regions)


def topic_key(hit: RetrievedChunk) -> str:
    """The topic a chunk belongs to; a chunk without one stands alone."""
    return hit.meta.topic_id or hit.chunk_id


_PREOPERATIVE = re.compile(r"\bpre-?\s?op(erative)?\b|\b(before|prior to) surgery\b", re.I)
_VISIT = re.compile(r"clearance|consult|evaluation|visit|\bh&p\b|history and physical", re.I)


def is_preoperative(text: str) -> bool:
    """Whether a request or a topic is about care before surgery."""
    return bool(_PREOPERATIVE.search(text))


def is_preoperative_test(title: str) -> bool:
    """Whether a request is a test before surgery (labs, an ECG, an x-ray), not a clearance
    visit or a consultation."""
    return is_preoperative(title) and not _VISIT.search(title)


def cited_source(meta: ChunkMeta, style: CitationStyle = CitationStyle.PAGES) -> str:
    """The guideline a letter of the style cites the topic from: the 2016 CPMTG took over some
    ODG Pain topics (office visits, ...), which letters from 2016 on cite as MTUS."""
    if style is CitationStyle.SECTIONS and meta.cited_section_source is not None:
        return meta.cited_section_source
    return meta.source


def ranked_topics(
    hits: Sequence[RetrievedChunk], style: CitationStyle = CitationStyle.PAGES
) -> list[RankedTopic]:
    """Each topic of the hits, best first, with the source a letter of the style cites it from."""
    topics: dict[str, RankedTopic] = {}
    for hit in hits:
        known = topics.get(topic_key(hit))
        if known is None:
            known = RankedTopic(
                cited_source(hit.meta, style),
                False,
                tuple(hit.meta.body_regions),
                is_preoperative(hit.meta.topic or hit.meta.title),
            )
        topics[topic_key(hit)] = known._replace(named=known.named or hit.alias_rank is not None)
    return list(topics.values())


class TopicChoice(BaseModel):
    """The rule's settings: how many best candidates an MTUS topic may rank among, whether
    topics of another body region are set aside, whether a guideline comes before a statute
    when no MTUS topic addresses the request, whether a request may name a whole limb or the
    head, whether a whole-limb topic comes first for a whole limb, whether a test before
    surgery is held to the pre-operative topics, and whether imaging of a whole limb is held to
    the limb's joints (not the spine)."""

    model_config = ConfigDict(frozen=True)

    top: int = 2
    region_check: bool = True
    skip_other: bool = True
    wider_regions: bool = True
    whole_limb: bool = True
    preoperative_tests: bool = True
    limb_imaging: bool = True
    case_region: bool = True

    def _candidates(
        self, topics: Sequence[RankedTopic], title: str, summary: str = ""
    ) -> list[int]:
        """The ranks of the topics the rule considers: with `region_check`, those that fit the
        body region the request names (with `case_region`, when it names none, the region the
        case's summary names most), unless none does (of those, the pre-operative topics for a
        test before surgery, and whole-limb topics first for a whole limb)."""
        ranks = list(range(len(topics)))
        if not self.region_check:
            return ranks
        region = request_region(title) if self.wider_regions else body_region_of(title)
        if region == GENERAL and self.case_region:
            region = case_region(summary)
        joints_only = self.limb_imaging and is_imaging(title)
        fitting = [rank for rank in ranks if topics[rank].fits(region, joints_only)] or ranks
        if self.preoperative_tests and is_preoperative_test(title):
            fitting = [rank for rank in fitting if topics[rank].preoperative] or fitting
        if region not in LIMBS or not self.whole_limb:
            return fitting
        return sorted(fitting, key=lambda rank: not topics[rank].spans(region))

    def mtus_rank(
        self, topics: Sequence[RankedTopic], title: str = "", summary: str = ""
    ) -> int | None:
        """The rank of the MTUS topic to cite first; None when no MTUS topic addresses the
        request (then no MTUS citation is expected)."""
        return next(
            (
                rank
                for place, rank in enumerate(self._candidates(topics, title, summary))
                if is_mtus(topics[rank].source) and (topics[rank].named or place < self.top)
            ),
            None,
        )

    def primary(
        self, topics: Sequence[RankedTopic], title: str = "", summary: str = ""
    ) -> int | None:
        """The rank of the topic the guideline line cites first; None when there is none."""
        if not topics:
            return None
        found = self.mtus_rank(topics, title, summary)
        if found is not None:
            return found
        candidates = self._candidates(topics, title, summary)
        if self.skip_other:
            guidelines = [r for r in candidates if topics[r].source != GuidelineSource.OTHER]
            candidates = guidelines or candidates
        return candidates[0]


RULE = TopicChoice()
"""The rule the offline model and validation apply."""


def mtus_first(
    topics: Sequence[RankedTopic], title: str = "", rule: TopicChoice = RULE, summary: str = ""
) -> int | None:
    """The rank of the MTUS topic to cite first among the ranked topics; None when no MTUS topic
    addresses the request."""
    return rule.mtus_rank(topics, title, summary)
