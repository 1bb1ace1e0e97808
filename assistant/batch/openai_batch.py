"""`--openai-batch`: upload the requests, create a batch, poll it and download its files.

The batch id and manifest are saved in `DIR/openai_batch.json` right after the batch is
created, before any polling, so a run stopped at any later point resumes by polling the same
batch; the file is removed once every item of the batch is journaled.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import openai
from openai.types import Batch
from pydantic import BaseModel, ValidationError

from assistant.batch.journal import write_atomically
from assistant.batch.openai_requests import ManifestEntry
from assistant.errors import InputError

STATE = "openai_batch.json"
FILES = "openai_batch"
REQUESTS = "requests.jsonl"
TERMINAL = frozenset({"completed", "failed", "expired", "cancelled"})


class SubmittedBatch(BaseModel):
    """A batch this output folder is waiting on."""

    batch_id: str
    input_file_id: str
    manifest: dict[str, ManifestEntry]


def state_path(out_dir: Path) -> Path:
    return out_dir / STATE


def requests_path(out_dir: Path) -> Path:
    return out_dir / FILES / REQUESTS


def load_state(out_dir: Path) -> SubmittedBatch | None:
    """The saved batch of `out_dir`, or None; a damaged file is an error naming it."""
    path = state_path(out_dir)
    if not path.exists():
        return None
    try:
        return SubmittedBatch.model_validate_json(path.read_bytes())
    except ValidationError:
        raise InputError(
            "is not a saved batch (damaged; remove it to submit again)", path
        ) from None


def save_state(out_dir: Path, state: SubmittedBatch) -> None:
    write_atomically(state_path(out_dir), state.model_dump_json(indent=2) + "\n")


def clear_state(out_dir: Path) -> None:
    state_path(out_dir).unlink(missing_ok=True)


def write_requests(out_dir: Path, jsonl: str) -> Path:
    path = requests_path(out_dir)
    write_atomically(path, jsonl)
    return path


def submit(
    client: openai.OpenAI, out_dir: Path, jsonl: str, manifest: dict[str, ManifestEntry]
) -> SubmittedBatch:
    """Upload the requests, create the batch and save it before returning."""
    path = write_requests(out_dir, jsonl)
    uploaded = client.files.create(file=(REQUESTS, path.read_bytes()), purpose="batch")
    batch = client.batches.create(
        input_file_id=uploaded.id, endpoint="/v1/chat/completions", completion_window="24h"
    )
    state = SubmittedBatch(batch_id=batch.id, input_file_id=uploaded.id, manifest=manifest)
    save_state(out_dir, state)
    return state


def poll(
    client: openai.OpenAI,
    batch_id: str,
    interval_s: float,
    on_status: Callable[[Batch], None],
    sleep: Callable[[float], None] = time.sleep,
) -> Batch:
    """Retrieve the batch every `interval_s` seconds until it reaches a terminal status."""
    while True:
        batch = client.batches.retrieve(batch_id)
        on_status(batch)
        if batch.status in TERMINAL:
            return batch
        sleep(interval_s)


def describe_status(batch: Batch) -> str:
    """One line on where the batch stands, e.g. `batch_1: in_progress, 3/10 done, 0 failed`."""
    counts = batch.request_counts
    done = f", {counts.completed}/{counts.total} done, {counts.failed} failed" if counts else ""
    return f"batch {batch.id}: {batch.status}{done}"


def batch_problem(batch: Batch) -> str:
    """Why a batch that ended other than `completed` did, in one line."""
    errors = batch.errors.data if batch.errors and batch.errors.data else []
    reason = f": {errors[0].message}" if errors and errors[0].message else ""
    return f"batch {batch.id} {batch.status}{reason}"


def download(client: openai.OpenAI, file_id: str, path: Path) -> Path:
    """Save a batch file (output or errors) under the output folder, whole or not at all."""
    write_atomically(path, client.files.content(file_id).text)
    return path


def download_results(client: openai.OpenAI, batch: Batch, out_dir: Path) -> list[Path]:
    """The batch's output and error files, saved as `openai_batch/<batch id>-{output,errors}`."""
    saved = []
    for kind, file_id in (("output", batch.output_file_id), ("errors", batch.error_file_id)):
        if file_id:
            saved.append(download(client, file_id, out_dir / FILES / f"{batch.id}-{kind}.jsonl"))
    return saved
