"""Metrics a model meets by how it is built, not by what it found.

The offline model writes every guideline sentence from the excerpt it cites, every case sentence
from the case summary sentence it cites, cites only excerpts retrieved for the item, and always
ends with the closing its decision requires. Its citation validity, citation support, unsupported
fact rate and style conformance are therefore 1.0 (or 0) by construction: reports mark them, and
the regression gate leaves them out for that model.
"""

from __future__ import annotations

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
