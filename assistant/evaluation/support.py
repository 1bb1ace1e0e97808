"""Citation support by every judge: each item's figures as each judge scored them, and the run's.

Every run scores citation support with the lexical judge; its figures are the headline
`citation_support_recall` / `citation_support_precision`, the same measure for every model and
the one the regression gate reads. A chat model, when configured, judges the same pairs too; its
figures sit beside the lexical ones under its own name, never in the headline keys.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from assistant.errors import ModelError
from assistant.evaluation import metrics
from assistant.evaluation.construction import support_by_construction
from assistant.evaluation.models import ItemResult, JudgeSupport, RunJudgeSupport

HEADLINE_JUDGE = metrics.LEXICAL_JUDGE
"""The judge whose figures the headline citation support keys carry."""


def _recording(entails: metrics.Entails, asked: set[tuple[str, str]]) -> metrics.Entails:
    """`entails`, noting in `asked` each (premise, hypothesis) pair it is asked about."""

    def recorded(premise: str, hypothesis: str) -> bool:
        asked.add((premise, hypothesis))
        return entails(premise, hypothesis)

    return recorded


def judged_support(
    pairs: Sequence[tuple[str, Sequence[str | None]]], judges: Mapping[str, metrics.Entails]
) -> dict[str, JudgeSupport]:
    """Each judge's ALCE recall and precision of one item's (sentence, cited texts) pairs, and how
    many distinct (cited text, sentence) pairs it was asked about. A chat model's judge that
    fails (a model error) leaves the item unjudged by it, with the error, and the run goes on."""
    found = {}
    for name, entails in judges.items():
        asked: set[tuple[str, str]] = set()
        try:
            scores = metrics.citation_support(pairs, _recording(entails, asked))
        except ModelError as error:
            found[name] = JudgeSupport(
                recall=None, precision=None, pairs=len(asked), error=str(error)
            )
            continue
        found[name] = JudgeSupport(
            recall=scores.recall, precision=scores.precision, pairs=len(asked)
        )
    return found


def run_support(items: Sequence[ItemResult], model: str) -> dict[str, RunJudgeSupport]:
    """Each judge's figures over the items it scored: mean recall and precision where measured,
    pairs summed, and whether the drafting model meets them by construction."""
    names = list(dict.fromkeys(name for item in items for name in item.support_by_judge))
    found = {}
    for name in names:
        scored = [item.support_by_judge[name] for item in items if name in item.support_by_judge]
        found[name] = RunJudgeSupport(
            recall=metrics.mean([s.recall for s in scored]),
            precision=metrics.mean([s.precision for s in scored]),
            pairs=sum(s.pairs for s in scored),
            by_construction=support_by_construction(model, name),
            unjudged=sum(1 for s in scored if s.error is not None),
        )
    return found
