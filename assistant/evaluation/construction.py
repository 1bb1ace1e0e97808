"""Metrics a model meets by how it is built, not by what it found.

The offline model writes every guideline sentence from the excerpt it cites, every case sentence
from the case summary sentence it cites, cites only excerpts retrieved for the item, and always
ends with the closing its decision requires. Its citation validity, citation support, unsupported
fact rate and style conformance are therefore 1.0 (or 0) by construction: reports mark them, and
the regression gate leaves them out for that model.

Citation support is by construction only as the lexical judge scores it: the offline model copies
the words that judge counts. A chat model's verdict on the same pairs is a finding.
"""

from __future__ import annotations

from assistant.evaluation.metrics import LEXICAL_JUDGE

OFFLINE_BY_CONSTRUCTION = (
    "citation_validity",
    "citation_support_recall",
    "citation_support_precision",
    "unsupported_fact_rate",
    "style_conformance",
)

BY_CONSTRUCTION: dict[str, tuple[str, ...]] = {"offline": OFFLINE_BY_CONSTRUCTION}


def by_construction(model: str) -> list[str]:
    """The metrics the named drafting model meets by construction (none for a chat model)."""
    return list(BY_CONSTRUCTION.get(model, ()))


def support_by_construction(model: str, judge: str) -> bool:
    """Whether the named drafting model meets its citation support by construction as the named
    judge scores it: only the lexical judge's figures can be."""
    return judge == LEXICAL_JUDGE and "citation_support_recall" in by_construction(model)
