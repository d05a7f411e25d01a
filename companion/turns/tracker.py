"""The turn tracker: marks from keys or clicks, voice activity, clock jumps, undo.

``TurnTracker`` records entries (see ``companion.turns.ledger``) against an
injected clock. Call ``tick()`` regularly (the app does every second): a tick
further than ``max_gap`` after the previous one is a clock jump (the computer
slept) and is not counted as talk or as session time.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.clock import Clock
from companion.turns.ledger import (
    UNDOABLE,
    Entry,
    Fix,
    Forget,
    Gap,
    Ledger,
    Nobody,
    Pass,
    Speak,
    Turn,
    Voice,
    VoiceMode,
    VoiceState,
    replay,
)


@dataclass(frozen=True, slots=True)
class TrackerConfig:
    """How the tracker treats time."""

    max_gap: float = 30.0  # seconds between ticks beyond which time is a clock jump
    silence_end: float = 5.0  # voice-assisted: seconds of silence that end a turn
    voice_stale: float = 2.0  # voice-assisted: no voice report for this long = no audio

    def scaled(self, speed: float) -> TrackerConfig:
        """The same settings for a clock running ``speed`` times faster (demo mode)."""
        return TrackerConfig(self.max_gap * speed, self.silence_end, self.voice_stale * speed)


class TurnTracker:
    """Who is speaking, every turn so far, and the talk time they add up to."""

    def __init__(self, clock: Clock, config: TrackerConfig | None = None) -> None:
        self.clock = clock
        self.config = config or TrackerConfig()
        self._entries: list[Entry] = []
        self._ledger = Ledger(self.config.silence_end)
        self._last_tick: float | None = None
        self._last_voice_report: float | None = None

    # -- reading ---------------------------------------------------------

    @property
    def ledger(self) -> Ledger:
        return self._ledger

    @property
    def speaker(self) -> int | None:
        return self._ledger.speaker

    @property
    def started(self) -> bool:
        """Whether anything has been marked yet (the session starts at the first mark)."""
        return self._ledger.started is not None

    @property
    def turns(self) -> list[Turn]:
        return self._ledger.turns

    @property
    def now(self) -> float:
        return self.clock()

    @property
    def can_undo(self) -> bool:
        return any(isinstance(e, UNDOABLE) for e in self._entries)

    @property
    def voice_assisted(self) -> bool:
        return self._ledger.voice_mode

    # -- time ------------------------------------------------------------

    def tick(self) -> float:
        """Account for time up to now (a jump beyond ``max_gap`` is left out); returns now."""
        now = self.clock()
        last = self._last_tick
        self._last_tick = now
        if last is not None and now - last > self.config.max_gap and self.started:
            self._record(Gap(last, now))
        self._ledger.advance(now)
        if (
            self._ledger.voice_mode
            and self._ledger.voice != "unknown"
            and self._last_voice_report is not None
            and now - self._last_voice_report > self.config.voice_stale
        ):
            self._record(Voice(now, "unknown"))  # the audio stopped: count by keys alone
        return now

    # -- marks -----------------------------------------------------------

    def speak(self, member: int) -> bool:
        """``member`` is now speaking; whoever was speaking stops. False if already so."""
        now = self.tick()
        if member == self._ledger.speaker:
            return False
        self._record(Speak(now, member))
        return True

    def nobody(self) -> bool:
        """Nobody is speaking. False if nobody was."""
        now = self.tick()
        if self._ledger.speaker is None:
            return False
        self._record(Nobody(now))
        return True

    def pass_turn(self, member: int) -> bool:
        """``member`` passed: respected, and not counted as silence."""
        self._record(Pass(self.tick(), member))
        return True

    def fix(self, member: int, turn: int | None = None) -> bool:
        """Give turn ``turn`` (default: the latest) to ``member``; False if there is none."""
        now = self.tick()
        index = len(self.turns) - 1 if turn is None else turn
        if not 0 <= index < len(self.turns) or self.turns[index].member == member:
            return False
        self._record(Fix(now, index, member))
        return True

    def forget(self, member: int) -> None:
        """The member left the roster: their turns stop counting for anyone."""
        self._record(Forget(self.tick(), member))

    def undo(self) -> Entry | None:
        """Take back the latest mark (time since then goes to who was speaking before)."""
        now = self.tick()
        for index in range(len(self._entries) - 1, -1, -1):
            entry = self._entries[index]
            if isinstance(entry, UNDOABLE):
                del self._entries[index]
                self._ledger = replay(self._entries, self.config.silence_end, now)
                return entry
        return None

    def set_silence_end(self, seconds: float) -> None:
        """Voice-assisted: the silence that ends a turn (used from now on, and by undo)."""
        self.config = TrackerConfig(self.config.max_gap, seconds, self.config.voice_stale)
        self._ledger.silence_end = seconds

    # -- voice -----------------------------------------------------------

    def set_voice_assisted(self, on: bool) -> None:
        now = self.tick()
        if on != self._ledger.voice_mode:
            self._record(VoiceMode(now, on))

    def voice(self, heard: bool) -> None:
        """The voice detector's latest reading: is someone speaking?"""
        now = self.tick()
        self._last_voice_report = now
        state: VoiceState = "on" if heard else "off"
        if state != self._ledger.voice:
            self._record(Voice(now, state))

    def voice_lost(self) -> None:
        """The audio stopped: count by keys alone until voice readings come again."""
        now = self.tick()
        self._last_voice_report = None
        if self._ledger.voice != "unknown":
            self._record(Voice(now, "unknown"))

    def _record(self, entry: Entry) -> None:
        self._entries.append(entry)
        self._ledger.apply(entry)
