"""What a draft cites, from its parts: the guideline chunk ids and the case sentence ids.

Validation, the evaluation and the workspace's highlighting all count citations this way.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from assistant.drafting.schema import CriterionFinding, RationaleSentence, StatementKind


def chunk_ids(
    line: Iterable[str],
    sentences: Sequence[RationaleSentence],
    criteria: Sequence[CriterionFinding],
) -> list[str]:
    """Every guideline chunk id cited, once, in order: the guideline line's, the guideline
    statements', the criteria's."""
    ids = list(line)
    ids += [cite for s in sentences if s.kind is StatementKind.GUIDELINE for cite in s.cites]
    ids += [cite for finding in criteria for cite in finding.cites]
    return list(dict.fromkeys(ids))


def case_ids(
    sentences: Sequence[RationaleSentence], criteria: Sequence[CriterionFinding]
) -> list[str]:
    """Every case sentence id relied on, once, in order: the case statements', the criteria's."""
    ids = [cite for s in sentences if s.kind is StatementKind.CASE for cite in s.cites]
    ids += [ref for finding in criteria for ref in finding.evidence]
    return list(dict.fromkeys(ids))
