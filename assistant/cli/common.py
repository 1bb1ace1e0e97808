"""Helpers every command shares: one-line errors on stderr, JSON output, exit codes."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from typing import Any, NoReturn, ParamSpec, TypeVar

import typer
from rich.console import Console

from assistant.errors import ConfigError, IMRError
from assistant.settings import Settings
from assistant.settings import load_settings as read_settings

P = ParamSpec("P")
R = TypeVar("R")

EXIT_BAD_INPUT = 2

stdout = Console(highlight=False, soft_wrap=True)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)


def error_line(message: str) -> None:
    """Print one plain error line on stderr (no markup interpretation)."""
    print(f"error: {message}", file=sys.stderr)


def fail(message: str) -> NoReturn:
    """Report a bad input or state and exit with code 2."""
    error_line(message)
    raise typer.Exit(EXIT_BAD_INPUT)


def print_json(data: Any) -> None:
    """Write JSON to stdout exactly (no wrapping or colour)."""
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def reports_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Turn the project's own errors into one line on stderr and exit code 2, never a traceback."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except IMRError as exc:
            fail(str(exc))
        except KeyboardInterrupt:
            error_line("interrupted")
            raise typer.Exit(130) from None

    return wrapper


def load_settings(model: str | None = None) -> Settings:
    """The effective settings of this invocation, with the drafting backend a `--model` option
    chose (when given); an invalid IMR_* variable is a clear error."""
    try:
        settings = read_settings()
    except ConfigError as exc:
        fail(str(exc))
    if model is None:
        return settings
    return settings.model_copy(update={"llm": settings.llm.model_copy(update={"backend": model})})


def require_vector_store(settings: Settings) -> None:
    """Exit 2 with what to do when the vector store fails its self-check."""
    from assistant.store.health import check_vector_store  # the vector store's client is heavy

    health = check_vector_store(settings)
    if not health.healthy:
        fail(health.summary())
