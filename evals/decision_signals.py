"""Candidate signals for proposing "Overturned", measured on reference letters before any is a rule.

A signal reads only what the drafter is given: the item's title, the other titles of the same case,
the case summary and the claims administrator's guideline line, never a rationale. Each is a reason
a physician reviewer could accept for certifying. For each signal and each fixed half of the letters
(`evals/proposer_sweep.py:half`) the table gives the items it fires on, from how many letters, and
how many of them the reference overturned. A signal is worth a rule only where that share is at
least 0.5 on the tuning half, over enough letters for a bootstrap interval to clear always Upheld.

    python -m evals.decision_signals /work/shared/public_letters/letters/*.txt \\
        --cache /tmp/proposer-cache.json

Only counts are printed, no letter text.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from enum import StrEnum

from pydantic import BaseModel, ConfigDict

from assistant.drafting.evidence import case_sentences, stated
from assistant.drafting.request import DraftRequest
from assistant.letters.models import Decision
from evals.proposer_sweep import CachedItem, half, items_of, sweep_parser


class Role(StrEnum):
    """What an item is to a surgery requested in the same case."""

    SURGERY = "surgery"
    PRE_OP_OR_MEDICINE = "pre-operative service or post-operative medicine"
    POST_OP_CARE = "post-operative therapy or equipment"
    OTHER = "other"


_PERIOPERATIVE = re.compile(
    r"\b(pre-?op(erative)?|post-?op(erative)?|associated surgical service|clearance|labs?)\b",
    re.IGNORECASE,
)
_POST_OP_CARE = re.compile(
    r"\b(therapy|sessions?|sling|brace|wrap|cold|cryo\w*|unit|rental|purchase|pillow)\b",
    re.IGNORECASE,
)
_PROCEDURE = re.compile(
    r"\b(arthroscop\w*|arthroplasty|repair|fusion|decompression|reconstruction|open reduction|"
    r"laminectomy|discectomy|meniscectomy|osteotomy|tenodesis|carpal tunnel release|surgery)\b",
    re.IGNORECASE,
)
_NOT_A_PROCEDURE = re.compile(r"\b(evaluation|consult\w*|referral)\b", re.IGNORECASE)
_DIAGNOSTIC_STUDY = re.compile(
    r"\b(MRI|MR arthrogram|CT|EMG|NCS|NCV|electromyograph\w*|nerve conduction)\b", re.IGNORECASE
)
# stemmed, as `stated` returns them
_DEFICIT_WORDS = frozenset({"sensation", "sensory", "reflex", "reflexe", "hypoesthesia"})
_DECREASE_WORDS = frozenset({"decreased", "decrease", "diminished", "reduced", "loss"})
_CLAUSE = re.compile(r"[,;]")


def role(title: str) -> Role:
    """The item's part in a surgery, read from its title alone."""
    if _PERIOPERATIVE.search(title):
        return Role.POST_OP_CARE if _POST_OP_CARE.search(title) else Role.PRE_OP_OR_MEDICINE
    if _PROCEDURE.search(title) and not _NOT_A_PROCEDURE.search(title):
        return Role.SURGERY
    return Role.OTHER


def neurologic_deficit(summary: str) -> bool:
    """Whether the case states a decreased sensation or reflex as a finding, in one clause; a
    negated, planned or hypothetical one ("to rule out ...", "if ...") does not count."""
    for sentence in case_sentences(summary):
        for clause in _CLAUSE.split(sentence.text):
            present = stated(clause).present
            if present & _DEFICIT_WORDS and present & _DECREASE_WORDS:
                return True
    return False


class ItemView(BaseModel):
    """What the drafter is given for one item, and the other titles of its case."""

    model_config = ConfigDict(frozen=True)

    request: DraftRequest
    other_titles: tuple[str, ...]


Signal = Callable[[ItemView], bool]


def _surgery_in_dispute(view: ItemView) -> bool:
    return any(role(title) is Role.SURGERY for title in view.other_titles)


SIGNALS: dict[str, Signal] = {
    "associated service, its surgery also in dispute": lambda v: (
        role(v.request.title) in {Role.PRE_OP_OR_MEDICINE, Role.POST_OP_CARE}
        and _surgery_in_dispute(v)
    ),
    "pre-op service or post-op medicine, no surgery in dispute": lambda v: (
        role(v.request.title) is Role.PRE_OP_OR_MEDICINE and not _surgery_in_dispute(v)
    ),
    "diagnostic study, decreased sensation or reflex stated": lambda v: (
        bool(_DIAGNOSTIC_STUDY.search(v.request.title)) and neurologic_deficit(v.request.summary)
    ),
    "claims administrator cited no evidence": lambda v: (
        "did not cite any medical evidence" in (v.request.claims_administrator_guideline or "")
    ),
    "retrospective request": lambda v: "retrospective" in v.request.title.lower(),
}


def views(items: Sequence[CachedItem]) -> list[ItemView]:
    titles: dict[str, list[str]] = {}
    for item in items:
        titles.setdefault(item.letter_id, []).append(item.packed.request.title)
    return [
        ItemView(
            request=item.packed.request,
            other_titles=tuple(t for t in titles[item.letter_id] if t != item.packed.request.title),
        )
        for item in items
    ]


def table(items: Sequence[CachedItem], split_of: Callable[[str], str] = half) -> list[str]:
    """One line per signal and half: items it fires on, their letters, and how many overturned."""
    seen = list(zip(items, views(items), strict=True))
    lines = []
    for name, signal in SIGNALS.items():
        for part in ("tuning", "heldout"):
            fired = [item for item, view in seen if split_of(item.file) == part and signal(view)]
            overturned = sum(item.reference is Decision.OVERTURNED for item in fired)
            share = f"{overturned / len(fired):.2f}" if fired else "n/a"
            lines.append(
                f"{name} | {part}: {len(fired)} items from "
                f"{len({item.letter_id for item in fired})} letters, Overturned {overturned} "
                f"({share})"
            )
    return lines


def main(argv: Sequence[str] | None = None) -> None:
    parser = sweep_parser(__doc__)
    args = parser.parse_args(argv)
    print("\n".join(table(items_of(parser, args))))


if __name__ == "__main__":
    main()
