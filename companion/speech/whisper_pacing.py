"""When the whisper engine's next partial pass may run.

Passes come every ``step`` seconds of audio while someone speaks, and are
spread out when decoding is slow so that partial passes cost no more than
``budget`` of real time: a pass after one that cost ``c`` waits ``c / budget``
seconds of audio. The debt is kept as a bucket of decoding seconds: each
second of audio pays back ``budget`` seconds, each pass adds what it cost, and
a pass waits until the bucket is no longer in debt. Quiet saves nothing for
later (a bucket kept over a window of a few seconds was measured and not
adopted: docs/benchmarks.md, "Flicker and first shown").
"""

from __future__ import annotations


class Pacing:
    """The partial passes' pace: a step, and a budget of decoding time."""

    def __init__(self, step: float, budget: float) -> None:
        self._step, self._budget = step, budget
        self._bucket = 0.0  # seconds of decoding owed (negative) to the budget

    def heard(self, seconds: float) -> None:
        """``seconds`` more audio came in: they pay for that much more decoding."""
        self._bucket = min(0.0, self._bucket + self._budget * seconds)

    def spent(self, cost: float) -> None:
        """A partial pass ran and cost ``cost`` seconds."""
        self._bucket -= cost

    @property
    def wait(self) -> float:
        """Seconds of audio from a pass just made to the next one (what pacing adds)."""
        return max(self._step, -self._bucket / self._budget)

    def due(self, since: float) -> bool:
        """Whether a pass may run ``since`` seconds of audio after the last decode."""
        return since >= self._step - 1e-9 and self._bucket >= -1e-9
