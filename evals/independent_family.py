"""A second, independent reading of guideline lines into citation families, to check the eval's.

`imr eval` maps each guideline line to families with the letter parser (`parse_refs`) and scores
`citation_family_accuracy` from them. This module reaches the same figure another way, sharing no
code with the parser, the source vocabulary or the topic index: a small table of patterns over
the raw line text, written apart from them. When the two disagree on an item, one of them misreads
the line; `compare` lists those items.

Families: `acoem-<chapter>` (an ACOEM chapter of the MTUS, by number; `acoem` when the line
names no chapter), `cpmtg`, `opioids`,
`acupuncture`, `postsurgical`, `odg`, `other` (a citation outside MTUS and ODG) and `none` ("did
not cite any medical evidence"). An item is measured when its reference line cites something
(not only `none`); it matches when the two lines share a family.

    python -m evals.independent_family evals/results/public_letters/items.jsonl
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterable, Sequence
from pathlib import Path

from pydantic import BaseModel

# ACOEM chapters of the MTUS as letters name them, by chapter number (2nd edition numbering).
_CHAPTER_NAMES: tuple[tuple[int, str], ...] = (
    (1, r"(?:^|[:,]\s*)prevention\b"),
    (2, r"general\s+approach\s+to\s+initial\s+assessment"),
    (3, r"initial\s+approaches\s+to\s+treatment"),
    (4, r"work[\s-]*relatedness"),
    (5, r"cornerstones\s+of\s+disability"),
    (6, r"pain,?\s+suffering,?\s+and\s+the\s+restoration"),
    (7, r"independent\s+medical\s+examinations"),
    (8, r"neck\s+and\s+upper\s+back\s+complaints"),
    (9, r"shoulder\s+complaints"),
    (10, r"elbow\s+(?:disorders|complaints)"),
    (11, r"forearm,?\s+wrist,?\s+and\s+hand\s+complaints"),
    (12, r"low\s+back\s+complaints"),
    (13, r"knee\s+complaints"),
    (14, r"ankle\s+and\s+foot\s+complaints"),
    (15, r"stress[\s-]*related\s+conditions"),
)

# Book names of the other MTUS guidelines, section style ("<name> <year>") or page style.
_MTUS_BOOKS: tuple[tuple[str, str], ...] = (
    ("cpmtg", r"chronic\s+pain\s+(?:medical\s+)?treatment(?:\s+guidelines|(?=\s+\d{4}))"),
    ("opioids", r"opioids?\s+treatment(?:\s+guidelines)?\s+\d{4}"),
    ("acupuncture", r"acupuncture\s+(?:medical\s+)?treatment(?:\s+guidelines)?"),
    ("postsurgical", r"post[\s-]*surgical\s+treatment(?:\s+guidelines)?"),
)

_NO_EVIDENCE = re.compile(r"did\s+not\s+cite\s+any\s+medical\s+evidence", re.I)
_NON_MTUS = re.compile(r"non[\s-]*mtus\s+citations?:?(.*)", re.I | re.S)
_ODG = re.compile(r"\bodg\b|official\s+disability\s+guidelines", re.I)
# A Non-MTUS citation that opens with an ODG chapter's name cites that chapter of the ODG.
_ODG_CHAPTER = re.compile(
    r"^\W*(?:low\s+back|neck|shoulder|knee|hip|ankle|elbow|forearm|wrist|head|pain\b|mental"
    r"|hernia|fitness)",
    re.I,
)
_SECTIONS = re.compile(r"section\(s\):.*?(?=,\s+and\s+[a-z ,]+?\s\d{4}\b|$)", re.I | re.S)
_GENERAL = re.compile(r"general\s+approaches\s+\d{4}", re.I)
_ACOEM_NUMBER = re.compile(r"acoem[^.]*?chapter\s+(\d{1,2})\b", re.I)


def _mtus_part(text: str) -> str:
    """The part of the line before any "Non-MTUS Citation", with section lists removed (their
    topic names are not book names), except under General Approaches, whose section is the
    chapter."""
    head = _NON_MTUS.split(text, maxsplit=1)[0]
    kept: list[str] = []
    last = 0
    for found in _SECTIONS.finditer(head):
        before = head[last : found.start()]
        kept.append(before)
        if _GENERAL.search(before[-40:]):
            kept.append(found.group(0))
        last = found.end()
    kept.append(head[last:])
    return " ".join(kept)


def families(line: str) -> frozenset[str]:
    """The families a guideline line cites (empty when it cites nothing)."""
    text = " ".join(line.split())
    found: set[str] = set()
    if _NO_EVIDENCE.search(text):
        found.add("none")
    mtus = _mtus_part(text)
    for number, pattern in _CHAPTER_NAMES:
        if re.search(pattern, mtus, re.I):
            found.add(f"acoem-{number}")
    found |= {f"acoem-{int(n)}" for n in _ACOEM_NUMBER.findall(mtus)}
    if re.search(r"\bacoem\b", mtus, re.I) and not any(f.startswith("acoem") for f in found):
        found.add("acoem")
    for family, pattern in _MTUS_BOOKS:
        if re.search(pattern, mtus, re.I):
            found.add(family)
    outside = _NON_MTUS.search(text)
    if outside is not None:
        cited = outside.group(1)
        found.add("odg" if _ODG.search(cited) or _ODG_CHAPTER.search(cited) else "other")
    elif text and not found and re.search(r"decision\s+based\s+on", text, re.I):
        found.add("odg" if _ODG.search(text) else "other")
    return frozenset(found)


def family_agrees(reference: str, draft: str) -> bool | None:
    """Whether the two lines share a family; None when the reference cites nothing."""
    wanted = families(reference) - {"none"}
    if not wanted:
        return None
    return bool(wanted & families(draft))


class Compared(BaseModel):
    """The independent family accuracy beside the eval's, over the items both measure."""

    items: int
    eval_accuracy: float | None
    independent_accuracy: float | None
    disagreements: list[dict[str, object]]

    @property
    def difference(self) -> float | None:
        if self.eval_accuracy is None or self.independent_accuracy is None:
            return None
        return abs(self.eval_accuracy - self.independent_accuracy)


def compare(rows: Iterable[dict[str, object]]) -> Compared:
    """Each item's `family_match` (the eval's) against the independent reading of its two lines."""
    eval_marks: list[bool] = []
    mine: list[bool] = []
    disagreements: list[dict[str, object]] = []
    for row in rows:
        reference, draft = str(row["reference_guideline"]), str(row["draft_guideline"])
        theirs = row["family_match"]
        ours = family_agrees(reference, draft)
        if theirs is not None:
            eval_marks.append(bool(theirs))
        if ours is not None:
            mine.append(ours)
        if theirs != ours:
            disagreements.append(
                {
                    "letter_id": row["letter_id"],
                    "reference": reference,
                    "draft": draft,
                    "eval": theirs,
                    "independent": ours,
                }
            )
    return Compared(
        items=len(mine),
        eval_accuracy=sum(eval_marks) / len(eval_marks) if eval_marks else None,
        independent_accuracy=sum(mine) / len(mine) if mine else None,
        disagreements=disagreements,
    )


def read_items(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("items", type=Path, help="items.jsonl of an `imr eval` run")
    args = parser.parse_args(argv)
    result = compare(read_items(args.items))
    print(
        f"{result.items} items measured: eval {result.eval_accuracy:.3f}, independent "
        f"{result.independent_accuracy:.3f}, difference {result.difference:.3f}; "
        f"{len(result.disagreements)} items read differently"
    )
    for row in result.disagreements:
        print(json.dumps(row))


if __name__ == "__main__":
    main()
