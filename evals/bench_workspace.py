"""Click timings of the reviewer workspace on a 5-item case, in real headless Chromium.

Starts `streamlit run app.py` on 127.0.0.1 against a fresh data dir (the bundled corpus ingested
first), then for each run creates a new 5-item case with the reviewer's decisions and times, from
click to the result on screen and the script run finished: opening the case, "Draft all", "Accept
all drafted items without problems", the Export tab and the .docx download. Prints the median and
every run of each step (`--json` for scripts). Needs Debian's chromium at /usr/bin/chromium and
the dev tools (it drives the browser with the browser tests' helpers).

    python -m evals.bench_workspace --runs 5
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypedDict

from assistant.drafting.case import CaseItem
from assistant.letters.models import Decision
from assistant.review.store import FILENAME, ReviewStore
from tests.ui.browser import CHROMIUM, free_port, see, streamlit_server

if TYPE_CHECKING:
    from playwright.sync_api import Browser

REPO = Path(__file__).resolve().parents[1]
SUMMARY = (
    "SYNTHETIC. The injured worker is a 48-year-old who hurt the low back lifting a box on "
    "3/2/2015. Pain radiates to the left leg; straight leg raise is negative. Six sessions of "
    "physical therapy helped briefly. Norco 10/325 has been taken for a year without documented "
    "functional improvement."
)
ITEMS = [
    ("MRI of the lumbar spine without contrast", Decision.UPHELD),
    ("Norco 10/325 mg #90", Decision.UPHELD),
    ("Physical therapy, 12 sessions for the low back", Decision.UPHELD),
    ("Cyclobenzaprine 7.5 mg #60", Decision.UPHELD),
    ("Acupuncture, 6 sessions for the low back", Decision.OVERTURNED),
]
STEPS = ("open", "draft all", "accept all", "export tab", "docx download")


class StepFigures(TypedDict):
    median_s: float
    runs_s: list[float]


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _one_run(browser: Browser, url: str, store: ReviewStore) -> dict[str, float]:
    items = [CaseItem(title=title, decision=decision) for title, decision in ITEMS]
    case_id = store.create_case(f"SYN-BENCH-{time.time_ns()}", SUMMARY, items, "Bench")
    number = store.get_case(case_id).case_number
    page = browser.new_page(viewport={"width": 1400, "height": 1000})

    def open_case() -> None:
        page.goto(f"{url}/?case={case_id}&reviewer=Bench")
        see(page, number)

    def draft_all() -> None:
        page.locator(".st-key-draft_all button").first.click()
        see(page, f"Drafted {len(ITEMS)} item(s).")

    def accept_all() -> None:
        page.get_by_role("button", name="Accept all drafted items").click()
        see(page, f"Accepted {len(ITEMS)} item(s).")

    def export_tab() -> None:
        page.get_by_role("tab", name="Export").click()
        see(page, "Every item is accepted")

    def download() -> None:
        with page.expect_download() as info:
            page.locator(".st-key-download_docx button").click()
        info.value.path()

    times: dict[str, float] = {}
    try:
        times["open"] = _timed(open_case)
        times["draft all"] = _timed(draft_all)
        times["accept all"] = _timed(accept_all)
        times["export tab"] = _timed(export_tab)
        times["docx download"] = _timed(download)
    finally:
        page.close()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="cases timed (default 5)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"error: {CHROMIUM} is not installed", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder) / "data"
        env = {**os.environ, "IMR_DATA_DIR": str(data_dir)}
        subprocess.run(
            [sys.executable, "-m", "assistant", "ingest"],
            cwd=REPO, env=env, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        store = ReviewStore(data_dir / FILENAME)
        runs: list[dict[str, float]] = []
        with streamlit_server(data_dir, free_port()) as url, sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
            )
            _one_run(browser, url, store)  # warm-up: first page load compiles the front end
            for _ in range(args.runs):
                runs.append(_one_run(browser, url, store))
            browser.close()
    figures: dict[str, StepFigures] = {
        step: {
            "median_s": round(statistics.median(run[step] for run in runs), 3),
            "runs_s": [round(run[step], 3) for run in runs],
        }
        for step in STEPS
    }
    if args.json:
        print(json.dumps({"items": len(ITEMS), "runs": args.runs, "steps": figures}, indent=2))
    else:
        print(f"{len(ITEMS)}-item case, {args.runs} runs after one warm-up (seconds)")
        for step, figure in figures.items():
            runs_text = ", ".join(f"{value:.2f}" for value in figure["runs_s"])
            print(f"{step:<14} median {figure['median_s']:.2f}   ({runs_text})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
