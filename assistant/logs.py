"""Logging for the command line: IMR_LOG_LEVEL chooses what reaches stderr.

Case text is logged at DEBUG only, so anything above DEBUG is safe to keep or forward.
"""

from __future__ import annotations

import logging
import os

LEVELS = ("DEBUG", "INFO", "WARNING", "ERROR")


def configure_logging(level: str | None = None) -> None:
    """Send the tool's log records at `level` (default: IMR_LOG_LEVEL, else WARNING) to stderr.

    An unknown level falls back to WARNING here; the settings check reports it to the user.
    """
    wanted = (level or os.environ.get("IMR_LOG_LEVEL") or "WARNING").upper()
    logging.basicConfig(
        level=wanted if wanted in LEVELS else "WARNING",
        format="%(levelname)s %(name)s: %(message)s",
    )
