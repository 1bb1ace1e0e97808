"""Why the items of an `imr eval` run still miss: guideline family and topic misses grouped by
cause, and the decisions not matched, on each fixed half of the letters.

Family misses and topic misses are read apart; each item goes to the first cause that fits:

  1. the reviewer cited no medical evidence, or the reference line names nothing the corpus can
     hold (only a citation outside MTUS and ODG). Most of these are not scored ("unmeasured") and
     are listed so that they are not taken for misses;
  2. the reference topic is not in the corpus (its guideline line names no corpus topic);
  3. the reference is in the corpus but was not retrieved for the item (a family miss: no
     retrieved topic is of the reference's family; a topic miss: none of its topics was retrieved);
  4. retrieved, but the draft cites another topic:
     4a. the reviewer cited ODG where the MTUS-first rule cites MTUS;
     4b. the reviewer cited MTUS where the draft cites ODG;
     4c. another topic of the same kind (both MTUS or both ODG; also a draft citing a statute).

An item whose title names a pre- or post-operative or an associated surgical service is tagged
"pre/post-op" beside its cause. Decisions (a run made with --predict-decision): Overturned
references proposed Upheld, given no proposal (withheld) or proposed Overturned, and Upheld
references given no proposal or proposed Overturned.

What was retrieved for each item comes from the packed prompts that `evals/proposer_sweep.py`
caches for the sweeps (`--cache FILE`), built on first use from the letters (`--letters`) as
`imr eval` retrieves: leave-one-out, the letter's own chunks excluded. The halves are those of
`evals/split_report.py`. The output quotes item titles and guideline lines, which are letter
text: keep it out of the project, like items.jsonl.

    python -m evals.miss_causes /tmp/public/items.jsonl --cache /tmp/proposer-cache.json \\
        --letters ../shared/public_letters/letters/*.txt --out /tmp/causes.md \\
        --json /tmp/causes.json
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Sequence, Set
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from assistant.corpus.citations import chunk_ref
from assistant.errors import IMRError, InputError, one_line
from assistant.evaluation.metrics import family_match
from assistant.evaluation.models import ItemResult
from assistant.letters.eras import CitationStyleSetting, style_for
from assistant.letters.models import Decision, GuidelineRef
from assistant.letters.refs import parse_refs
from assistant.letters.sources import GuidelineSource
from evals.proposer_sweep import CachedItem, load_items
from evals.split_report import half_of, read_items

HALVES = ("tuning", "heldout", "all")
SHOWN_TITLE, SHOWN_LINE = 90, 180
"""Characters of a title and of a guideline line shown in the markdown (the JSON has them all)."""
UPHELD, OVERTURNED = Decision.UPHELD, Decision.OVERTURNED


class Cause(StrEnum):
    """Why a guideline line missed, in the order the causes are tried."""

    NOTHING_CITED = "nothing_cited"
    NOT_IN_CORPUS = "not_in_corpus"
    NOT_RETRIEVED = "not_retrieved"
    ODG_CITED = "reviewer_odg_draft_mtus"
    MTUS_CITED = "reviewer_mtus_draft_odg"
    OTHER_TOPIC = "another_topic_same_kind"


CAUSE_LABELS: dict[str, str] = {
    Cause.NOTHING_CITED: "1. no medical evidence cited, or nothing the corpus can hold",
    Cause.NOT_IN_CORPUS: "2. reference topic not in the corpus",
    Cause.NOT_RETRIEVED: "3. in the corpus, not retrieved",
    Cause.ODG_CITED: "4a. retrieved; reviewer cited ODG where the MTUS-first rule cites MTUS",
    Cause.MTUS_CITED: "4b. retrieved; reviewer cited MTUS where the draft cites ODG",
    Cause.OTHER_TOPIC: "4c. retrieved; another topic of the same kind",
}


class Outcome(StrEnum):
    """A reference decision and what the draft proposed, where they differ or Overturned meets."""

    OVERTURNED_AS_UPHELD = "overturned_proposed_upheld"
    OVERTURNED_WITHHELD = "overturned_no_proposal"
    OVERTURNED_PROPOSED = "overturned_proposed_overturned"
    UPHELD_WITHHELD = "upheld_no_proposal"
    UPHELD_AS_OVERTURNED = "upheld_proposed_overturned"


OUTCOME_LABELS: dict[str, str] = {
    Outcome.OVERTURNED_AS_UPHELD: "Overturned reference, proposed Upheld",
    Outcome.OVERTURNED_WITHHELD: "Overturned reference, no proposal (withheld)",
    Outcome.OVERTURNED_PROPOSED: "Overturned reference, proposed Overturned",
    Outcome.UPHELD_WITHHELD: "Upheld reference, no proposal (withheld)",
    Outcome.UPHELD_AS_OVERTURNED: "Upheld reference, proposed Overturned",
}

_OUTCOMES = {
    (OVERTURNED, UPHELD): Outcome.OVERTURNED_AS_UPHELD,
    (OVERTURNED, None): Outcome.OVERTURNED_WITHHELD,
    (OVERTURNED, OVERTURNED): Outcome.OVERTURNED_PROPOSED,
    (UPHELD, None): Outcome.UPHELD_WITHHELD,
    (UPHELD, OVERTURNED): Outcome.UPHELD_AS_OVERTURNED,
}

_SURGICAL = re.compile(
    r"\b(?:pre|post)[\s-]?op(?:erative(?:ly)?)?\b|\bassociated\s+surgical\s+services?\b", re.I
)


class Retrieved(BaseModel):
    """The guideline topics retrieved for one item, each with the citation a draft gives it."""

    topics: dict[str, GuidelineRef]


class Listed(BaseModel):
    """One item in a row of a table: a cause of a miss, or a decision outcome."""

    letter_id: str
    title: str
    half: str
    row: str
    reference: str = Field(description="The reference guideline line, or decision.")
    draft: str = Field(description="The drafted guideline line, or proposal.")
    unmeasured: bool = Field(default=False, description="Not scored on the figure.")
    surgical: bool = Field(description="Pre- or post-operative or associated surgical service.")
    leaned: Decision | None = Field(
        default=None, description="What a withheld proposal's evidence leaned to."
    )


class Table(BaseModel):
    """Items per row and half, and the items themselves."""

    counts: dict[str, dict[str, int]] = Field(description="half -> row -> items")
    unmeasured: dict[str, int] = Field(description="half -> items not scored")
    surgical: dict[str, int] = Field(description="half -> items tagged pre/post-op")
    items: list[Listed]


class Reach(BaseModel):
    """How far retrieval lets the choice go on the measured items, and whether the cache fits
    the run (every drafted topic should be among the cached retrieval of its item)."""

    family_measured: int
    family_retrieved: int
    topic_measured: int
    topic_retrieved: int
    drafted: int
    drafted_retrieved: int


class Report(BaseModel):
    """The whole analysis of one run (the --json output)."""

    items_file: str
    items: int
    letters: dict[str, int] = Field(description="half -> letters")
    reach: Reach
    family: Table
    topic: Table
    decisions: Table | None = Field(description="None when the run did not propose decisions.")


def surgical(title: str) -> bool:
    """Whether the title names a pre- or post-operative or an associated surgical service."""
    return _SURGICAL.search(title) is not None


def _kinds(refs: Iterable[GuidelineRef]) -> set[str]:
    return {
        "mtus" if ref.source.is_mtus else "odg"
        for ref in refs
        if ref.source.is_mtus or ref.source is GuidelineSource.ODG
    }


def cause_of(
    reference: Sequence[GuidelineRef],
    reference_topics: Set[str],
    draft: Sequence[GuidelineRef],
    retrieved: bool,
) -> Cause:
    """The first cause that fits an item the draft did not match; `retrieved`: the reference
    (its family or one of its topics, as the figure asks) was among the item's retrieved topics."""
    if not reference_topics and not _kinds(reference):
        return Cause.NOTHING_CITED
    if not reference_topics:
        return Cause.NOT_IN_CORPUS
    if not retrieved:
        return Cause.NOT_RETRIEVED
    cited, drafted = _kinds(reference), _kinds(draft)
    if cited == {"odg"} and "mtus" in drafted:
        return Cause.ODG_CITED
    if "mtus" in cited and drafted == {"odg"}:
        return Cause.MTUS_CITED
    return Cause.OTHER_TOPIC


