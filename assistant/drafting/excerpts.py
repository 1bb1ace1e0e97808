"""Retrieved guideline chunks as labelled excerpts (G1, G2, ...) with their statements split out.

Models cite short labels rather than 34-character chunk ids; `resolve_labels` maps them back.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assistant.drafting.schema import DraftReply
from assistant.retrieval.models import RetrievedChunk
from assistant.text import split_statements

_HEADER_PREFIXES = ("Guideline: ", "Also requested as: ")


class Section(StrEnum):
    SUMMARY = "summary"
    CRITERIA = "criteria"
    UPHOLDS = "upholds"
    OVERTURNS = "overturns"
    OTHER = "other"


def section_of(label: str | None) -> Section:
    name = (label or "").lower()
    if name.startswith("summary"):
        return Section.SUMMARY
    if name.startswith("criteria"):
        return Section.CRITERIA
    if "upholds" in name:
        return Section.UPHOLDS
    if "overturns" in name:
        return Section.OVERTURNS
    return Section.OTHER


class Excerpt(BaseModel):
    """One retrieved guideline chunk as a model sees it."""

    model_config = ConfigDict(frozen=True)

    label: str
    hit: RetrievedChunk

    @property
    def chunk_id(self) -> str:
        return self.hit.chunk_id

    @property
    def section(self) -> Section:
        return section_of(self.hit.meta.section)

    @property
    def body(self) -> str:
        """The chunk's text without its header lines (title, guideline line, aliases)."""
        lines = self.hit.text.splitlines()
        body = [
            line for line in lines[1:] if line.strip() and not line.startswith(_HEADER_PREFIXES)
        ]
        return "\n".join(body)

    @property
    def bullets(self) -> list[str]:
        return [line[2:].strip() for line in self.body.splitlines() if line.startswith("- ")]

    @property
    def sentences(self) -> list[str]:
        prose = " ".join(line for line in self.body.splitlines() if not line.startswith("- "))
        return split_statements(prose)

    def rendered(self) -> str:
        return f"[{self.label}] {self.hit.text}"


def label_excerpts(hits: list[RetrievedChunk]) -> list[Excerpt]:
    return [Excerpt(label=f"G{number}", hit=hit) for number, hit in enumerate(hits, 1)]


def resolve_labels(reply: DraftReply, excerpts: list[Excerpt]) -> DraftReply:
    """The reply with excerpt labels (G1, ...) replaced by chunk ids; anything else is kept."""
    ids = {excerpt.label.casefold(): excerpt.chunk_id for excerpt in excerpts}

    def resolve(cites: list[str]) -> list[str]:
        return [ids.get(cite.strip().strip("[]").casefold(), cite) for cite in cites]

    return reply.model_copy(
        update={
            "guideline_chunk_ids": resolve(reply.guideline_chunk_ids),
            "rationale": [
                sentence.model_copy(update={"cites": resolve(sentence.cites)})
                if sentence.kind == "guideline"
                else sentence
                for sentence in reply.rationale
            ],
            "criteria": [
                finding.model_copy(update={"cites": resolve(finding.cites)})
                for finding in reply.criteria
            ],
        }
    )
