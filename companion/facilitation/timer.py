"""Active time: seconds that passed on an injected clock while a run was not paused."""

from __future__ import annotations

from companion.clock import Clock


class ActiveTimer:
    """Counts time on ``clock`` only between ``resume`` and ``pause``."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._banked = 0.0
        self._since: float | None = None

    @property
    def running(self) -> bool:
        return self._since is not None

    def resume(self) -> None:
        if self._since is None:
            self._since = self._clock()

    def pause(self) -> None:
        if self._since is not None:
            self._banked += max(0.0, self._clock() - self._since)
            self._since = None

    def active(self) -> float:
        """Seconds counted so far."""
        if self._since is None:
            return self._banked
        return self._banked + max(0.0, self._clock() - self._since)
