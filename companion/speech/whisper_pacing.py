"""When the whisper engine's next partial pass may run.

Passes come every ``step`` seconds of audio while someone speaks, and are
spread out when decoding is slow so that partial passes cost no more than
``budget`` of real time. The budget is kept as a bucket of decoding seconds:
each second of audio adds ``budget`` seconds, each pass takes what it cost,
and a pass waits until the bucket is no longer in debt. The bucket holds at
most ``budget × window`` seconds, so with ``window`` 0 a pass after one that
cost ``c`` waits ``c / budget`` (the pacing measured before); a few seconds of
window let the quiet before a phrase pay for its first passes coming at the
usual pace, while over any stretch of ``window`` seconds the cost of all
decoding, finals included, stays within the budget.
"""

from __future__ import annotations


class Pacing:
    """The partial passes' pace: a step, and a budget of decoding time as a bucket."""

    def __init__(self, step: float, budget: float, window: float = 0.0) -> None:
        self._step, self._budget = step, budget
        self._most = budget * window  # seconds of decoding the bucket holds at most
        self._bucket = 0.0

    def heard(self, seconds: float) -> None:
        """``seconds`` more audio came in: they pay for that much more decoding."""
        self._bucket = min(self._most, self._bucket + self._budget * seconds)

    def spent(self, cost: float) -> None:
        """A partial pass ran and cost ``cost`` seconds."""
        self._bucket -= cost

    def charge(self, cost: float) -> None:
        """A final's decode cost ``cost``: with a window, the bucket pays for it too, so
        all decoding stays within the budget; without one, only partials are paced."""
        if self._most > 0:
            self._bucket -= cost

    @property
    def wait(self) -> float:
        """Seconds of audio from a pass just made to the next one (what pacing adds)."""
        return max(self._step, -self._bucket / self._budget)

    def due(self, since: float) -> bool:
        """Whether a pass may run ``since`` seconds of audio after the last decode."""
        return since >= self._step - 1e-9 and self._bucket >= -1e-9