def retrieved_of(item: CachedItem) -> Retrieved:
    """The topics of the item's packed excerpts, first chunk of each, cited in the case's style."""
    style = style_for(CitationStyleSetting.AUTO, item.packed.request.case_date)
    topics: dict[str, GuidelineRef] = {}
    for excerpt in item.packed.excerpts:
        meta = excerpt.hit.meta
        if meta.topic_id and meta.topic_id not in topics:
            topics[meta.topic_id] = chunk_ref(meta, style)
    return Retrieved(topics=topics)


Key = tuple[str, str]


def _key(letter_id: str, title: str) -> Key:
    return letter_id, " ".join(title.split())


def retrieval_index(cached: Sequence[CachedItem]) -> dict[Key, Retrieved]:
    return {_key(c.letter_id, c.packed.request.title): retrieved_of(c) for c in cached}


def _reached(figure: str, item: ItemResult, retrieved: Retrieved) -> bool:
    """The reference's family (or one of its topics) is among the retrieved topics."""
    if figure == "family":
        reference = parse_refs(item.reference_guideline)
        return bool(family_match(reference, list(retrieved.topics.values())))
    return bool(set(item.reference_topics) & retrieved.topics.keys())


def misses(
    items: Sequence[ItemResult], retrieval: dict[Key, Retrieved], figure: str
) -> list[Listed]:
    """The items not matched on `figure` ('family' or 'topic'), unmeasured ones included."""
    found: list[Listed] = []
    for item in items:
        matched = item.family_match if figure == "family" else item.topic_match
        if matched:
            continue
        retrieved = retrieval[_key(item.letter_id, item.title)]
        cause = cause_of(
            parse_refs(item.reference_guideline),
            set(item.reference_topics),
            parse_refs(item.draft_guideline),
            _reached(figure, item, retrieved),
        )
        found.append(
            Listed(
                letter_id=item.letter_id,
                title=item.title,
                half=half_of(item),
                row=Cause.NOTHING_CITED if matched is None else cause,
                reference=item.reference_guideline,
                draft=item.draft_guideline,
                unmeasured=matched is None,
                surgical=surgical(item.title),
            )
        )
    return found


