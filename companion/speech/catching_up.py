"""How far live captions are behind the speaker, and when to skip to the live edge.

On live audio (a device, or a WAV paced with ``--realtime``) audio arrives in
real time whether or not decoding keeps up. ``LiveEdge`` measures the
**undecoded audio**: wall time since the audio began minus the audio fed.
Whenever the source had to be waited for, the reader was at the live edge,
so the measure starts again from zero there: a device's clock drifting from
the computer's, or a block the device lost, never adds up to a false lag.

When the undecoded audio passes the bound, captions of it would come too late
to follow a conversation, so the stream skips it (``CaptionStream``: the words
on screen become final, the waiting audio is left out, a ``CaptionGap`` says so).
While a faster model is on offer the step down gets its chance first: the
bound is then ``on_offer``, the most the device queue holds anyway; a skip
past it steps down at the same moment (one gap, and the faster model starts
at the live edge instead of inheriting a backlog).
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.clock import Clock

BEHIND = 6.0  # seconds of undecoded audio that are skipped: a final would otherwise come
# more than about 8.5 s after its words (the policy's own wait is up to 2.5 s); measured,
# base's stays at or under 1.0 s quiet and 2.5-5.5 s with six spinners, where captions
# recover by themselves or through the step down, so no words are lost there
# (docs/benchmarks.md, "Captions that fall behind catch up")
ON_OFFER = 10.0  # the bound while a step down to a faster model is still to come: the
# step down is due after 15 s behind and should get its chance before words are lost;
# 10 s is what a device's queue holds (``DeviceSource.max_queue_seconds``)
WAITED = 0.04  # a read that waited this long found nothing queued: the reader is live
# (well above a read's own cost, and a thread descheduled under load rarely waits this
# long inside one read; a reader that keeps up waits most of a 0.1 s block)


@dataclass(frozen=True)
class CatchUp:
    """When the stream skips undecoded audio (seconds of it)."""

    behind: float = BEHIND  # the bound
    on_offer: float = ON_OFFER  # the bound while a faster model is on offer


class LiveEdge:
    """Tracks how much audio has arrived but is not decoded yet (live audio only)."""

    def __init__(self, limits: CatchUp | None = None, *, clock: Clock) -> None:
        self.limits = limits or CatchUp()
        self._clock = clock
        self._zero: float | None = None  # wall time of audio second 0, as last rebased
        self.most = 0.0  # the most audio ever waiting (for benchmarks and bug reports)
        self.waiting = 0.0  # the audio waiting at the last read

    def read(self, fed: float, waited: float) -> float:
        """A block was read: ``fed`` is the audio seconds read so far including it,
        ``waited`` how long the read waited. Returns the undecoded audio now."""
        now = self._clock()
        if self._zero is None or waited >= WAITED:
            self._zero = now - fed  # at the live edge: nothing else is waiting
            self.waiting = 0.0
            return 0.0
        self.waiting = max(0.0, now - self._zero - fed)
        self.most = max(self.most, self.waiting)
        return self.waiting

    def skip_due(self, waiting: float, *, step_down_on_offer: bool) -> bool:
        """Whether ``waiting`` seconds of undecoded audio are too many to caption."""
        bound = self.limits.on_offer if step_down_on_offer else self.limits.behind
        return waiting > bound

    def restart(self) -> None:
        """The audio jumped (a skip, a reopened device): measure again from the next block."""
        self._zero = None
