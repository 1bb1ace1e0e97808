"""How long intake takes on the largest synthetic case file (150 pages), offline.

    python evals/bench_intake.py [--runs 5]

Prints each run and the median in seconds; exits 1 when the median is 10 s or more.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from assistant.intake.build import intake_files
from tests.intake.synthetic import write_bundles

LIMIT_SECONDS = 10.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path, _ = max(write_bundles(Path(folder)), key=lambda found: found[0].stat().st_size)
        times = []
        for run in range(args.runs):
            start = time.perf_counter()
            result = intake_files([path])
            times.append(time.perf_counter() - start)
            print(f"run {run + 1}: {len(result.pages)} pages in {times[-1]:.2f} s")
    median = statistics.median(times)
    print(f"median: {median:.2f} s (limit {LIMIT_SECONDS:.0f} s)")
    return 0 if median < LIMIT_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
