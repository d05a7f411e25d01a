"""Whether decoding keeps up with the speaker, so a slow model can step down.

A call app, screen sharing or another program can take the processor in the
middle of a session; whisper base then decodes slower than people speak and
its captions come later and later. ``KeepingUp`` watches, block by block, three
signs of that, in audio seconds so that it does not depend on how blocks are
cut:

* the **share** of real time spent decoding over the last ``WINDOW`` seconds
  of audio (``decode seconds / audio seconds``), and
* for live audio, the **backlog**: audio that has arrived but is not decoded
  yet (wall time since the audio began minus audio fed), and
* for live audio, how **late** finals come because of decoding: the backlog
  at the moment a final is shown (the audio it needed had arrived that long
  before), the most over the last ``WINDOW`` seconds of audio. The wait the
  policy itself makes (a pause, a cut's lookahead: 1–2.5 s) is left out, as
  a faster model would make it too. This is what the reader feels: a
  decoder paced within its budget can keep the share near its limit and
  drain the backlog in every pause while its finals come 3–5 s late; a late
  final stands through the pause after it and past a final that happened to
  come sooner, so that stretch counts as behind (docs/benchmarks.md,
  "Stepping down under a real overload").

Decoding is *behind* while any of them passes its limit. Only when it stays
behind for ``SUSTAINED`` seconds of audio in a row does ``record`` say "step
down", once; it never says "step back up" (a model that flaps between two
speeds is worse to read than either). A new stream starts a new watch.

``StepDown`` is what a factory offers the stream: how to load the faster
model, and the names said in the sentence the person reads.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from dataclasses import dataclass

from companion.clock import Clock
from companion.speech.engine import Engine

WINDOW = 10.0  # seconds of audio the decoding share is measured over: a few phrases' finals
SHARE = 0.8  # decoding more than this share of real time is behind: whisper base takes
# about 0.4 here (docs/benchmarks.md), and at 1.0 the audio queues up without end
BACKLOG = 3.0  # seconds of audio waiting to be decoded: captions already later than the
# 3 s a final may take (the broadcast guidance), before any decoding of it
LATE = 2.0  # seconds a final is held up by decoding (the backlog when it is shown): on
# top of the policy's own wait of up to about 2.5 s, past the 3 s the broadcast guidance
# allows; measured here, base's finals were held 0.3-0.7 s quiet, 1.7-5.3 s overloaded
SUSTAINED = 15.0  # seconds of audio behind in a row before stepping down; longer than
# WINDOW, so one stall, however long, leaves the share's window before a step down is
# due (on live audio the backlog it leaves still counts until it has drained)


@dataclass(frozen=True)
class Limits:
    """When decoding counts as behind, and for how long before stepping down (seconds)."""

    window: float = WINDOW
    share: float = SHARE
    backlog: float = BACKLOG
    late: float = LATE
    sustained: float = SUSTAINED


@dataclass(frozen=True)
class StepDown:
    """A faster model the running one may step down to."""

    load: Callable[[], Engine]  # loads it (ahead on a thread of its own, see preloading;
    # else on the stream's worker)
    slow: str  # the model that could not keep up, as people read it ("whisper base")
    fast: str  # the model stepped down to ("tiny.en")

    @property
    def sentence(self) -> str:
        """What the status line and the command line say when it happens."""
        return f"Captions switched to {self.fast}: {self.slow} could not keep up on this computer."


class KeepingUp:
    """Decides, from each block's audio and decoding time, when to step down (once).

    ``live``: audio arrives in real time, so the backlog is watched too (a file
    read as fast as it decodes has no backlog). ``clock`` gives wall seconds.
    """

    def __init__(self, limits: Limits | None = None, *, live: bool, clock: Clock) -> None:
        self.limits = limits or Limits()
        self._live = live
        self._clock = clock
        self._recent: deque[tuple[float, float]] = deque()  # (audio, decode) per block
        self._recent_audio = 0.0
        self._recent_decode = 0.0
        self._fed = 0.0  # audio seconds fed since ``_zero``
        self._zero: float | None = None  # wall time when the audio fed began
        self._heard = 0.0  # audio seconds recorded in all (not reset by ``resume``)
        self._finals: deque[tuple[float, float]] = deque()  # (``_heard`` then, held up)
        self._behind_for = 0.0  # audio seconds behind in a row
        self.stepped_down = False
        self.reason = ""  # why it stepped down, in figures (carried by the event)

    @property
    def share(self) -> float:
        """Decoding time over audio time in the last window (0 until a window is full)."""
        if self._recent_audio < self.limits.window:
            return 0.0
        return self._recent_decode / self._recent_audio

    @property
    def backlog(self) -> float:
        """Seconds of audio arrived but not yet decoded (0 for audio that is not live)."""
        if not self._live or self._zero is None:
            return 0.0
        return max(0.0, self._clock() - self._zero - self._fed)

    def resume(self) -> None:
        """The audio came back after a gap (a lost device): the backlog counts from now."""
        self._zero = None
        self._fed = 0.0

    @property
    def behind_for(self) -> float:
        """Audio seconds decoding has been behind in a row (0: keeping up at the last block)."""
        return self._behind_for

    @property
    def late(self) -> float:
        """The most a final of the last window of audio was held up (0: none came)."""
        return max((late for _, late in self._finals), default=0.0)

    def record(self, audio: float, decode: float, final: bool = False) -> bool:
        """A block of ``audio`` seconds took ``decode`` seconds (and brought a ``final``
        caption); True once: step down now."""
        if self._zero is None:
            self._zero = self._clock() - decode - audio  # the block had arrived when fed
        self._fed += audio
        self._heard += audio
        self._recent.append((audio, decode))
        self._recent_audio += audio
        self._recent_decode += decode
        while self._recent and self._recent_audio - self._recent[0][0] >= self.limits.window:
            old_audio, old_decode = self._recent.popleft()
            self._recent_audio -= old_audio
            self._recent_decode -= old_decode
        share, backlog = self.share, self.backlog
        if final and self._live:
            self._finals.append((self._heard, backlog))
        while self._finals and self._heard - self._finals[0][0] > self.limits.window:
            self._finals.popleft()
        late = self.late
        behind = (
            share > self.limits.share or backlog > self.limits.backlog or late > self.limits.late
        )
        self._behind_for = self._behind_for + audio if behind else 0.0
        if self.stepped_down or self._behind_for < self.limits.sustained:
            return False
        self.stepped_down = True
        self.reason = (
            f"behind for {self._behind_for:.1f} s of audio: decoding took {share:.0%} of "
            f"real time over the last {self.limits.window:g} s, {backlog:.1f} s of audio "
            f"waiting, finals held up to {late:.1f} s"
        )
        return True
