"""`imr draft`: draft the rationale of each disputed item of a case, with validated citations."""

from __future__ import annotations

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer
from rich.markup import escape

from assistant.cli.common import (
    error_line,
    fail,
    load_settings,
    print_json,
    reports_errors,
    require_vector_store,
    stdout,
)
from assistant.drafting.case import read_case
from assistant.letters.eras import CitationStyle, CitationStyleSetting
from assistant.llm.progress import DraftStatus, reporting, status_line

if TYPE_CHECKING:
    from assistant.drafting.result import ItemDraft

EXIT_MODEL_FAILED = 1


class ItemProgress:
    """Per-item progress on stderr: each model call as it starts, each item as it ends."""

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0

    def _line(self, text: str) -> None:
        print(
            f"[{min(self.done + 1, self.total)}/{self.total}] {text}", file=sys.stderr, flush=True
        )

    def on_call(self, status: DraftStatus) -> None:
        self._line(status_line(status))

    def on_item(self, item: ItemDraft) -> None:
        outcome = (
            f"needs review ({len(item.problems)} problem(s))" if item.needs_review else "validated"
        )
        seconds = sum(item.timings_ms.values()) / 1000
        usage = item.usage
        self._line(
            f"{item.title}: {outcome}, {item.attempts} attempt(s), {seconds:.1f} s, "
            f"{usage.prompt_tokens}+{usage.completion_tokens} tokens"
        )
        self.done += 1


def _show(item: ItemDraft) -> None:
    decision = item.decision.value if item.decision else "no decision"
    stdout.print(f"[bold]{escape(item.title)}: {decision}[/bold] ({item.decision_source})")
    if item.proposal is not None:
        stdout.print(escape(item.proposal.describe(item.model)))
    stdout.print(f"MAXIMUS guideline: {escape(item.maximus_guideline or '(none)')}")
    stdout.print(f"Decision rationale: {escape(item.rationale or '(none)')}")
    flagged: set[str] = set()
    for number, citation in enumerate(item.citations, 1):
        pages = ", ".join(str(page) for page in citation.pages) or "no pages"
        stdout.print(f"  [{number}] {escape(citation.citation)} ({citation.section}; {pages})")
        if citation.outside_fact_sheet and citation.citation not in flagged:
            flagged.add(citation.citation)
            numbers = ", ".join(citation.outside_fact_sheet)
            stdout.print(f"      numbers to check against the guideline: {escape(numbers)}")
    if item.criteria:
        stdout.print("Criteria:")
        for finding in item.criteria:
            evidence = ", ".join(finding.evidence) or "-"
            stdout.print(f"  {finding.status.value:<15} {escape(finding.criterion)} [{evidence}]")
    status = "[red]needs review[/red]" if item.needs_review else "[green]validated[/green]"
    usage = item.usage
    cost = "n/a" if usage.cost_usd is None else f"${usage.cost_usd:.4f}"
    stdout.print(
        f"{status} - {item.model}, {item.attempts} attempt(s), "
        f"{usage.prompt_tokens}+{usage.completion_tokens} tokens, {cost}"
    )
    for problem in item.problems:
        stdout.print(f"  - {problem.code}: {escape(problem.message)}")
    stdout.print()


@reports_errors
def draft_command(
    case_file: Annotated[
        Path,
        typer.Argument(
            metavar="CASE",
            help="A case JSON file, or a determination letter (.txt/.pdf) whose rationales are "
            "ignored.",
        ),
    ],
    model: Annotated[
        Literal["offline", "openai"] | None,
        typer.Option(
            "--model",
            help="Drafting model: 'offline' (no network) or 'openai' (IMR_LLM__API_KEY, or "
            "IMR_LLM__BASE_URL for an OpenAI-compatible server). Default: IMR_LLM__BACKEND.",
        ),
    ] = None,
    items: Annotated[
        list[str] | None,
        typer.Option("--item", help="Draft only this item (repeatable; title, any case)."),
    ] = None,
    predict_decision: Annotated[
        bool,
        typer.Option(
            "--predict-decision",
            help="Ignore the case's decisions and let the model propose one per item.",
        ),
    ] = False,
    exclude_letter: Annotated[
        list[str] | None,
        typer.Option("--exclude-letter", help="Leave a past letter out of retrieval."),
    ] = None,
    citation_style: Annotated[
        CitationStyle | None,
        typer.Option(
            "--citation-style",
            help="Write the MAXIMUS guideline line citing 'pages' (2013-2015 letters) or "
            "'sections' (2016 on). Default: IMR_CITATION_STYLE, where 'auto' follows the case's "
            "decision or UR date.",
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the drafts as JSON.")] = False,
    as_letter: Annotated[
        bool, typer.Option("--letter", help="Print the drafted letter in the house format.")
    ] = False,
    progress: Annotated[
        bool,
        typer.Option(
            "--progress",
            help="Show each item's progress on stderr (shown anyway when stderr is a terminal).",
        ),
    ] = False,
) -> None:
    """Draft each disputed item: decision, MAXIMUS guideline line and a cited rationale.

    Every citation points at an excerpt retrieved for that item, and the guideline line is
    rendered from the excerpts' metadata. A draft that fails validation is re-asked, then flagged
    `needs_review` with its problems; exit code 1 means the model failed on some item.

    Examples:

      imr draft examples/cases/SYN-CASE-0001.json

      imr draft examples/cases/SYN-CASE-0002.json --item "Cyclobenzaprine 7.5 mg #60" --json

      imr draft examples/letters/SYN-2015-0001.txt --predict-decision --letter

      imr draft examples/cases/SYN-CASE-0001.json --citation-style sections
    """
    if as_json and as_letter:
        fail("choose one of --json and --letter")
    settings = load_settings(model)
    if citation_style is not None:
        settings = settings.model_copy(
            update={"citation_style": CitationStyleSetting(citation_style.value)}
        )
    case = read_case(case_file, settings.limits)
    titles = {item.title.casefold() for item in case.items}
    unknown = [title for title in items or [] if title.casefold() not in titles]
    if unknown:
        listed = "; ".join(item.title for item in case.items)
        fail(f"{case_file}: no item titled {unknown[0]!r}; the items are: {listed}")
    require_vector_store(settings)
    from assistant.drafting.chain import build_chain  # the model clients load only to draft
    from assistant.drafting.letter import render_draft_letter

    chain = build_chain(settings)
    wanted = {title.casefold() for title in items} if items else titles
    shown = ItemProgress(sum(item.title.casefold() in wanted for item in case.items))
    listening = progress or sys.stderr.isatty()
    with reporting(shown.on_call) if listening else nullcontext():
        drafts = chain.draft_case(
            case,
            titles=items,
            predict_decision=predict_decision,
            exclude_letter_ids=exclude_letter or [],
            on_item=shown.on_item if listening else None,
        )
    if as_json:
        print_json(drafts.row())
    elif as_letter:
        sys.stdout.write(render_draft_letter(case, drafts))
    else:
        for item in drafts.items:
            _show(item)
    flagged = [item.title for item in drafts.items if item.needs_review]
    if flagged and not as_json:
        error_line(f"{len(flagged)} item(s) need review: {'; '.join(flagged)}")
    if any(item.decision is None and not item.abstained for item in drafts.items):
        raise typer.Exit(EXIT_MODEL_FAILED)
