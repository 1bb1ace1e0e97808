"""How the eval's reports and command line write figures."""

from __future__ import annotations

BY_CONSTRUCTION = "by construction"
"""The note on a figure the drafting model meets by how it is built."""


def fmt(value: float | None) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if abs(value) < 100 else f"{value:.0f}"
