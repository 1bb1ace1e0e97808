"""Small synthetic cases for batch tests and benchmarks (marked synthetic; no real person)."""

from __future__ import annotations

import json
from pathlib import Path

TITLES = [
    "Cyclobenzaprine 7.5 mg Qty 60",
    "MRI of the lumbar spine without contrast",
    "Physical therapy, 12 sessions for the low back",
    "TENS unit, purchase",
    "Tramadol 50 mg Qty 90",
    "Acupuncture, 6 sessions",
    "Omeprazole 20 mg Qty 30",
    "Lumbar epidural steroid injection at L4-L5",
]

SUMMARY = (
    "Synthetic case for automated tests. The injured worker is a 48-year-old warehouse clerk "
    "with chronic low back pain after a lifting injury. The provider notes ongoing pain rated "
    "6 of 10, reduced range of motion and no documented functional improvement with prior "
    "care. The request is for continued treatment."
)


def synthetic_case(number: int, items: int = 1) -> dict[str, object]:
    titles = [TITLES[(number + offset) % len(TITLES)] for offset in range(items)]
    return {
        "case_id": f"SYN-BATCH-{number:04d}",
        "clinical_summary": SUMMARY,
        "items": [{"title": title, "decision": "Upheld"} for title in titles],
    }


def write_cases(folder: Path, count: int, items: int = 1) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(1, count + 1):
        path = folder / f"SYN-BATCH-{number:04d}.json"
        path.write_text(json.dumps(synthetic_case(number, items)), encoding="utf-8")
    return folder
