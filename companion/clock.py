"""Injected time: everything that depends on time takes a ``Clock``.

Tests drive a ``ManualClock``; demo modes run a ``ScaledClock`` that passes
time faster than the wall clock.
"""

from __future__ import annotations

import time
from typing import Protocol


class Clock(Protocol):
    def __call__(self) -> float:
        """Seconds on a monotonic scale (only differences mean anything)."""
        ...


def system_clock() -> float:
    return time.monotonic()


class ManualClock:
    """A clock that moves only when told to."""

    def __init__(self, start: float = 0.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class ScaledClock:
    """Wall time sped up by ``speed`` (demo mode: 60 means a minute a second)."""

    def __init__(self, speed: float, base: Clock = system_clock) -> None:
        self.speed = speed
        self._base = base
        self._origin = base()

    def __call__(self) -> float:
        return (self._base() - self._origin) * self.speed
