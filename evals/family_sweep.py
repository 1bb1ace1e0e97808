"""Measure how the offline model picks the guideline it cites, without drafting whole letters.

Uses the packed prompts cached by `evals/proposer_sweep.py` (retrieval done once, leave-one-out),
re-runs only the choice of the cited topic under each rule of `GRID`, renders the guideline line
as a draft would and scores it against the reference line: citation family and topic accuracy,
with seeded bootstrap 95% intervals by letter. Tune on `tuning`, report `heldout` and `all`.

    python -m evals.family_sweep /work/shared/public_letters/letters/*.txt \\
        --cache /tmp/proposer-cache.json --split tuning --grid
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Literal

from assistant.corpus.citations import maximus_line
from assistant.corpus.topic_index import TopicIndex, topic_index
from assistant.drafting.mtus_first import TopicChoice
from assistant.drafting.offline_model import choose_topics
from assistant.evaluation import metrics
from assistant.letters.eras import CitationStyleSetting, style_for
from assistant.letters.refs import parse_refs
from assistant.settings import Settings
from evals.proposer_sweep import CachedItem, half, items_of, sweep_parser

RESAMPLES = 2000
SEED = 13

Scored = tuple[str, bool | None, bool | None]
"""(letter id, family match, topic match) of one item."""


def line_of(item: CachedItem, choice: TopicChoice) -> str:
    """The guideline line the offline model writes for the item under the rule."""
    request = item.packed.request
    chosen = choose_topics(item.packed.excerpts, request, choice)
    style = style_for(CitationStyleSetting.AUTO, request.case_date)
    return maximus_line([topic.first.hit.meta for topic in chosen], style) if chosen else ""


def score(item: CachedItem, line: str, index: TopicIndex) -> Scored:
    reference = parse_refs(item.maximus_guideline) if item.maximus_guideline else []
    drafted = parse_refs(line) if line else []
    wanted = index.line_topics(reference)
    return (
        item.letter_id,
        metrics.family_match(reference, drafted),
        metrics.topic_match(reference, wanted, index.line_topics(drafted)),
    )


def _share(values: Sequence[bool | None]) -> float | None:
    return metrics.share(list(values))


def interval(scored: Sequence[Scored], column: Literal[1, 2]) -> tuple[float, float] | None:
    """Seeded bootstrap 95% interval of one column's share, resampling whole letters."""
    by_letter: dict[str, list[Scored]] = {}
    for row in scored:
        by_letter.setdefault(row[0], []).append(row)
    letters = list(by_letter)
    rng = random.Random(SEED)
    values = []
    for _ in range(RESAMPLES):
        sample = [row for _ in letters for row in by_letter[rng.choice(letters)]]
        value = _share([row[column] for row in sample])
        if value is not None:
            values.append(value)
    if not values:
        return None
    values.sort()
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def _fmt(value: float | None, bounds: tuple[float, float] | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" + (f" [{bounds[0]:.3f}, {bounds[1]:.3f}]" if bounds else "")


def summary(name: str, scored: Sequence[Scored]) -> str:
    family = _share([row[1] for row in scored])
    topic = _share([row[2] for row in scored])
    measured = sum(row[1] is not None for row in scored)
    return (
        f"{name}: {len(scored)} items, {measured} measured: family "
        f"{_fmt(family, interval(scored, 1))}, topic {_fmt(topic, interval(scored, 2))}"
    )


GRID = [
    TopicChoice(top=top, region_check=region, skip_other=other)
    for top in (1, 2, 3)
    for region in (False, True)
    for other in (False, True)
] + [
    TopicChoice(**{setting: False})
    for setting in (
        "wider_regions",
        "whole_limb",
        "preoperative_tests",
        "limb_imaging",
        "case_region",
    )
]


def main(argv: Sequence[str] | None = None) -> None:
    parser = sweep_parser(__doc__)
    parser.add_argument("--split", choices=("tuning", "heldout", "all"), default="tuning")
    parser.add_argument("--grid", action="store_true", help="Compare the rules of GRID.")
    args = parser.parse_args(argv)
    items = items_of(parser, args)
    chosen = [i for i in items if args.split == "all" or half(i.file) == args.split]
    index = topic_index(Settings().guidelines_dir)
    rules = GRID if args.grid else [TopicChoice()]
    rows = []
    for rule in rules:
        scored = [score(item, line_of(item, rule), index) for item in chosen]
        rows.append((_share([row[1] for row in scored]) or 0.0, f"{rule!r}", scored))
    for _, name, scored in sorted(rows, key=lambda row: -row[0]):
        print(summary(f"{args.split} {name}", scored))


if __name__ == "__main__":
    main()
