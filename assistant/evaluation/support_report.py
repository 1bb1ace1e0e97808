"""Citation support by judge in the reports: one row per judge, side by side, each named."""

from __future__ import annotations

import html

from pydantic import BaseModel

from assistant.evaluation.formatting import BY_CONSTRUCTION, fmt
from assistant.evaluation.models import ItemResult, JudgeSupport, RunMetrics
from assistant.evaluation.support import HEADLINE_JUDGE

SUPPORT_NOTE = (
    "Each judge was asked about the same (cited text, sentence) pairs. The lexical judge's "
    "figures are the citation_support_* rows above, the same measure for every model and the ones "
    "the gate reads; a chat model's figures are its own yes/no answers about the pairs (the "
    "drafting model judging its own drafts), a finding shown beside them."
)


class JudgeRow(BaseModel):
    """One judge's run figures with what the reports say of them."""

    judge: str
    recall: float | None
    precision: float | None
    pairs: int
    note: str


def judge_rows(m: RunMetrics) -> list[JudgeRow]:
    """Each judge of the run, the headline one first, with a note saying whether its figures
    are the headline's and whether they are by construction or a finding."""
    rows = []
    for name, support in sorted(m.support_by_judge.items(), key=lambda e: e[0] != HEADLINE_JUDGE):
        notes = ["citation_support_* rows"] if name == m.support_judge else []
        notes.append(BY_CONSTRUCTION if support.by_construction else "finding")
        if support.unjudged:
            notes.append(f"{support.unjudged} item(s) not judged: the model's call failed")
        rows.append(
            JudgeRow(
                judge=name,
                recall=support.recall,
                precision=support.precision,
                pairs=support.pairs,
                note="; ".join(notes),
            )
        )
    return rows


def judges_text(m: RunMetrics) -> str:
    """Which judges scored citation support, and whose figures the headline rows carry."""
    names = [row.judge for row in judge_rows(m)] or [m.support_judge]
    if len(names) == 1:
        return f"citation support judged by {names[0]}"
    return (
        f"citation support judged by {' and '.join(names)} (the citation_support_* rows are "
        f"{m.support_judge}'s)"
    )


def support_markdown(m: RunMetrics) -> list[str]:
    """The 'Citation support by judge' section of report.md; none for a run without it."""
    if not m.support_by_judge:
        return []
    return [
        "## Citation support by judge",
        "",
        SUPPORT_NOTE,
        "",
        "| judge | support recall | support precision | pairs judged | note |",
        "| --- | --- | --- | --- | --- |",
        *[
            f"| {_cell(r.judge)} | {fmt(r.recall)} | {fmt(r.precision)} | {r.pairs} | {r.note} |"
            for r in judge_rows(m)
        ],
        "",
    ]


def support_html(m: RunMetrics) -> str:
    """The same section for report.html."""
    if not m.support_by_judge:
        return ""
    rows = "".join(
        f"<tr><th>{html.escape(r.judge)}</th><td>{fmt(r.recall)}</td><td>{fmt(r.precision)}</td>"
        f"<td>{r.pairs}</td><td>{html.escape(r.note)}</td></tr>"
        for r in judge_rows(m)
    )
    return (
        f"<h2>Citation support by judge</h2><p>{html.escape(SUPPORT_NOTE)}</p><table><tr>"
        "<th>judge</th><th>support recall</th><th>support precision</th><th>pairs judged</th>"
        f"<th>note</th></tr>{rows}</table>"
    )


def item_judges(m: RunMetrics) -> list[str]:
    """The judges an item row shows, in the order of the run's table."""
    return [row.judge for row in judge_rows(m)] or [m.support_judge]


def item_support(item: ItemResult, judge: str) -> JudgeSupport | None:
    """One item's support as the named judge scored it; an item of a run made before per-judge
    figures holds only its headline judge's."""
    if not item.support_by_judge:
        return JudgeSupport(recall=item.support_recall, precision=item.support_precision, pairs=0)
    return item.support_by_judge.get(judge)


def _cell(text: str) -> str:
    return text.replace("|", "/")
