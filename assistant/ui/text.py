"""Case and draft text made safe for Markdown, and the rationale with its citation markers."""

from __future__ import annotations

import html
import re

from assistant.drafting.cites import case_ids
from assistant.drafting.evidence import case_sentences
from assistant.drafting.result import ItemDraft
from assistant.drafting.schema import StatementKind

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|$~])")


def md_escape(text: str) -> str:
    """Text shown literally by st.markdown (no emphasis, links, LaTeX or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def citation_numbers(draft: ItemDraft) -> dict[str, int]:
    return {citation.chunk_id: number for number, citation in enumerate(draft.citations, 1)}


def marked_rationale(draft: ItemDraft) -> str:
    """The draft's rationale as Markdown, each sentence followed by what it cites: [1] for the
    first cited excerpt, [S3] for the third case sentence."""
    numbers = citation_numbers(draft)
    parts: list[str] = []
    for sentence in draft.sentences:
        if sentence.kind is StatementKind.GUIDELINE:
            marks = [f"[{numbers[c]}]" for c in sentence.cites if c in numbers]
        else:
            marks = [f"[{c}]" for c in sentence.cites]
        suffix = " " + " ".join(f"**{md_escape(mark)}**" for mark in marks) if marks else ""
        parts.append(md_escape(sentence.text) + suffix)
    if draft.closing:
        parts.append(md_escape(draft.closing))
    return " ".join(parts)


def evidence_ids(draft: ItemDraft) -> set[str]:
    """The case sentence ids a draft relies on, in its rationale and its criteria."""
    return set(case_ids(draft.sentences, draft.criteria))


def highlighted_summary(summary: str, used: set[str]) -> str:
    """The case summary as HTML with the sentences used as evidence marked and labelled."""
    pieces = []
    for sentence in case_sentences(summary):
        text = html.escape(sentence.text)
        if sentence.id in used:
            pieces.append(f'<mark title="{sentence.id}"><b>[{sentence.id}]</b> {text}</mark>')
        else:
            pieces.append(text)
    return " ".join(pieces)
