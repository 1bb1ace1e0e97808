"""Write a run to its folder (metrics.json, items.jsonl, report.md, report.html); read it back."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import ValidationError

from assistant.errors import InputError
from assistant.evaluation.models import ItemResult, RunMetrics
from assistant.evaluation.report import render_html, render_markdown
from assistant.evaluation.runner import EvalRun
from assistant.files import read_input_text

METRICS_FILE = "metrics.json"
ITEMS_FILE = "items.jsonl"


def write_run(run: EvalRun, out: Path, *, figures_only: bool = False) -> list[Path]:
    """Write every file of the run under `out` (created if needed); returns their paths.

    `figures_only` leaves the item rows out of report.md (items.jsonl and report.html keep them).
    """
    out.mkdir(parents=True, exist_ok=True)
    files = {
        METRICS_FILE: json.dumps(run.metrics.model_dump(mode="json"), indent=2) + "\n",
        ITEMS_FILE: "".join(item.model_dump_json() + "\n" for item in run.items),
        "report.md": render_markdown(run, with_items=not figures_only),
        "report.html": render_html(run),
    }
    paths = []
    for name, text in files.items():
        path = out / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def read_run(folder: Path) -> EvalRun:
    """A run folder written by `write_run`; InputError names the file that is missing or bad."""
    if not folder.is_dir():
        raise InputError("not a folder of an eval run", folder)
    metrics_path, items_path = folder / METRICS_FILE, folder / ITEMS_FILE
    for path in (metrics_path, items_path):
        if not path.is_file():
            raise InputError("missing: not the output folder of `imr eval`", path)
    try:
        summary = RunMetrics.model_validate_json(read_input_text(metrics_path))
    except ValidationError as exc:
        raise InputError(
            f"not an eval metrics file ({exc.error_count()} problem(s))", metrics_path
        ) from None
    items = []
    for number, line in enumerate(read_input_text(items_path).splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(ItemResult.model_validate_json(line))
        except ValidationError:
            raise InputError(f"line {number} is not an eval item", items_path) from None
    return EvalRun(metrics=summary, items=items)
