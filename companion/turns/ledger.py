"""The in-memory record of a session's marks, and the talk time it adds up to.

Everything the facilitator (or the voice detector) does is an *entry* with a
clock time. ``Ledger`` applies entries in order and accrues time between them;
replaying the same entries always gives the same turns, so undo is "drop the
last mark and replay". None of this is ever written to disk: only totals are
kept, and only when the facilitator chooses to (``companion.turns.summary``).

Time accrues to the member speaking, except:

- in a clock jump (``Gap``: the computer slept), which counts for nothing;
- in voice-assisted mode while the voice detector hears silence; after
  ``silence_end`` seconds of silence the turn ends on its own. With no voice
  information (no audio running) voice-assisted mode counts like keys alone.
  A reading holds from when it arrives until the next (readings come ten
  times a second, so counting lags the voice by at most a tenth of a second).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

VoiceState = Literal["on", "off", "unknown"]


@dataclass(frozen=True, slots=True)
class Speak:
    """The member starts speaking (ends anyone else's turn)."""

    time: float
    member: int


@dataclass(frozen=True, slots=True)
class Nobody:
    """Nobody is speaking (ends the current turn)."""

    time: float


@dataclass(frozen=True, slots=True)
class Pass:
    """The member passed when invited: respected, not counted as silence."""

    time: float
    member: int


@dataclass(frozen=True, slots=True)
class Fix:
    """Turn number ``turn`` (from 0) was really ``member``'s."""

    time: float
    turn: int
    member: int


@dataclass(frozen=True, slots=True)
class Forget:
    """The member left the roster: their turns stop counting for anyone."""

    time: float
    member: int


@dataclass(frozen=True, slots=True)
class VoiceMode:
    """Voice-assisted mode switched on or off."""

    time: float
    on: bool


@dataclass(frozen=True, slots=True)
class Voice:
    """What the voice detector hears from now on."""

    time: float
    state: VoiceState


@dataclass(frozen=True, slots=True)
class Gap:
    """A clock jump (system sleep) from ``time`` to ``until``: not counted at all."""

    time: float
    until: float


Entry = Speak | Nobody | Pass | Fix | Forget | VoiceMode | Voice | Gap
UNDOABLE = (Speak, Nobody, Pass, Fix)  # the facilitator's marks
STARTS = (Speak, Nobody, Pass)  # the session's clock starts at the first of these


@dataclass(slots=True)
class Turn:
    """One turn: who, when it began and ended, and the talk time counted in it."""

    member: int | None  # None once the member has been forgotten
    start: float
    end: float | None = None  # None while the turn goes on
    talk: float = 0.0


class Ledger:
    """Applies entries in time order and keeps the turns and totals they add up to."""

    def __init__(self, silence_end: float = 5.0) -> None:
        self.silence_end = silence_end
        self.started: float | None = None  # time of the first entry
        self.now: float | None = None  # time accounted up to
        self.elapsed = 0.0  # counted session time (clock jumps left out)
        self.skipped = 0.0  # time left out in clock jumps
        self.idle = 0.0  # counted time that was nobody's talk (nobody marked, or silence)
        self.turns: list[Turn] = []
        self.current: Turn | None = None
        self.passes: dict[int, list[float]] = {}
        self.voice_mode = False
        self.voice: VoiceState = "unknown"
        self._quiet_since: float | None = None  # when the voice detector last went quiet

    @property
    def speaker(self) -> int | None:
        return self.current.member if self.current is not None else None

    @property
    def counting(self) -> bool:
        """Whether time accrues to the current speaker right now."""
        return self.current is not None and not (self.voice_mode and self.voice == "off")

    def silence_deadline(self) -> float | None:
        """When the current turn ends on its own for silence, if it will."""
        if self.current is None or not self.voice_mode or self.voice != "off":
            return None
        quiet = self._quiet_since if self._quiet_since is not None else self.current.start
        return max(quiet, self.current.start) + self.silence_end

    # -- time ------------------------------------------------------------

    def advance(self, to: float) -> None:
        """Account for time up to ``to`` (ending a turn for silence on the way)."""
        if self.now is None:
            return  # nothing has happened yet: the session starts at the first entry
        deadline = self.silence_deadline()
        if deadline is not None and deadline <= to:
            self._accrue(max(deadline, self.now))
            self._end_turn(self._quiet_end())
        self._accrue(to)

    def _accrue(self, to: float) -> None:
        assert self.now is not None
        step = to - self.now
        if step <= 0:
            return
        self.elapsed += step
        if self.counting and self.current is not None:
            self.current.talk += step
        else:
            self.idle += step
        self.now = to

    def _quiet_end(self) -> float:
        """When the speaker went quiet: the turn's end after a silence."""
        assert self.current is not None
        quiet = self._quiet_since if self._quiet_since is not None else self.current.start
        return max(quiet, self.current.start)

    # -- entries ---------------------------------------------------------

    def apply(self, entry: Entry) -> None:
        """Advance to the entry's time, then apply it."""
        if self.now is None:
            if not isinstance(entry, STARTS):
                self._set_state(entry, entry.time)  # voice settings before the first mark
                return
            self.started = self.now = entry.time
        self.advance(entry.time)
        at = max(entry.time, self.now)
        if isinstance(entry, Speak):
            if entry.member != self.speaker:
                self._end_turn(at)
                self.current = Turn(entry.member, at)
                self.turns.append(self.current)
        elif isinstance(entry, Nobody):
            self._end_turn(at)
        elif isinstance(entry, Pass):
            self.passes.setdefault(entry.member, []).append(at)
            if entry.member == self.speaker:
                self._end_turn(at)
        elif isinstance(entry, Fix):
            if 0 <= entry.turn < len(self.turns):
                self.turns[entry.turn].member = entry.member
        elif isinstance(entry, Forget):
            for turn in self.turns:
                if turn.member == entry.member:
                    turn.member = None
            if self.current is not None and self.current.member is None:
                self._end_turn(at)
            self.passes.pop(entry.member, None)
        elif isinstance(entry, Gap):
            self.skipped += max(0.0, entry.until - at)
            self.now = max(self.now, entry.until)
        else:
            self._set_state(entry, at)

    def _set_state(self, entry: Entry, at: float) -> None:
        if isinstance(entry, VoiceMode):
            if entry.on and not self.voice_mode:
                self._quiet_since = at  # silence counts from when the mode comes on
            self.voice_mode = entry.on
        elif isinstance(entry, Voice):
            if entry.state == "off" and self.voice != "off":
                self._quiet_since = at
            self.voice = entry.state

    def _end_turn(self, at: float) -> None:
        if self.current is not None:
            self.current.end = max(at, self.current.start)
            self.current = None


def replay(entries: list[Entry], silence_end: float, now: float | None = None) -> Ledger:
    """A ledger with every entry applied, accounted up to ``now`` if given."""
    ledger = Ledger(silence_end)
    for entry in entries:
        ledger.apply(entry)
    if now is not None:
        ledger.advance(now)
    return ledger
