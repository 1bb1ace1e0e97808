"""Checks, in code, that a draft is citable and grounded; each failure is a named problem.

A draft that fails any check is re-asked with the problems or flagged for the reviewer; it is never
shown as clean.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from assistant.corpus.chunks import ChunkMeta
from assistant.corpus.topics import guideline_ref, is_mtus
from assistant.drafting.evidence import CaseSentence
from assistant.drafting.schema import DraftReply, StatementKind
from assistant.letters.models import Decision
from assistant.letters.refs import format_guideline_line
from assistant.retrieval.models import RetrievedChunk

_NUMBER = re.compile(r"\d+(?:[.,/:-]\d+)*")
_NOT_NECESSARY = re.compile(r"\bis not medically (?:necessary|appropriate)\b[^.]*\.\s*$", re.I)
_NECESSARY = re.compile(r"\bis medically (?:necessary|appropriate)\b[^.]*\.\s*$", re.I)


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

    def chunk(self, chunk_id: str) -> RetrievedChunk | None:
        return next((hit for hit in self.guidelines if hit.chunk_id == chunk_id), None)

    @property
    def has_mtus(self) -> bool:
        return any(is_mtus(hit.meta.source) for hit in self.guidelines)


def maximus_line(metas: Sequence[ChunkMeta]) -> str:
    """The reviewer's guideline line, rendered from chunk metadata (one citation per topic)."""
    refs = []
    seen: set[str] = set()
    for meta in metas:
        ref = guideline_ref(meta.source, meta.chapter, meta.chapter_title, meta.topic, meta.pages)
        if ref.raw not in seen:
            seen.add(ref.raw)
            refs.append(ref)
    return format_guideline_line(refs)


def _cited_chunk_ids(reply: DraftReply) -> list[str]:
    ids = list(reply.guideline_chunk_ids)
    ids += [cite for s in reply.rationale if s.kind is StatementKind.GUIDELINE for cite in s.cites]
    ids += [cite for finding in reply.criteria for cite in finding.cites]
    return ids


def _case_ids(reply: DraftReply) -> list[str]:
    ids = [cite for s in reply.rationale if s.kind is StatementKind.CASE for cite in s.cites]
    return ids + [cite for finding in reply.criteria for cite in finding.evidence]


def citation_problems(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """Every cited id was retrieved for this item (or is a sentence of this case)."""
    problems = [
        Problem(code="unknown_chunk", message=f"cites {chunk_id!r}, which was not retrieved")
        for chunk_id in dict.fromkeys(_cited_chunk_ids(reply))
        if context.chunk(chunk_id) is None
    ]
    known = {sentence.id for sentence in context.sentences}
    problems += [
        Problem(
            code="unknown_case_sentence", message=f"cites case sentence {ref!r}, which is absent"
        )
        for ref in dict.fromkeys(_case_ids(reply))
        if ref not in known
    ]
    if not reply.guideline_chunk_ids:
        problems.append(Problem(code="no_guideline", message="the guideline line cites no chunk"))
    elif context.has_mtus and not any(
        (hit := context.chunk(chunk_id)) is not None and is_mtus(hit.meta.source)
        for chunk_id in reply.guideline_chunk_ids
    ):
        problems.append(
            Problem(code="mtus_required", message="an MTUS excerpt was retrieved but none is cited")
        )
    return problems


def closing_problems(reply: DraftReply) -> list[Problem]:
    """The closing sentence states the conclusion the decision requires."""
    closing = reply.closing.strip()
    if reply.decision is Decision.UPHELD and not _NOT_NECESSARY.search(closing):
        return [
            Problem(
                code="closing",
                message="an Upheld item must close '... is not medically necessary.'",
            )
        ]
    if reply.decision is Decision.OVERTURNED and (
        not _NECESSARY.search(closing) or _NOT_NECESSARY.search(closing)
    ):
        return [
            Problem(
                code="closing",
                message="an Overturned item must close '... is medically necessary.'",
            )
        ]
    return []


def structure_problems(reply: DraftReply) -> list[Problem]:
    """The rationale states a guideline criterion and applies it to this case."""
    problems = []
    if not any(s.kind is StatementKind.GUIDELINE and s.cites for s in reply.rationale):
        problems.append(Problem(code="no_criterion", message="no cited statement of the guideline"))
    if not any(s.kind is StatementKind.CASE and s.cites for s in reply.rationale):
        problems.append(Problem(code="not_applied", message="no cited statement about this case"))
    return problems


def _facts(text: str, drug_names: Iterable[str]) -> set[str]:
    found = set(_NUMBER.findall(text))
    lowered = f" {text.lower()} "
    found |= {name for name in drug_names if re.search(rf"\b{re.escape(name)}\b", lowered)}
    return found


def fact_problems(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """Numbers, dates, doses and drug names in the draft appear in the case or a cited chunk."""
    allowed_text = " ".join(
        [context.summary, context.title]
        + [hit.text for chunk_id in _cited_chunk_ids(reply) if (hit := context.chunk(chunk_id))]
    )
    allowed = _facts(allowed_text, context.drug_names)
    written = " ".join([sentence.text for sentence in reply.rationale] + [reply.closing])
    return [
        Problem(
            code="unsupported_fact", message=f"{fact!r} is in neither the case nor a cited excerpt"
        )
        for fact in sorted(_facts(written, context.drug_names) - allowed)
    ]


def validate_reply(reply: DraftReply, context: DraftContext) -> list[Problem]:
    """All problems of a draft; an empty list means it may be shown as clean."""
    return (
        citation_problems(reply, context)
        + closing_problems(reply)
        + structure_problems(reply)
        + fact_problems(reply, context)
    )
