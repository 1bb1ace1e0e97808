"""Case and draft text made safe for Markdown, and the case sentences a draft relies on."""

from __future__ import annotations

import html
import re

from assistant.drafting.cites import case_ids
from assistant.drafting.evidence import case_sentences
from assistant.drafting.result import ItemDraft

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-!|$~])")


def md_escape(text: str) -> str:
    """Text shown literally by st.markdown (no emphasis, links, LaTeX or HTML)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


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
