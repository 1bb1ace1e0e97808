"""Failed sign-ins lock a name for a while; a success clears the count."""

from __future__ import annotations

from assistant.access.throttle import SignInThrottle


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_too_many_failures_lock_the_name_until_the_lockout_ends() -> None:
    clock = Clock()
    throttle = SignInThrottle(max_failures=3, lockout_s=60, clock=clock)
    for _ in range(2):
        throttle.failed("Dr. Rivera")
    assert throttle.seconds_locked("Dr. Rivera") == 0
    throttle.failed("dr. rivera ")
    assert throttle.seconds_locked("DR. RIVERA") == 60
    assert throttle.seconds_locked("Dr. Chen") == 0
    clock.now += 59
    assert throttle.seconds_locked("Dr. Rivera") == 1
    clock.now += 1
    assert throttle.seconds_locked("Dr. Rivera") == 0


def test_a_success_clears_the_failures() -> None:
    throttle = SignInThrottle(max_failures=2, lockout_s=60, clock=Clock())
    throttle.failed("Dr. Rivera")
    throttle.succeeded("Dr. Rivera")
    throttle.failed("Dr. Rivera")
    assert throttle.seconds_locked("Dr. Rivera") == 0
