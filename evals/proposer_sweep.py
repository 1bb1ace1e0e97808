"""Measure the offline decision proposer on reference letters without drafting whole letters.

Retrieval and prompt packing are the slow part of a draft and do not depend on how a decision is
proposed, so this tool does them once per item (leave-one-out, as `imr eval` does) and keeps the
packed prompts in a cache file; every later run only re-runs the proposer over the cache.

Letters are split into two fixed halves by a hash of their file name: tune on `tuning`, report
`heldout` separately, so the figures reported are not the ones tuned on.

    python -m evals.proposer_sweep /work/shared/public_letters/letters/*.txt \\
        --cache /tmp/proposer-cache.json --split tuning
    python -m evals.proposer_sweep guideline_corpus/determinations/*.txt examples/letters/*.txt \\
        --cache /tmp/proposer-synthetic.json --split all

Figures: proposed Upheld / Overturned / none, the confusion matrix, balanced accuracy with every
abstention counted as wrong (and among proposals made), Overturned precision among proposals, and
seeded bootstrap 95% intervals (resampling letters, so items of one letter stay together).
"""

from __future__ import annotations

import argparse
import hashlib
import random
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from assistant.drafting.case import case_from_letter
from assistant.drafting.chain import build_chain
from assistant.drafting.offline_model import balance_of
from assistant.drafting.proposal import Balance, ProposalRules
from assistant.drafting.request import DraftRequest, PackedPrompt
from assistant.letters.models import Decision
from assistant.letters.reader import read_letter
from assistant.settings import LLMSettings, Settings

RESAMPLES = 2000
SEED = 13
UPHELD, OVERTURNED = Decision.UPHELD, Decision.OVERTURNED


class CachedItem(BaseModel):
    """One reference item: where it comes from, its decision, its guideline line and its packed
    prompt."""

    file: str
    letter_id: str
    reference: Decision
    packed: PackedPrompt
    maximus_guideline: str = ""


Outcome = tuple[str, Decision, Decision | None]


def half(file_name: str) -> str:
    """The fixed half a letter belongs to: 'tuning' or 'heldout'."""
    return "tuning" if hashlib.sha256(file_name.encode()).digest()[0] % 2 == 0 else "heldout"


def build_cache(paths: Sequence[Path]) -> list[CachedItem]:
    settings = Settings(llm=LLMSettings(backend="offline"))
    chain = build_chain(settings)
    items: list[CachedItem] = []
    for path in paths:
        letter = read_letter(path, settings.limits)
        case = case_from_letter(letter)
        for item, lettered in zip(case.items, letter.items, strict=True):
            request = DraftRequest(
                case_id=case.case_id,
                summary=case.clinical_summary,
                title=item.title,
                claims_administrator_guideline=item.claims_administrator_guideline,
                exclude_letter_ids=(letter.letter_id,),
                case_date=case.citation_date,
            )
            packed = chain.pack(request, chain.retrieve(request))
            if item.decision is not None:
                items.append(
                    CachedItem(
                        file=path.name,
                        letter_id=letter.letter_id,
                        reference=item.decision,
                        packed=packed,
                        maximus_guideline=lettered.maximus_guideline,
                    )
                )
    return items


_CACHE = TypeAdapter(list[CachedItem])


