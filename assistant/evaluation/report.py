"""The run as report.md and a self-contained report.html (inline CSS and SVG, no script)."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from pydantic import BaseModel

from assistant.evaluation.baselines import falls_short, interval_clear
from assistant.evaluation.bootstrap import Interval
from assistant.evaluation.formatting import BY_CONSTRUCTION, fmt
from assistant.evaluation.metrics import LEXICAL_JUDGE
from assistant.evaluation.models import (
    LOWER_IS_BETTER,
    SUPPORT_KEYS,
    ItemResult,
    ProposalKind,
    RunMetrics,
)
from assistant.evaluation.support_report import (
    item_judges,
    item_support,
    judges_text,
    support_html,
    support_markdown,
)

if TYPE_CHECKING:
    from assistant.evaluation.runner import EvalRun

_TOKEN = re.compile(r"\S+\s*")
_BAR_WIDTH = 320


class MetricRow(BaseModel):
    """One headline metric with what the reports show beside it."""

    key: str
    value: float | None
    interval: Interval | None
    baselines: list[tuple[str, float | None]]
    short_of: list[str]
    unclear_of: list[str]
    by_construction: bool
    judge: str | None = None

    def interval_text(self) -> str:
        if self.interval is None:
            return ""
        return f"{fmt(self.interval.low)} to {fmt(self.interval.high)}"

    def baselines_text(self) -> str:
        return "; ".join(f"{name} {fmt(value)}" for name, value in self.baselines)

    def note(self) -> str:
        notes = [f"{self.judge} judge"] if self.judge else []
        notes += [BY_CONSTRUCTION] if self.by_construction else []
        if self.short_of:
            notes.append("does not beat " + ", ".join(self.short_of))
        if self.unclear_of:
            notes.append("interval not clear of " + ", ".join(self.unclear_of))
        return "; ".join(notes)


def metric_rows(m: RunMetrics) -> list[MetricRow]:
    """Each headline metric with its interval, its baselines, the ones it does not beat and the
    ones it beats with an interval that still reaches them."""
    rows = []
    for key, value in m.headline().items():
        baselines = [(name, values[key]) for name, values in m.baselines.items() if key in values]
        interval = m.intervals.get(key)
        short_of = [name for name, base in baselines if falls_short(key, value, base)]
        rows.append(
            MetricRow(
                key=key,
                value=value,
                interval=interval,
                baselines=baselines,
                short_of=short_of,
                unclear_of=[
                    name
                    for name, base in baselines
                    if name not in short_of and interval_clear(key, interval, base) is False
                ],
                by_construction=key in m.by_construction,
                judge=m.support_judge if key in SUPPORT_KEYS else None,
            )
        )
    return rows


def run_sentence(m: RunMetrics) -> str:
    """What was run: model, items, decisions, judge and the resampling of the intervals."""
    decisions = "given (decision metrics not measured)"
    if m.predict_decision:
        decisions = f"predicted ({m.abstentions or 0} abstentions, coverage {fmt(m.coverage)})"
    resampling = ""
    if m.bootstrap is not None:
        resampling = (
            f" Intervals: {m.bootstrap.level:.0%} percentile bootstrap, {m.bootstrap.resamples} "
            f"resamples by {m.bootstrap.unit}, seed {m.bootstrap.seed}."
        )
    skipped = ""
    if m.skipped_letters:
        names = ", ".join(Path(s.file).name for s in m.skipped_letters)
        skipped = (
            f" {len(m.skipped_letters)} letter(s) given were left out as unreadable: {names} "
            "(metrics.json `skipped_letters` says why)."
        )
    return (
        f"Model {m.model}, {m.items} items from {len(m.letters)} letters, decisions "
        f"{decisions}, {judges_text(m)}.{resampling}{skipped}"
    )


def _dollars(cost: float | None) -> str:
    return "n/a" if cost is None else f"${cost:.4f}"


def tokens_line(m: RunMetrics) -> str:
    """The run's tokens and cost: drafting's, then, where a chat model judged citation support,
    its verdicts' and the run's total."""
    line = f"Tokens: {m.prompt_tokens} prompt + {m.completion_tokens} completion; cost "
    line += _dollars(m.cost_usd)
    judged = m.judge_usage
    if judged is None:
        judges = dict.fromkeys([m.support_judge, *m.support_by_judge])
        uncounted = [name for name in judges if name != LEXICAL_JUDGE]
        if uncounted:  # a run made before the judge's calls were counted
            return f"{line}; judging by {', '.join(uncounted)}: not counted."
        return line + "."
    total = None if m.cost_usd is None or judged.cost_usd is None else m.cost_usd + judged.cost_usd
    estimated = " (estimated: the server reported no usage)" if judged.estimated else ""
    return (
        f"{line}; judging{estimated}: {judged.prompt_tokens} prompt + "
        f"{judged.completion_tokens} completion, {_dollars(judged.cost_usd)}; in all: "
        f"{m.prompt_tokens + judged.prompt_tokens} prompt + "
        f"{m.completion_tokens + judged.completion_tokens} completion, {_dollars(total)}."
    )


def _summary_lines(m: RunMetrics) -> list[str]:
    return [
        run_sentence(m),
        "",
        "| metric | value | 95% interval | baselines | note |",
        "| --- | --- | --- | --- | --- |",
        *[
            f"| {row.key} | {fmt(row.value)} | {row.interval_text()} | {row.baselines_text()} | "
            f"{row.note()} |"
            for row in metric_rows(m)
        ],
        "",
        tokens_line(m),
        "",
        *support_markdown(m),
    ]


KINDS_NOTE = (
    "A proposal kind right less often than always Upheld on the same items is marked; a withheld "
    "kind is one the model's evidence leaned to but that it shows as no proposal (the reviewer "
    "decides), because such proposals did worse than always Upheld on real letters."
)


def kind_note(kind: ProposalKind) -> str:
    notes = [] if kind.shown else ["withheld: shown as no proposal"]
    if kind.worse_than_baseline:
        notes.append("worse than always_upheld")
    return "; ".join(notes)


def _kind_lines(m: RunMetrics) -> list[str]:
    if not m.proposal_kinds:
        return []
    return [
        "## Proposals by kind",
        "",
        KINDS_NOTE,
        "",
        "| proposal | made | right | precision | always_upheld | note |",
        "| --- | --- | --- | --- | --- | --- |",
        *[
            f"| {k.kind} | {k.made} | {k.right} | {fmt(k.precision)} | {fmt(k.always_upheld)} "
            f"| {kind_note(k)} |"
            for k in m.proposal_kinds
        ],
        "",
    ]


def render_markdown(run: EvalRun, *, with_items: bool = True) -> str:
    """Headline metrics with intervals and baselines, the confusion matrix, and (unless
    `with_items` is False: a figures-only report) one row per item."""
    m = run.metrics
    lines = ["# IMR eval report", "", *_summary_lines(m)]
    if m.confusion:
        predicted = list(next(iter(m.confusion.values())))
        lines += [
            "## Confusion matrix (rows: reference, columns: draft)",
            "",
            "| reference | " + " | ".join(predicted) + " |",
            "| --- |" + " --- |" * len(predicted),
            *[
                f"| {ref} | " + " | ".join(str(row[p]) for p in predicted) + " |"
                for ref, row in m.confusion.items()
            ],
            "",
        ]
    lines += _kind_lines(m)
    if not with_items:
        return "\n".join(lines) + "\n"
    judges = item_judges(m)
    support_heads = "".join(f" support R ({judge.replace('|', '/')}) |" for judge in judges)
    lines += [
        "## Items",
        "",
        f"| letter | item | ref | draft | family | topic | page F1 |{support_heads} ROUGE-L | "
        "style | ms |",
        "| --- | --- | --- | --- | --- | --- | --- |" + " --- |" * (len(judges) + 3),
    ]
    for item in run.items:
        draft = item.draft_decision.value if item.draft_decision else "none"
        support = "".join(f" {_recall(item, judge)} |" for judge in judges)
        lines.append(
            f"| {item.letter_id} | {item.title.replace('|', '/')} | "
            f"{item.reference_decision.value} | {draft} | {_yes_no(item.family_match)} | "
            f"{_yes_no(item.topic_match)} | {fmt(item.page_f1)} |{support} "
            f"{fmt(item.rouge_l)} | {fmt(item.style_conformance)} | {item.latency_ms:.0f} |"
        )
    return "\n".join(lines) + "\n"


def _recall(item: ItemResult, judge: str) -> str:
    support = item_support(item, judge)
    return fmt(support.recall if support else None)


def _support_cells(item: ItemResult, judges: Sequence[str]) -> list[tuple[str, str]]:
    cells = []
    for judge in judges:
        support = item_support(item, judge)
        recall, precision = (support.recall, support.precision) if support else (None, None)
        cells.append((f"support R/P ({judge})", f"{fmt(recall)} / {fmt(precision)}"))
    return cells


def _yes_no(value: bool | None) -> str:
    return "n/a" if value is None else ("yes" if value else "no")


def word_diff(reference: str, draft: str) -> tuple[str, str]:
    """Both texts as HTML; words only in the reference in <del>, only in the draft in <ins>."""
    a, b = _TOKEN.findall(reference), _TOKEN.findall(draft)
    matcher = difflib.SequenceMatcher(
        a=[t.strip().lower() for t in a], b=[t.strip().lower() for t in b], autojunk=False
    )
    left: list[str] = []
    right: list[str] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        old, new = html.escape("".join(a[i1:i2])), html.escape("".join(b[j1:j2]))
        if tag == "equal":
            left.append(old)
            right.append(new)
            continue
        if old:
            left.append(f"<del>{old}</del>")
        if new:
            right.append(f"<ins>{new}</ins>")
    return "".join(left), "".join(right)


def _bar_chart(rows: Sequence[tuple[str, float | None, str]], scale: float, unit: str) -> str:
    """A horizontal bar chart as inline SVG: one bar per (label, value, colour)."""
    height = 22 * len(rows) + 8
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_BAR_WIDTH + 330}" height="{height}" '
        'role="img" class="chart">'
    ]
    for index, (label, value, colour) in enumerate(rows):
        y = 4 + index * 22
        width = 0 if value is None or scale <= 0 else max(1, round(_BAR_WIDTH * value / scale))
        shown = "not measured" if value is None else f"{fmt(value)}{unit}"
        parts += [
            f'<text x="0" y="{y + 14}" font-size="12">{html.escape(label)}</text>',
            f'<rect x="200" y="{y}" width="{width}" height="16" fill="{colour}"/>',
            f'<text x="{205 + width}" y="{y + 13}" font-size="11">{shown}</text>',
        ]
    parts.append("</svg>")
    return "".join(parts)


def _metrics_chart(run: EvalRun) -> str:
    rows = [
        (key, value, "#c0504d" if key in LOWER_IS_BETTER else "#4f81bd")
        for key, value in run.metrics.headline().items()
        if not key.startswith("latency")
    ]
    return _bar_chart(rows, 1.0, "")


def _latency_chart(run: EvalRun) -> str:
    rows = [(item.title[:30], item.latency_ms, "#9bbb59") for item in run.items]
    return _bar_chart(rows, max((item.latency_ms for item in run.items), default=0.0), " ms")


def _item_section(number: int, item: ItemResult, judges: Sequence[str]) -> str:
    left, right = word_diff(item.reference_rationale, item.draft_rationale)
    draft = item.draft_decision.value if item.draft_decision else "no decision"
    facts = ", ".join(item.unsupported_facts) or "none"
    cells = [
        ("family match", _yes_no(item.family_match)),
        (
            "topic match",
            f"{_yes_no(item.topic_match)} (reference: {', '.join(item.reference_topics) or 'none'};"
            f" draft: {', '.join(item.draft_topics) or 'none'})",
        ),
        (
            "page P/R/F1",
            f"{fmt(item.page_precision)} / {fmt(item.page_recall)} / {fmt(item.page_f1)}",
        ),
        ("citation validity", fmt(item.citation_validity)),
        *_support_cells(item, judges),
        ("unsupported facts", facts),
        ("ROUGE-L / cosine", f"{fmt(item.rouge_l)} / {fmt(item.embedding_similarity)}"),
        ("style", ", ".join(f"{k}={'yes' if v else 'no'}" for k, v in item.style.items())),
        (
            "tokens / latency",
            f"{item.prompt_tokens}+{item.completion_tokens} / {item.latency_ms:.0f} ms",
        ),
    ]
    table = "".join(f"<tr><th>{k}</th><td>{html.escape(v)}</td></tr>" for k, v in cells)
    return (
        f'<section class="item" id="item-{number}"><h3>{number}. {html.escape(item.title)} '
        f"<small>({html.escape(item.letter_id)})</small></h3>"
        f"<table class='facts'>{table}</table>"
        '<div class="pair"><div><h4>Reference: '
        f"{html.escape(item.reference_decision.value)}</h4>"
        f'<p class="line">{html.escape(item.reference_guideline)}</p><p>{left}</p></div>'
        f"<div><h4>Draft: {html.escape(draft)}</h4>"
        f'<p class="line">{html.escape(item.draft_guideline)}</p><p>{right}</p></div></div>'
        "</section>"
    )


_STYLE = """
body{font-family:sans-serif;margin:2em;max-width:1200px;color:#222}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ccc;padding:2px 8px;
text-align:left;font-size:13px}.pair{display:grid;grid-template-columns:1fr 1fr;gap:1em}
.pair p{font-size:14px;line-height:1.45}.line{font-style:italic;color:#555}
del{background:#fdd;text-decoration:none}ins{background:#dfd;text-decoration:none}
.item{border-top:2px solid #ddd;margin-top:1.5em}
"""


def render_html(run: EvalRun) -> str:
    """One HTML file: headline table, metric and latency charts, and each item side by side."""
    m = run.metrics
    headline = "".join(
        f"<tr><th>{row.key}</th><td>{fmt(row.value)}</td><td>{row.interval_text()}</td>"
        f"<td>{html.escape(row.baselines_text())}</td><td>{html.escape(row.note())}</td></tr>"
        for row in metric_rows(m)
    )
    confusion = ""
    if m.confusion:
        predicted = list(next(iter(m.confusion.values())))
        head = "".join(f"<th>{p}</th>" for p in predicted)
        body = "".join(
            f"<tr><th>{ref}</th>" + "".join(f"<td>{row[p]}</td>" for p in predicted) + "</tr>"
            for ref, row in m.confusion.items()
        )
        confusion = (
            "<h2>Confusion matrix</h2><p>Rows: reference decision; columns: drafted decision.</p>"
            f"<table><tr><th></th>{head}</tr>{body}</table>"
        )
    if m.proposal_kinds:
        rows = "".join(
            f"<tr><th>{html.escape(k.kind)}</th><td>{k.made}</td><td>{k.right}</td>"
            f"<td>{fmt(k.precision)}</td><td>{fmt(k.always_upheld)}</td>"
            f"<td>{html.escape(kind_note(k))}</td></tr>"
            for k in m.proposal_kinds
        )
        confusion += (
            f"<h2>Proposals by kind</h2><p>{html.escape(KINDS_NOTE)}</p><table><tr><th>proposal"
            "</th><th>made</th><th>right</th><th>precision</th><th>always_upheld</th><th>note"
            f"</th></tr>{rows}</table>"
        )
    judges = item_judges(m)
    items = "".join(_item_section(number, item, judges) for number, item in enumerate(run.items, 1))
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>IMR eval report</title><style>{_STYLE}</style></head><body>"
        "<h1>IMR eval report</h1>"
        f"<p>{html.escape(run_sentence(m))}</p>"
        "<h2>Metrics</h2><table><tr><th>metric</th><th>value</th><th>95% interval</th>"
        f"<th>baselines</th><th>note</th></tr>{headline}</table>"
        f"<p>{html.escape(tokens_line(m))}</p>{support_html(m)}"
        f"{_metrics_chart(run)}{confusion}"
        f"<h2>Latency per item</h2>{_latency_chart(run)}"
        "<h2>Items</h2><p>Words only in the reference are <del>red</del>; words only in the draft "
        f"are <ins>green</ins>.</p>{items}</body></html>\n"
    )
