"""Checks, in code, that a draft is citable and grounded; each failure is a named problem.

A draft that fails any check is re-asked with the problems or flagged for the reviewer; it is never
shown as clean.
"""

from __future__ import annotations

import functools
import re
from datetime import date

from pydantic import BaseModel, ConfigDict

from assistant.corpus.confidence import PageConfidence
from assistant.drafting.cites import case_ids, chunk_ids
from assistant.drafting.closing import closing_decision
from assistant.drafting.evidence import CaseSentence
from assistant.drafting.mtus_first import cited_source, mtus_first, ranked_topics
from assistant.drafting.safety import reads_as_instruction
from assistant.drafting.schema import DraftReply, StatementKind
from assistant.letters.eras import CitationStyle, CitationStyleSetting, style_for
from assistant.letters.models import Decision
from assistant.letters.refs import format_pages
from assistant.letters.sources import is_mtus
from assistant.retrieval.models import RetrievedChunk

_PAGE_MENTION = re.compile(r"\b(?:pages?|pp?\.)\s*(\d+(?:\s*(?:-|,|and|to)\s*\d+)*)", re.I)
_NUMBER = re.compile(r"\d+(?:[.,/:-]\d+)*")


CHECK_PAGE = "check_page"
_CONFIDENCE_REASON = {
    PageConfidence.FACT_SHEET_LOW: "the page is less certain (letters may cite it differently)",
    PageConfidence.OUTSIDE: "the page is not confirmed by the project's fact sheet",
}

GUIDELINE_CHECK = "check against the guideline: "
"""How the message of a check_page problem starts, so a stored message (kept
without its code) is still recognised as one."""


def is_guideline_check(message: str) -> bool:
    return message.startswith(GUIDELINE_CHECK)


class Problem(BaseModel):
    """One reason a draft is not clean."""

    model_config = ConfigDict(frozen=True)

    code: str
    message: str


class DraftContext(BaseModel):
    """What a draft of one item may rely on: the chunks retrieved for it and the case."""

    model_config = ConfigDict(frozen=True)

    title: str
    summary: str
    sentences: list[CaseSentence]
    guidelines: list[RetrievedChunk]
    drug_names: frozenset[str] = frozenset()
    reviewer_decision: Decision | None = None
    case_date: date | None = None

    @property
    def style(self) -> CitationStyle:
        """The citation era of the case, which decides the guideline a topic is cited from."""
        return style_for(CitationStyleSetting.AUTO, self.case_date)

    def chunk(self, chunk_id: str) -> RetrievedChunk | None:
        return next((hit for hit in self.guidelines if hit.chunk_id == chunk_id), None)

    @property
    def mtus_expected(self) -> bool:
        """An MTUS topic addresses this request (the "MTUS first" rule).

        When only ODG (or an MTUS topic retrieved by loose similarity) addresses the request, an
        ODG citation alone is right and is rendered as a Non-MTUS Citation.
        """
        topics = ranked_topics(self.guidelines, self.style)
        return mtus_first(topics, self.title, summary=self.summary) is not None


def cited_chunk_ids(reply: DraftReply) -> list[str]:
    """Every chunk id a reply cites, once, in order: its guideline line, its sentences, its
    criteria."""
    return chunk_ids(reply.guideline_chunk_ids, reply.rationale, reply.criteria)