def sweep_parser(doc: str | None) -> argparse.ArgumentParser:
    """The arguments every tool over the cache takes: the reference letters and the cache file."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument(
        "letters",
        nargs="*",
        type=Path,
        help="Reference letters; read only to build the cache when it does not exist yet.",
    )
    parser.add_argument("--cache", type=Path, help="Packed prompts, built on first use.")
    return parser


def items_of(parser: argparse.ArgumentParser, args: argparse.Namespace) -> list[CachedItem]:
    """The cached items the parsed arguments name; a usage error when there is nothing to read."""
    if not args.letters and (args.cache is None or not args.cache.exists()):
        parser.error("give the reference letters, or --cache FILE of an earlier run")
    return load_items(args.letters, args.cache)


def load_items(paths: Sequence[Path], cache: Path | None) -> list[CachedItem]:
    if cache is not None and cache.exists():
        return _CACHE.validate_json(cache.read_bytes())
    items = build_cache(paths)
    if cache is not None:
        cache.write_bytes(_CACHE.dump_json(items))
    return items


def _recall(outcomes: Sequence[Outcome], decision: Decision) -> float:
    relevant = [proposed for _, reference, proposed in outcomes if reference is decision]
    return sum(p is decision for p in relevant) / len(relevant) if relevant else 0.0


def balanced_accuracy(outcomes: Sequence[Outcome]) -> float:
    """Mean recall of Upheld and Overturned; an abstention counts as a miss."""
    return (_recall(outcomes, UPHELD) + _recall(outcomes, OVERTURNED)) / 2


def overturned_precision(outcomes: Sequence[Outcome]) -> float | None:
    proposed = [reference for _, reference, p in outcomes if p is OVERTURNED]
    return sum(r is OVERTURNED for r in proposed) / len(proposed) if proposed else None


def interval(outcomes: Sequence[Outcome], statistic: str) -> tuple[float, float] | None:
    """Seeded bootstrap 95% interval, resampling whole letters."""
    by_letter: dict[str, list[Outcome]] = {}
    for outcome in outcomes:
        by_letter.setdefault(outcome[0], []).append(outcome)
    letters = list(by_letter)
    rng = random.Random(SEED)
    values: list[float] = []
    for _ in range(RESAMPLES):
        sample = [o for _ in letters for o in by_letter[rng.choice(letters)]]
        value = (
            balanced_accuracy(sample) if statistic == "balanced" else overturned_precision(sample)
        )
        if value is not None:
            values.append(value)
    if not values:
        return None
    values.sort()
    return values[int(0.025 * len(values))], values[int(0.975 * len(values)) - 1]


def _fmt(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def _ci(bounds: tuple[float, float] | None) -> str:
    return "" if bounds is None else f" [{bounds[0]:.3f}, {bounds[1]:.3f}]"


def report(name: str, outcomes: Sequence[Outcome]) -> str:
    counts = Counter(proposed for _, _, proposed in outcomes)
    confusion = Counter((reference, proposed) for _, reference, proposed in outcomes)
    made = [o for o in outcomes if o[2] is not None]
    refs = Counter(reference for _, reference, _ in outcomes)
    lines = [
        f"{name}: {len(outcomes)} items ({refs[UPHELD]} Upheld, {refs[OVERTURNED]} Overturned) "
        f"from {len({o[0] for o in outcomes})} letters",
        f"  proposed Upheld {counts[UPHELD]}, Overturned {counts[OVERTURNED]}, none {counts[None]}",
    ]
    for reference in (UPHELD, OVERTURNED):
        row = ", ".join(
            f"{(p.value if p else 'none')} {confusion[(reference, p)]}"
            for p in (UPHELD, OVERTURNED, None)
        )
        lines.append(f"  reference {reference.value:<10} -> {row}")
    correct = sum(reference is proposed for _, reference, proposed in made)
    lines += [
        f"  accuracy among proposals {_fmt(correct / len(made) if made else None)} "
        f"({correct}/{len(made)})",
        f"  balanced accuracy (abstention = miss) {_fmt(balanced_accuracy(outcomes))}"
        f"{_ci(interval(outcomes, 'balanced'))}",
        f"  balanced accuracy among proposals {_fmt(balanced_accuracy(made))}",
        f"  Overturned precision {_fmt(overturned_precision(outcomes))}"
        f"{_ci(interval(outcomes, 'precision'))}",
    ]
    return "\n".join(lines)


Measured = tuple[str, Decision, Balance]


def outcomes_of(measured: Sequence[Measured], rules: ProposalRules) -> list[Outcome]:
    return [(letter, reference, rules.propose(b).decision) for letter, reference, b in measured]


GRID = [
    ProposalRules(
        strong=strong, overturn_supports=supports, abstain_support=abstain, show_overturned=True
    )
    for strong in (0.25, 0.3, 0.4, 0.5)
    for supports in (1, 2)
    for abstain in (0.25, 0.3, 0.4, 1.01)
]


def grid_lines(measured: Sequence[Measured]) -> list[str]:
    """One line per rule set of `GRID`, best balanced accuracy first."""
    rows = []
    for rules in GRID:
        outcomes = outcomes_of(measured, rules)
        counts = Counter(proposed for _, _, proposed in outcomes)
        rows.append(
            (
                balanced_accuracy(outcomes),
                f"strong {rules.strong:.2f} supports {rules.overturn_supports} abstain "
                f"{rules.abstain_support:.2f}: balanced {balanced_accuracy(outcomes):.3f}, "
                f"Overturned precision {_fmt(overturned_precision(outcomes))}, proposed "
                f"U {counts[UPHELD]} / O {counts[OVERTURNED]} / none {counts[None]}",
            )
        )
    return [line for _, line in sorted(rows, key=lambda row: -row[0])]


def branch_lines(measured: Sequence[Measured], rules: ProposalRules) -> list[str]:
    """How often each kind of proposal was right: what its confidence should say."""
    kinds: dict[str, list[bool]] = {}
    for _, reference, balance in measured:
        proposal = rules.propose(balance)
        if proposal.withheld is not None:
            key = f"none, {proposal.withheld.value} withheld (share {proposal.withheld.value})"
            right = reference is proposal.withheld
        elif proposal.decision is None:
            key, right = "none (share Upheld)", reference is UPHELD
        else:
            key = f"{proposal.decision.value}, confidence {proposal.confidence}"
            right = reference is proposal.decision
        kinds.setdefault(key, []).append(right)
    return [f"  {key}: {sum(v)}/{len(v)} = {sum(v) / len(v):.2f}" for key, v in kinds.items()]


def main(argv: Sequence[str] | None = None) -> None:
    parser = sweep_parser(__doc__)
    parser.add_argument("--split", choices=("tuning", "heldout", "all"), default="tuning")
    parser.add_argument("--grid", action="store_true", help="Compare the rule sets of GRID.")
    args = parser.parse_args(argv)
    items = items_of(parser, args)
    chosen = [i for i in items if args.split == "all" or half(i.file) == args.split]
    measured = [(i.letter_id, i.reference, balance_of(i.packed)) for i in chosen]
    rules = ProposalRules()
    print(report(args.split, outcomes_of(measured, rules)))
    print("\n".join(["right per kind of proposal:", *branch_lines(measured, rules)]))
    shown = rules.model_copy(update={"show_overturned": True})
    print(report(f"{args.split}, Overturned shown", outcomes_of(measured, shown)))
    if args.grid:
        print("\n".join(grid_lines(measured)))


if __name__ == "__main__":
    main()
