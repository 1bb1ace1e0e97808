"""`imr ingest`: chunk the corpus and bring the vector store up to date."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from assistant.cli.common import load_settings, print_json, reports_errors, stderr, stdout

if TYPE_CHECKING:
    from assistant.store.ingest import IngestReport


def _report_table(report: IngestReport) -> Table:
    table = Table("collection", "files", "chunks", "added", "removed", "unchanged", "files changed")
    for change in report.changes:
        table.add_row(
            change.collection,
            str(change.files),
            str(change.chunks),
            str(change.added),
            str(change.removed),
            str(change.unchanged),
            str(change.files_changed),
        )
    return table


@reports_errors
def ingest_command(
    guidelines: Annotated[
        Path | None,
        typer.Option(
            "--guidelines", help="Folder of guideline topic files (*.md).", show_default=False
        ),
    ] = None,
    determinations: Annotated[
        list[Path] | None,
        typer.Option(
            "--determinations",
            help="Folder of past determination letters (.txt or .pdf); repeat for several.",
            show_default=False,
        ),
    ] = None,
    reset: Annotated[
        bool, typer.Option("--reset", help="Delete the store (both collections) first.")
    ] = False,
    lock_timeout: Annotated[
        float, typer.Option("--lock-timeout", help="Seconds to wait for another running ingest.")
    ] = 60.0,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Chunk the guideline corpus and past determinations and store them for retrieval.

    With no folder given, ingests the bundled corpus (guideline_corpus/guidelines and
    guideline_corpus/determinations). Re-running is cheap: unchanged chunks are skipped, changed
    files replace their chunks and removed files lose theirs.

    Examples:

      imr ingest

      imr ingest --determinations ~/letters/2016   # add your own past letters

      imr ingest --reset                           # rebuild from scratch (e.g. new embedding model)

    An ingest that was interrupted (killed, power cut) is noticed by the next one, which rebuilds
    the store; `--reset` also rebuilds a local store that Chroma can no longer open.
    """
    settings = load_settings()
    # Imported here, not at the top: the store and the embedding model are slow to load.
    from assistant.store.backend import embedding_backend
    from assistant.store.client import describe_location
    from assistant.store.ingest import ingest

    if guidelines is None and not determinations:
        guidelines = settings.guidelines_dir
        determinations = [settings.determinations_dir]
    embeddings, identity = embedding_backend(settings)
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        transient=True,
        disable=as_json or not stderr.is_terminal,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def progress(label: str, done: int, total: int) -> None:
            if label not in tasks:
                tasks[label] = bar.add_task(label, total=total)
            bar.update(tasks[label], completed=done, total=total)

        report = ingest(
            settings,
            embeddings=embeddings,
            identity=identity,
            guidelines=guidelines,
            determinations=determinations or [],
            topics_for_classification=settings.guidelines_dir,
            reset=reset,
            lock_timeout=lock_timeout,
            progress=progress,
            notice=lambda message: stderr.print(message, markup=False),
        )
    if as_json:
        print_json(
            {
                "store": describe_location(settings),
                "embedding_model": identity.model,
                "changes": [change.model_dump() for change in report.changes],
                "rebuilt": report.rebuilt,
                "added": report.added,
                "removed": report.removed,
                "seconds": round(report.seconds, 3),
                "embedding_seconds": round(report.embedding_seconds, 3),
            }
        )
        return
    stdout.print(_report_table(report))
    stdout.print(
        f"{report.added} chunks added, {report.removed} removed in {report.seconds:.1f} s "
        f"({describe_location(settings)}, embeddings: {identity.model})"
    )
