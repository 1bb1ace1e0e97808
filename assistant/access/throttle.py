"""Failed sign-ins counted per name: too many in a row lock the name for a while."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable


class SignInThrottle:
    """Counts failures per name (ignoring case); `max_failures` of them lock it for `lockout_s`.

    A success clears the count. Safe to share between the sessions of one server.
    """

    def __init__(
        self,
        max_failures: int,
        lockout_s: float,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_failures = max_failures
        self.lockout_s = lockout_s
        self._clock = clock
        self._failures: dict[str, int] = {}
        self._locked_until: dict[str, float] = {}
        self._lock = threading.Lock()

    def seconds_locked(self, name: str) -> float:
        """How long the name stays locked (0 when it may try now)."""
        with self._lock:
            until = self._locked_until.get(name.strip().casefold(), 0.0)
            return max(0.0, until - self._clock())

    def failed(self, name: str) -> None:
        key = name.strip().casefold()
        with self._lock:
            count = self._failures.get(key, 0) + 1
            if count >= self.max_failures:
                self._locked_until[key] = self._clock() + self.lockout_s
                count = 0
            self._failures[key] = count

    def succeeded(self, name: str) -> None:
        key = name.strip().casefold()
        with self._lock:
            self._failures.pop(key, None)
            self._locked_until.pop(key, None)
