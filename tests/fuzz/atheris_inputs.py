"""Coverage-guided fuzzing of the upload intake (case JSON, text and PDF letters) with atheris.

Needs the `fuzz` extra (pip install -e '.[fuzz]'). Any exception other than the project's own
errors is a crash that atheris reports with the input that caused it:

  python tests/fuzz/atheris_inputs.py -runs=100000
  python tests/fuzz/atheris_inputs.py -max_total_time=600 corpus_dir/
"""

from __future__ import annotations

import contextlib
import sys

import atheris

with atheris.instrument_imports():
    from assistant.errors import IMRError
    from assistant.review.intake import case_from_upload

NAMES = ("upload.json", "upload.txt", "upload.pdf")


def fuzz_one(data: bytes) -> None:
    """Read the bytes as an upload under the name the first byte picks."""
    if not data:
        return
    with contextlib.suppress(IMRError):
        case_from_upload(NAMES[data[0] % len(NAMES)], data[1:])


if __name__ == "__main__":
    atheris.Setup(sys.argv, fuzz_one)
    atheris.Fuzz()
