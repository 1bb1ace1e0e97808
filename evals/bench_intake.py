"""Offline case intake time on the largest synthetic case file (150 pages).

    python -m evals.bench_intake [--runs 3] [--json]

Writes the synthetic case files of `tests.data.intake` into a temporary folder, then takes the
150-page one in `--runs` times, as `imr intake` does (read the text layer of every page, split the
documents, read the disputed items, write the summary). Reports the time of each phase for the
fastest run and the total; the goal is under 10 s. Needs reportlab (the dev extra).
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from assistant.intake.disputed import ur_items
from assistant.intake.models import DocumentType
from assistant.intake.noise import running_lines
from assistant.intake.pages import read_pages
from assistant.intake.reader import intake_pages
from assistant.intake.split import ANY_TITLE, split_documents
from tests.data.intake.cases import SPECS
from tests.data.intake.generate import write_bundle

GOAL_S = 10.0


def _once(path: Path) -> dict[str, float]:
    start = time.perf_counter()
    pages = read_pages([path])
    read = time.perf_counter()
    documents = split_documents(pages)
    running = running_lines(pages, ANY_TITLE)
    for document in documents:
        if document.type is DocumentType.UR_DETERMINATION:
            ur_items(document, pages, running)
    split = time.perf_counter()
    intake_pages(pages, path.stem)
    done = time.perf_counter()
    return {
        "pages": float(len(pages)),
        "read_s": read - start,
        "split_and_items_s": split - read,
        "whole_intake_after_read_s": done - split,
        "total_s": (read - start) + (done - split),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    index, spec = max(enumerate(SPECS), key=lambda pair: pair[1].pages)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{spec.case_id}.pdf"
        write_bundle(spec, index, path)
        runs = [_once(path) for _ in range(args.runs)]
    best = min(runs, key=lambda run: run["total_s"])
    if args.json:
        print(json.dumps(best, indent=2))
        return
    print(f"{spec.case_id}: {best['pages']:.0f} pages")
    print(f"  read text layer      {best['read_s']:.2f} s")
    print(f"  split + UR items     {best['split_and_items_s']:.2f} s")
    print(f"  whole intake (after) {best['whole_intake_after_read_s']:.2f} s")
    verdict = "within" if best["total_s"] < GOAL_S else "OVER"
    print(f"  total                {best['total_s']:.2f} s ({verdict} the {GOAL_S:.0f} s goal)")


if __name__ == "__main__":
    main()
