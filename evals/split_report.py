"""The figures of an `imr eval` run on each fixed half of its letters, with intervals and baselines.

The offline model's rules were tuned on the `tuning` half of the public letters
(`evals/proposer_sweep.py`, `evals/family_sweep.py`); this re-aggregates a run's items.jsonl on
`tuning`, `heldout` and all letters, so the figures not tuned on are read apart. Only figures and
letter counts are written, no letter text.

    python -m evals.split_report evals/results/public_letters/items.jsonl --model offline
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from assistant.evaluation.aggregate import aggregate
from assistant.evaluation.models import ItemResult, RunMetrics
from evals.independent_family import compare
from evals.proposer_sweep import half

FIGURES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("decision_accuracy", ("always_upheld",)),
    ("balanced_accuracy", ("always_upheld",)),
    ("overturned_precision", ("always_upheld",)),
    ("kappa", ("always_upheld",)),
    ("citation_family_accuracy", ("ur_line", "retrieval_top1")),
    ("citation_topic_accuracy", ("ur_line", "retrieval_top1")),
)


def read_items(path: Path) -> list[ItemResult]:
    return [ItemResult.model_validate_json(line) for line in path.read_text().splitlines() if line]


def half_of(item: ItemResult) -> str:
    """The fixed half of the item's letter: 'tuning' or 'heldout'."""
    return half(f"{item.letter_id}.txt")


def split_metrics(items: Sequence[ItemResult], model: str) -> dict[str, RunMetrics]:
    """The run's metrics on each half and on all items."""
    halves = {
        "tuning": [i for i in items if half_of(i) == "tuning"],
        "heldout": [i for i in items if half_of(i) == "heldout"],
        "all": list(items),
    }
    return {
        name: aggregate(
            group,
            model=model,
            predict_decision=any(i.decision_measured for i in group),
            letters=sorted({i.letter_id for i in group}),
        )
        for name, group in halves.items()
    }


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def render(runs: dict[str, RunMetrics], items: Sequence[ItemResult]) -> str:
    checked = compare([item.model_dump(mode="json") for item in items])
    lines = [
        "# Public-letter run by half",
        "",
        "Rules tuned on `tuning`; `heldout` reported apart. 95% percentile bootstrap intervals, "
        "resampling letters (1000 resamples, seed 2017).",
        "",
        f"Family accuracy read independently of the parser (`evals/independent_family.py`): "
        f"{_fmt(checked.independent_accuracy)} against the eval's {_fmt(checked.eval_accuracy)} "
        f"on {checked.items} items (difference {_fmt(checked.difference)}, "
        f"{len(checked.disagreements)} items read differently).",
        "",
        "| metric | half | letters | items | value | 95% interval | baselines |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for key, names in FIGURES:
        for name, run in runs.items():
            bounds = run.intervals.get(key)
            interval = f"{bounds.low:.3f} to {bounds.high:.3f}" if bounds else ""
            baselines = "; ".join(
                f"{base} {_fmt(run.baselines.get(base, {}).get(key))}" for base in names
            )
            lines.append(
                f"| {key} | {name} | {len(run.letters)} | {run.items} | "
                f"{_fmt(getattr(run, key))} | {interval} | {baselines} |"
            )
    lines += ["", "| half | abstentions | coverage |", "| --- | --- | --- |"]
    lines += [
        f"| {name} | {run.abstentions} | {_fmt(run.coverage)} |" for name, run in runs.items()
    ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", type=Path, help="items.jsonl of an `imr eval` run")
    parser.add_argument("--model", default="offline")
    parser.add_argument("--out", type=Path, help="Write the table here as well.")
    args = parser.parse_args(argv)
    items = read_items(args.items)
    text = render(split_metrics(items, args.model), items)
    print(text, end="")
    if args.out is not None:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
