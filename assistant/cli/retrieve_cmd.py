"""`imr retrieve`: show what retrieval hands the drafting model for a query."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from assistant.cli.common import (
    fail,
    load_settings,
    print_json,
    reports_errors,
    require_vector_store,
    stdout,
)
from assistant.corpus.chunks import ChunkKind
from assistant.letters.models import Decision
from assistant.letters.sources import GuidelineSource
from assistant.retrieval.models import Mode, RetrievalFilter


@reports_errors
def retrieve_command(
    query: Annotated[
        str, typer.Argument(help="An item title or question, e.g. 'Norco 10/325 #90'.")
    ],
    k: Annotated[int, typer.Option("--k", min=1, max=100, help="How many chunks to return.")] = 5,
    kind: Annotated[
        ChunkKind, typer.Option("--kind", help="Guideline excerpts or past determination items.")
    ] = ChunkKind.GUIDELINE,
    mode: Annotated[Mode, typer.Option("--mode", help="Ranking to use.")] = Mode.HYBRID,
    source: Annotated[
        GuidelineSource | None, typer.Option("--source", help="Only this guideline family.")
    ] = None,
    chapter: Annotated[
        int | None, typer.Option("--chapter", help="Only this ACOEM chapter.")
    ] = None,
    decision: Annotated[
        Decision | None, typer.Option("--decision", help="Only past items with this decision.")
    ] = None,
    exclude_letter: Annotated[
        list[str] | None, typer.Option("--exclude-letter", help="Leave out a past letter's items.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print rows as JSON.")] = False,
) -> None:
    """Search the ingested corpus: dense + BM25 + alias rankings, fused, with citations.

    Examples:

      imr retrieve "Cyclobenzaprine 7.5 mg Qty 60"

      imr retrieve "Lumbar Spine MIR" --k 3 --json

      imr retrieve "TENS unit" --kind determination --decision Overturned
    """
    if kind is ChunkKind.GUIDELINE and (decision or exclude_letter):
        fail("--decision and --exclude-letter apply to past items: add --kind determination")
    settings = load_settings()
    require_vector_store(settings)
    from assistant.retrieval.factory import build_searcher  # loads the store and the model

    searcher = build_searcher(settings)
    where = RetrievalFilter(
        source=source.value if source else None,
        chapter=chapter,
        decision=decision.value if decision else None,
        exclude_letter_ids=exclude_letter or [],
    )
    hits = searcher.search(query, kind=kind, k=k, where=where, mode=mode)
    if as_json:
        print_json([hit.row() for hit in hits])
        return
    table = Table(
        "#", "citation", "section / item", "score", title=f"{kind.value} chunks for {query!r}"
    )
    for rank, hit in enumerate(hits, start=1):
        label = (
            hit.meta.section
            if kind is ChunkKind.GUIDELINE
            else f"{hit.meta.title}: {hit.meta.decision}"
        )
        table.add_row(str(rank), hit.citation, f"{hit.meta.title} - {label}", f"{hit.score:.4f}")
    stdout.print(table)
    if not hits:
        stdout.print("No chunk matched the query and filters.")