def decision_misses(items: Sequence[ItemResult]) -> list[Listed]:
    """The measured items whose outcome is one of `Outcome`'s."""
    found: list[Listed] = []
    for item in items:
        outcome = _OUTCOMES.get((item.reference_decision, item.draft_decision))
        if not item.decision_measured or outcome is None:
            continue
        found.append(
            Listed(
                letter_id=item.letter_id,
                title=item.title,
                half=half_of(item),
                row=outcome,
                reference=item.reference_decision.value,
                draft=item.draft_decision.value if item.draft_decision else "no proposal",
                surgical=surgical(item.title),
                leaned=item.withheld,
            )
        )
    return found


def _in(half: str, row: Listed) -> bool:
    return half == "all" or row.half == half


def table(rows: Sequence[Listed], keys: Iterable[str]) -> Table:
    keys = list(keys)
    return Table(
        counts={
            half: {key: sum(_in(half, r) and r.row == key for r in rows) for key in keys}
            for half in HALVES
        },
        unmeasured={half: sum(_in(half, r) and r.unmeasured for r in rows) for half in HALVES},
        surgical={half: sum(_in(half, r) and r.surgical for r in rows) for half in HALVES},
        items=list(rows),
    )


def reach(items: Sequence[ItemResult], retrieval: dict[Key, Retrieved]) -> Reach:
    def retrieved(item: ItemResult) -> Retrieved:
        return retrieval[_key(item.letter_id, item.title)]

    family = [i for i in items if i.family_match is not None]
    topic = [i for i in items if i.topic_match is not None]
    drafted = [i for i in items if i.draft_topics]
    return Reach(
        family_measured=len(family),
        family_retrieved=sum(_reached("family", i, retrieved(i)) for i in family),
        topic_measured=len(topic),
        topic_retrieved=sum(_reached("topic", i, retrieved(i)) for i in topic),
        drafted=len(drafted),
        drafted_retrieved=sum(
            bool(set(i.draft_topics) & retrieved(i).topics.keys()) for i in drafted
        ),
    )


