"""How well could any rule over what the drafter reads propose "Overturned"? A ceiling, measured.

A logistic regression is fit to features of what the offline drafter is given for an item: the
kind and source of the guideline topic it cites, the item's part in a surgery, the candidate
signals of `evals.decision_signals`, the documented evidence for and against the topic's
conditions, how long ago the injury was and what the claims administrator cited. It is scored
out of fold: the letters are dealt into folds and each fold is scored by a model fit on the
others, so no item is scored by a model that saw its letter. It is also fit on the tuning half
and scored on the held-out half (`evals/proposer_sweep.py:half`).

Proposing Overturned for the k best-scored items (every other item Upheld) gives, for each k,
Overturned precision and balanced accuracy, with bootstrap intervals by letter. This is a
measurement, not a proposer: a model fit to the very labels it is scored against, with the
best k picked afterwards, is an optimistic bound for a hand-written rule over the same inputs.

    python -m evals.decision_ceiling ../shared/public_letters/letters/*.txt \\
        --cache /tmp/proposer-cache.json

Only figures are printed, no letter text.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Sequence
from datetime import date

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, TypeAdapter

from assistant.drafting.offline_model import balance_of, choose_topics
from assistant.letters.models import Decision
from evals.decision_signals import SIGNALS, ItemView, Role, role, views
from evals.proposer_sweep import (
    CachedItem,
    Outcome,
    balanced_accuracy,
    half,
    interval,
    items_of,
    overturned_precision,
    sweep_parser,
)

FOLDS = 5
SEED = 7
PROPOSALS = (3, 5, 10, 20, 30)
_INJURY_DATE = re.compile(r"injur(?:y|ed)\s+on\s+(\d{1,2})[-/](\d{1,2})[-/](\d{2}(?:\d{2})?)\b")

Matrix = NDArray[np.float64]


def injury_years(summary: str, case_date: date | None) -> float | None:
    """Years from the injury date the summary states to the case's date, if both are known."""
    found = _INJURY_DATE.search(summary)
    if found is None or case_date is None:
        return None
    month, day, year = (int(part) for part in found.groups())
    year += 2000 if year < 100 else 0
    try:
        injured = date(year, month, day)
    except ValueError:
        return None
    return max(0.0, (case_date - injured).days / 365.25)


def features(item: CachedItem, view: ItemView) -> dict[str, float]:
    """What the drafter reads for one item, as numbers."""
    request = view.request
    topics = choose_topics(item.packed.excerpts, request)
    meta = topics[0].excerpts[0].hit.meta if topics else None
    balance = balance_of(item.packed)
    years = injury_years(request.summary, request.case_date)
    cited = request.claims_administrator_guideline or ""
    found: dict[str, float] = {
        f"topic category {meta.category if meta else None}": 1.0,
        f"topic source {meta.source if meta else None}": 1.0,
        f"role {role(request.title).value}": 1.0,
        **{f"signal {name}": float(signal(view)) for name, signal in SIGNALS.items()},
        "supports": float(len(balance.supports)),
        "strongest support": max(balance.supports, default=0.0),
        "reasons against": float(len(balance.against)),
        "strongest reason against": max(balance.against, default=0.0),
        "conditions contradicted": float(balance.contradicted),
        "conditions undocumented": float(balance.undocumented),
        "injury date known": float(years is not None),
        "log years since injury": math.log1p(years) if years is not None else 0.0,
        "claims administrator cited ODG": float("ODG" in cited or "Official Disability" in cited),
        "partial certification": float("original request" in request.title.lower()),
        "log items in the letter": math.log(len(view.other_titles) + 1),
        "log summary length": math.log(len(request.summary)),
    }
    if role(request.title) is Role.SURGERY:
        found["surgery"] = 1.0
    return found


def design(rows: Sequence[dict[str, float]]) -> Matrix:
    """Rows of named features as one matrix, a column per name seen in any row."""
    names = sorted({name for row in rows for name in row})
    return np.array([[row.get(name, 0.0) for name in names] for row in rows], dtype=np.float64)


def fit_scores(train: Matrix, labels: Matrix, test: Matrix, l2: float = 10.0) -> Matrix:
    """Scores of `test` rows from an L2 logistic regression fit on `train`, the rarer class
    weighted up to balance the two."""
    mean, spread = train.mean(axis=0), train.std(axis=0) + 1e-9
    z = (train - mean) / spread
    positive = max(float(labels.sum()), 1.0)
    weight = np.where(labels == 1, (len(labels) - positive) / positive, 1.0)
    coef, bias = np.zeros(z.shape[1]), 0.0
    for _ in range(2000):
        error = (1 / (1 + np.exp(-(z @ coef + bias))) - labels) * weight
        coef -= 0.05 * (z.T @ error + l2 * coef) / len(labels)
        bias -= 0.05 * float(error.mean())
    scores: Matrix = 1 / (1 + np.exp(-(((test - mean) / spread) @ coef + bias)))
    return scores


