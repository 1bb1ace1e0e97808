"""Where the tests find their inputs."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
CORPUS = REPO / "guideline_corpus"
FIXTURES = REPO / "tests" / "fixtures" / "letters"
EXAMPLE = REPO / "examples" / "letters" / "SYN-2015-0001.txt"