def analyse(
    items: Sequence[ItemResult], retrieval: dict[Key, Retrieved], items_file: str
) -> Report:
    """Every miss of the run by cause, and the decisions by outcome."""
    predicted = any(item.decision_measured for item in items)
    return Report(
        items_file=items_file,
        items=len(items),
        letters={
            half: len({i.letter_id for i in items if half == "all" or half_of(i) == half})
            for half in HALVES
        },
        reach=reach(items, retrieval),
        family=table(misses(items, retrieval, "family"), Cause),
        topic=table(misses(items, retrieval, "topic"), Cause),
        decisions=table(decision_misses(items), Outcome) if predicted else None,
    )


_PREAMBLE = re.compile(
    r"The Expert Reviewer based their decision on recommendation\(s\) outside of the MTUS "
    r"Guidelines\.\s*",
    re.I,
)


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _line(text: str) -> str:
    """A guideline line (or decision) on one line, without the phrases every line repeats."""
    shown = _PREAMBLE.sub("", " ".join(text.split()))
    parts = [part.strip() for part in re.split(r"Decision based on", shown) if part.strip()]
    return _shorten(one_line("; ".join(parts)), SHOWN_LINE) or "(no line)"


def _share(part: int, whole: int) -> str:
    return f"{part} of {whole}" + (f" ({part / whole:.3f})" if whole else "")


def _count(table: Table, key: str, half: str) -> str:
    count = str(table.counts[half][key])
    return f"{count} ({table.unmeasured[half]} unmeasured)" if key == Cause.NOTHING_CITED else count


def _item_line(row: Listed) -> str:
    tags = [
        tag for tag, on in (("unmeasured", row.unmeasured), ("pre/post-op", row.surgical)) if on
    ]
    if row.leaned is not None:
        tags.append(f"leaned {row.leaned.value}")
    title = _shorten(one_line(" ".join(row.title.split())), SHOWN_TITLE)
    shown = f'- {row.half} {row.letter_id} "{title}": {_line(row.reference)} → {_line(row.draft)}'
    return shown + (f" [{', '.join(tags)}]" if tags else "")


def _order(row: Listed) -> tuple[int, str]:
    return HALVES.index(row.half), row.letter_id


def _section(heading: str, note: str, table: Table, labels: dict[str, str]) -> list[str]:
    lines = [
        f"## {heading}",
        "",
        note,
        "",
        "| | tuning | heldout | all |",
        "| --- | --- | --- | --- |",
    ]
    for key, label in labels.items():
        lines.append(f"| {label} | " + " | ".join(_count(table, key, h) for h in HALVES) + " |")
    tagged = " | ".join(str(table.surgical[h]) for h in HALVES)
    lines.append(f"| pre/post-op (a tag, any row) | {tagged} |")
    for key, label in labels.items():
        listed = sorted((r for r in table.items if r.row == key), key=_order)
        if listed:
            lines += ["", f"### {label}", "", *map(_item_line, listed)]
    return [*lines, ""]