def citation_problems(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """Every cited id is an excerpt the prompt offered for this item (or a sentence of this case);
    a re-ask offers only the excerpts it shows."""
    problems = [
        Problem(
            code="unknown_chunk",
            message=f"cites {chunk_id!r}, which is not among the excerpts offered for this item",
        )
        for chunk_id in cited_chunk_ids(reply)
        if context.chunk(chunk_id) is None
    ]
    known = {sentence.id for sentence in context.sentences}
    instructions = {s.id for s in context.sentences if reads_as_instruction(s.text)}
    problems += [
        Problem(
            code="instruction_as_evidence",
            message=f"relies on case sentence {ref!r}, which reads as an instruction, not a "
            "clinical fact",
        )
        for ref in case_ids(reply.rationale, reply.criteria)
        if ref in instructions
    ]
    problems += [
        Problem(
            code="unknown_case_sentence", message=f"cites case sentence {ref!r}, which is absent"
        )
        for ref in case_ids(reply.rationale, reply.criteria)
        if ref not in known
    ]
    if not reply.guideline_chunk_ids:
        problems.append(Problem(code="no_guideline", message="the guideline line cites no chunk"))
    elif context.mtus_expected and not any(
        (hit := context.chunk(chunk_id)) is not None
        and is_mtus(cited_source(hit.meta, context.style))
        for chunk_id in reply.guideline_chunk_ids
    ):
        problems.append(
            Problem(code="mtus_required", message="an MTUS excerpt was retrieved but none is cited")
        )
    return problems


def closing_problems(reply: DraftReply) -> list[Problem]:
    """The closing sentence states the conclusion the decision requires."""
    if closing_decision(reply.closing) is reply.decision:
        return []
    if reply.decision is Decision.UPHELD:
        return [
            Problem(
                code="closing",
                message="an Upheld item must close '... is not medically necessary.'",
            )
        ]
    return [
        Problem(
            code="closing",
            message="an Overturned item must close '... is medically necessary.'",
        )
    ]


def decision_problems(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """A draft argues the reviewer's decision when one was given."""
    given = context.reviewer_decision
    if given is not None and reply.decision is not given:
        return [
            Problem(
                code="decision_mismatch",
                message=f"the reviewer decided {given.value}; the draft argues "
                f"{reply.decision.value}",
            )
        ]
    return []


def page_problems(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """Pages the rationale mentions are pages of a cited excerpt (not merely named in the case)."""
    cited = [hit for chunk_id in cited_chunk_ids(reply) if (hit := context.chunk(chunk_id))]
    cited_pages = {page for hit in cited for page in hit.meta.pages}
    cited_pages |= {int(number) for hit in cited for number in re.findall(r"\d+", hit.text)}
    written = " ".join([sentence.text for sentence in reply.rationale] + [reply.closing])
    mentioned = {
        int(number)
        for found in _PAGE_MENTION.finditer(written)
        for number in re.findall(r"\d+", found.group(1))
    }
    return [
        Problem(code="unsupported_page", message=f"page {page} is not a page of a cited excerpt")
        for page in sorted(mentioned - cited_pages)
    ]


def structure_problems(reply: DraftReply) -> list[Problem]:
    """The rationale states a guideline criterion and applies it to this case."""
    problems = []
    if any(not sentence.text.strip() for sentence in reply.rationale):
        problems.append(Problem(code="empty_sentence", message="a rationale sentence is empty"))
    if not any(s.kind is StatementKind.GUIDELINE and s.cites for s in reply.rationale):
        problems.append(Problem(code="no_criterion", message="no cited statement of the guideline"))
    if not any(s.kind is StatementKind.CASE and s.cites for s in reply.rationale):
        problems.append(Problem(code="not_applied", message="no cited statement about this case"))
    return problems


@functools.lru_cache(maxsize=8)
def _names_pattern(names: frozenset[str]) -> re.Pattern[str] | None:
    if not names:
        return None
    ordered = sorted(names, key=lambda name: (-len(name), name))
    return re.compile(r"\b(?:" + "|".join(re.escape(name) for name in ordered) + r")\b")


def unsupported_facts(written: str, allowed: str, drug_names: frozenset[str]) -> list[str]:
    """Numbers and drug names in `written` that `allowed` does not contain."""
    numbers = set(_NUMBER.findall(written)) - set(_NUMBER.findall(allowed))
    pattern = _names_pattern(drug_names)
    names: set[str] = set()
    if pattern is not None:
        lowered = allowed.lower()
        names = {
            name
            for name in set(pattern.findall(written.lower()))
            if not re.search(rf"\b{re.escape(name)}\b", lowered)
        }
    return sorted(numbers | names)


def fact_problems(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """Numbers, dates, doses and drug names in the draft appear in the case or a cited chunk."""
    allowed = " ".join(
        [context.summary, context.title]
        + [hit.text for chunk_id in cited_chunk_ids(reply) if (hit := context.chunk(chunk_id))]
    )
    written = " ".join([sentence.text for sentence in reply.rationale] + [reply.closing])
    return [
        Problem(
            code="unsupported_fact", message=f"{fact!r} is in neither the case nor a cited excerpt"
        )
        for fact in unsupported_facts(written, allowed, context.drug_names)
    ]


def confidence_problems(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """The less certain pages of the topics the guideline line cites, for the reviewer to check
    against the guideline. These never make the model redraft; they flag the draft for review."""
    problems: list[Problem] = []
    seen: set[str] = set()
    for chunk_id in reply.guideline_chunk_ids:
        hit = context.chunk(chunk_id)
        if hit is None or (hit.meta.topic_id or chunk_id) in seen:
            continue
        seen.add(hit.meta.topic_id or chunk_id)
        confidence = PageConfidence(hit.meta.page_confidence) if hit.meta.page_confidence else None
        if confidence is None or not confidence.less_certain:
            continue
        if hit.meta.pages:
            where = f"page(s) {format_pages(hit.meta.pages)} of {hit.meta.title}"
            reason = _CONFIDENCE_REASON[confidence]
        elif confidence is PageConfidence.OUTSIDE:
            where = f"the section named for {hit.meta.title}"
            reason = "the topic is not in the project's fact sheet"
        else:
            continue
        problems.append(Problem(code=CHECK_PAGE, message=f"{GUIDELINE_CHECK}{where}: {reason}"))
    return problems


def validate_reply(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """All problems of a draft; an empty list means it may be shown as clean."""
    return (
        citation_problems(reply, context)
        + decision_problems(reply, context)
        + closing_problems(reply)
        + page_problems(reply, context)
        + structure_problems(reply)
        + fact_problems(reply, context)
    )
