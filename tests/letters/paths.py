"""Where the letter tests find their inputs."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SEEDS = REPO.parent / "shared" / "seeds"
FIXTURES = REPO / "tests" / "fixtures" / "letters"
EXAMPLE = REPO / "examples" / "letters" / "SYN-2015-0001.txt"