def render(report: Report) -> str:
    reach, letters = report.reach, report.letters
    lines = [
        "# Why items still miss",
        "",
        f"`{report.items_file}`: {report.items} items from {letters['all']} letters "
        f"({letters['tuning']} tuning, {letters['heldout']} held out). Each item is in the first "
        "cause that fits; pre/post-op is a tag beside it.",
        "",
        "Within reach of retrieval (measured items whose reference family, or topic, is among "
        f"the retrieved topics): family {_share(reach.family_retrieved, reach.family_measured)}, "
        f"topic {_share(reach.topic_retrieved, reach.topic_measured)}. Drafted topic among the "
        f"cached retrieval: {_share(reach.drafted_retrieved, reach.drafted)}"
        + (
            " (fewer than all: the cache was built from other code or corpus than the run)."
            if reach.drafted_retrieved < reach.drafted
            else "."
        ),
        "",
    ]
    lines += _section(
        "Guideline family misses",
        "Unmeasured: the reference cites no guideline; not scored, listed under 1.",
        report.family,
        CAUSE_LABELS,
    )
    lines += _section(
        "Topic misses",
        "Unmeasured: the reference cites nothing the corpus knows; not scored, listed under 1.",
        report.topic,
        CAUSE_LABELS,
    )
    if report.decisions is None:
        lines += ["## Decisions", "", "Not measured: the run was made without --predict-decision."]
    else:
        lines += _section(
            "Decisions",
            "Reference decision → proposal; a withheld proposal says what its evidence leaned to.",
            report.decisions,
            OUTCOME_LABELS,
        )
    return "\n".join(lines).rstrip("\n") + "\n"


def _first_problem(error: ValueError) -> str:
    if isinstance(error, ValidationError) and error.errors():
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"])
        return f"{where}: {first['msg']}" if where else first["msg"]
    return str(error)


def load_run(path: Path) -> list[ItemResult]:
    """The scored items of a run's items.jsonl; InputError naming the file when unusable."""
    try:
        items = read_items(path)
    except OSError as error:
        raise InputError(f"cannot be read ({error.strerror or error})", path) from error
    except ValueError as error:
        raise InputError(
            f"not an items.jsonl of `imr eval` ({_first_problem(error)})", path
        ) from error
    if not items:
        raise InputError("holds no items", path)
    return items


def load_retrieval(
    cache: Path | None, letters: Sequence[Path], items: Sequence[ItemResult]
) -> dict[Key, Retrieved]:
    """What was retrieved for each item: read from the cache, or retrieved from the letters (and
    kept in the cache when one is named)."""
    if cache is not None and cache.exists():
        try:
            cached = load_items(letters, cache)
        except OSError as error:
            raise InputError(f"cannot be read ({error.strerror or error})", cache) from error
        except ValueError as error:
            raise InputError(
                "not a retrieval cache this version reads; remove it and give --letters to "
                f"build it again ({_first_problem(error)})",
                cache,
            ) from error
    elif letters:
        cached = load_items(letters, cache)
    else:
        raise InputError("does not exist; give --letters to build it", cache)
    retrieval = retrieval_index(cached)
    absent = [i for i in items if _key(i.letter_id, i.title) not in retrieval]
    if absent:
        where = cache if cache is not None else "--letters"
        raise InputError(
            f"no retrieval for {len(absent)} of the {len(items)} items (first: "
            f"{absent[0].letter_id} {' '.join(absent[0].title.split())!r}); was it built from "
            "the run's letters?",
            where,
        )
    return retrieval


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m evals.miss_causes",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("items", type=Path, help="items.jsonl of an `imr eval` run")
    parser.add_argument(
        "--cache",
        type=Path,
        help="Packed prompts of evals/proposer_sweep.py (the sweeps' cache); built from "
        "--letters when the file does not exist yet.",
    )
    parser.add_argument(
        "--letters",
        nargs="+",
        type=Path,
        default=[],
        help="The run's reference letters, to retrieve for each item when there is no cache.",
    )
    parser.add_argument("--out", type=Path, help="Write the markdown here instead of stdout.")
    parser.add_argument("--json", type=Path, help="Write the same tables as JSON here.")
    args = parser.parse_args(argv)
    if args.cache is None and not args.letters:
        parser.error("give --cache FILE (the sweeps' retrieval cache) or --letters LETTERS")
    try:
        items = load_run(args.items)
        report = analyse(items, load_retrieval(args.cache, args.letters, items), str(args.items))
        text = render(report)
        if args.out is None:
            print(text, end="")
        else:
            _write(args.out, text)
        if args.json is not None:
            _write(args.json, report.model_dump_json(indent=2) + "\n")
    except IMRError as error:
        sys.exit(f"error: {error}")


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text)
    except OSError as error:
        raise InputError(f"cannot be written ({error.strerror or error})", path) from error


if __name__ == "__main__":
    main()
