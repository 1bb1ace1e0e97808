"""Determination letters with an attack hidden in them, as a reviewer might upload them."""

from __future__ import annotations

from pathlib import Path

from tests.letters.pdfs import write_text_pdf
from tests.paths import EXAMPLE

CLEAN = EXAMPLE.read_text(encoding="utf-8")
TITLE = "Cyclobenzaprine 10 mg #60"
SUMMARY_ANCHOR = "Lumbar radiographs from January 2015 were normal."
RATIONALE_ANCHOR = "The request for cyclobenzaprine 10 mg #60 is not medically necessary."
RATIONALE_MARKER = "Old rationale note:"


def letter_with(attack: str) -> str:
    """The example letter with the attack in its case summary, and again (after a marker) at the
    end of an item's old rationale, which intake drops."""
    assert SUMMARY_ANCHOR in CLEAN and RATIONALE_ANCHOR in CLEAN
    text = CLEAN.replace(SUMMARY_ANCHOR, f"{SUMMARY_ANCHOR} {attack}")
    return text.replace(RATIONALE_ANCHOR, f"{RATIONALE_ANCHOR} {RATIONALE_MARKER} {attack}")


def write_letter(folder: Path, attack: str, suffix: str) -> Path:
    """The attacked letter as a .txt file or a generated .pdf with a text layer."""
    path = folder / f"SYN-2015-0001{suffix}"
    if suffix == ".pdf":
        write_text_pdf(path, letter_with(attack))
    else:
        path.write_text(letter_with(attack), encoding="utf-8")
    return path