def out_of_fold(matrix: Matrix, labels: Matrix, letters: Sequence[str]) -> Matrix:
    """Each item's score from a model fit on the other folds' letters."""
    order = sorted(set(letters))
    random.Random(SEED).shuffle(order)
    fold = {letter: index % FOLDS for index, letter in enumerate(order)}
    folds = np.array([fold[letter] for letter in letters])
    scores = np.zeros(len(labels))
    for k in range(FOLDS):
        held = folds == k
        scores[held] = fit_scores(matrix[~held], labels[~held], matrix[held])
    return scores


class OperatingPoint(BaseModel):
    """Overturned proposed for the `proposals` best-scored items, Upheld for the rest."""

    model_config = ConfigDict(frozen=True)

    proposals: int
    right: int
    precision: float
    precision_interval: tuple[float, float] | None
    balanced: float
    balanced_interval: tuple[float, float] | None


def operating_points(
    scores: Matrix, references: Sequence[Decision], letters: Sequence[str]
) -> list[OperatingPoint]:
    ranked = [int(i) for i in np.argsort(-scores, kind="stable")]
    points = []
    for k in (k for k in PROPOSALS if k <= len(ranked)):
        chosen = set(ranked[:k])
        outcomes: list[Outcome] = [
            (letter, reference, Decision.OVERTURNED if i in chosen else Decision.UPHELD)
            for i, (letter, reference) in enumerate(zip(letters, references, strict=True))
        ]
        points.append(
            OperatingPoint(
                proposals=k,
                right=sum(references[i] is Decision.OVERTURNED for i in chosen),
                precision=overturned_precision(outcomes) or 0.0,
                precision_interval=interval(outcomes, "precision"),
                balanced=balanced_accuracy(outcomes),
                balanced_interval=interval(outcomes, "balanced"),
            )
        )
    return points


def _span(bounds: tuple[float, float] | None) -> str:
    return f"[{bounds[0]:.3f}-{bounds[1]:.3f}]" if bounds else "[n/a]"


class Run(BaseModel):
    """One way of scoring the items, and its operating points."""

    model_config = ConfigDict(frozen=True)

    name: str
    items: int
    overturned: int
    points: list[OperatingPoint]


def ceiling(items: Sequence[CachedItem]) -> list[Run]:
    """The ceiling out of fold on all letters, then fit on the tuning half, scored held out."""
    matrix = design([features(item, view) for item, view in zip(items, views(items), strict=True)])
    references = [item.reference for item in items]
    labels = np.array([float(r is Decision.OVERTURNED) for r in references])
    letters = [item.letter_id for item in items]
    tuning = np.array([half(item.file) == "tuning" for item in items])
    held = [i for i, t in enumerate(tuning) if not t]
    scored = [
        (
            f"out of fold, {FOLDS} folds by letter, all items",
            out_of_fold(matrix, labels, letters),
            references,
            letters,
        ),
        (
            "fit on the tuning half, scored on the held-out half",
            fit_scores(matrix[tuning], labels[tuning], matrix[~tuning]),
            [references[i] for i in held],
            [letters[i] for i in held],
        ),
    ]
    return [
        Run(
            name=name,
            items=len(refs),
            overturned=sum(r is Decision.OVERTURNED for r in refs),
            points=operating_points(scores, refs, lets),
        )
        for name, scores, refs, lets in scored
    ]


def report(runs: Sequence[Run]) -> list[str]:
    lines = []
    for run in runs:
        lines.append(f"{run.name} ({run.items} items, {run.overturned} Overturned):")
        lines.extend(
            f"  Overturned for the top {p.proposals}: {p.right} right, precision {p.precision:.3f} "
            f"{_span(p.precision_interval)}, balanced accuracy {p.balanced:.3f} "
            f"{_span(p.balanced_interval)}"
            for p in run.points
        )
    return lines


_RUNS = TypeAdapter(list[Run])


def main(argv: Sequence[str] | None = None) -> None:
    parser = sweep_parser(__doc__)
    parser.add_argument("--json", action="store_true", help="Print the runs as JSON.")
    args = parser.parse_args(argv)
    runs = ceiling(items_of(parser, args))
    print(_RUNS.dump_json(runs, indent=2).decode() if args.json else "\n".join(report(runs)))


if __name__ == "__main__":
    main()
