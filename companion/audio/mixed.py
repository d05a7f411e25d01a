"""The call and my microphone as one source: two live inputs mixed, each block's side kept.

``MixedSource`` reads the system output ("the call") and the microphone
("you"), adds them into one 16 kHz stream, so one engine captions both at one
engine's cost, and remembers how loud each side was in every block. A caption
is then given to the side that carried its voice (``side_between``): the call
app does not play your own voice back, and a phrase heard on both sides (a
speaker's echo into the microphone) is decoded once, from the one mixed
stream, and given to the louder side, so it is never captioned twice.

A side that delivers nothing (a stalled device) counts as silence once the
other has half a second waiting, so one side never holds the other up; a side
that is lost stops the whole source, which the caption stream reports and
reopens like any other.
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Literal

import numpy as np

from companion.audio.source import SAMPLE_RATE, AudioSource, Frames
from companion.events import CALL_SPEAKER, MY_SPEAKER

Side = Literal["call", "mine"]
STALL_SAMPLES = SAMPLE_RATE // 2  # one side this far ahead: the other counts as silent
QUIET_RMS = 200.0  # below this (about -44 dBFS) neither side carried a voice
KEEP_BLOCKS = 6000  # side levels kept: ten minutes of 0.1 s blocks (phrases are recent)


class SideLog:
    """How loud each side was, block by block, on the mixed stream's audio clock."""

    def __init__(self) -> None:
        self._blocks: deque[tuple[float, float, float, float]] = deque(maxlen=KEEP_BLOCKS)
        self._lock = threading.Lock()

    def add(self, start: float, end: float, call_rms: float, mine_rms: float) -> None:
        with self._lock:
            self._blocks.append((start, end, call_rms, mine_rms))

    def clear(self) -> None:
        with self._lock:
            self._blocks.clear()

    def side_between(self, start: float, end: float) -> Side | None:
        """The side with more voice energy in ``start``..``end`` (None if neither had any)."""
        call = mine = 0.0
        with self._lock:
            for begin, until, call_rms, mine_rms in reversed(self._blocks):
                if until <= start and until < end:
                    break  # the blocks are in time order: the rest are earlier still
                if begin > end:
                    continue
                call += call_rms * call_rms if call_rms >= QUIET_RMS else 0.0
                mine += mine_rms * mine_rms if mine_rms >= QUIET_RMS else 0.0
        if max(call, mine) <= 0.0:
            return None
        return "mine" if mine > call else "call"


def _dropped(source: AudioSource) -> int:
    take = getattr(source, "take_dropped", None)
    return int(take()) if callable(take) else 0


def _rms(frames: Frames) -> float:
    if len(frames) == 0:
        return 0.0
    return float(np.sqrt(np.mean(frames.astype(np.float64) ** 2)))


class MixedSource:
    """System output and microphone mixed into one stream (``--source system+mic``)."""

    name = "Call and my microphone"

    def __init__(self, call: AudioSource, mine: AudioSource) -> None:
        self.call = call
        self.mine = mine
        self.sides = SideLog()
        self._pending: dict[Side, Frames] = {"call": _empty(), "mine": _empty()}
        self._fed = 0  # samples delivered, for the side log's times
        self._last_call: Frames = _empty()  # the call's part of the last block read

    @property
    def live(self) -> bool:
        return self.call.live or self.mine.live

    def open(self) -> None:
        self.call.open()
        try:
            self.mine.open()
        except Exception:
            self.call.close()
            raise
        self._pending = {"call": _empty(), "mine": _empty()}

    def close(self) -> None:
        try:
            self.call.close()
        finally:
            self.mine.close()

    def take_dropped(self) -> int:
        """Samples a side's device dropped unread since last asked: both sides queue up
        when the reader is behind, so the larger of the two is the hole (#10)."""
        return max(_dropped(self.call), _dropped(self.mine))

    def read(self, timeout: float) -> Frames | None:
        """The next mixed block, or None when neither side had audio in ``timeout``."""
        sides: tuple[tuple[Side, AudioSource], ...] = (("call", self.call), ("mine", self.mine))
        for side, source in sides:
            frames = source.read(timeout / 2)
            if frames is not None and len(frames):
                self._pending[side] = np.concatenate([self._pending[side], frames])
        call, mine = self._pending["call"], self._pending["mine"]
        count = min(len(call), len(mine))
        if count == 0:
            count = max(len(call), len(mine))
            if count < STALL_SAMPLES:
                return None
        call_part, mine_part = _take(call, count), _take(mine, count)
        self._pending = {"call": call[len(call_part) :], "mine": mine[len(mine_part) :]}
        start = self._fed / SAMPLE_RATE
        self._fed += count
        self.sides.add(start, self._fed / SAMPLE_RATE, _rms(call_part), _rms(mine_part))
        self._last_call = _pad(call_part, count)
        mixed = self._last_call.astype(np.int32) + _pad(mine_part, count)
        out: Frames = np.clip(mixed, -32768, 32767).astype(np.int16)
        return out

    def call_side(self) -> Frames:
        """The call's part of the block ``read`` returned last (same length): voice
        recognition (#14) hears only the call, so the facilitator is never taken for a member."""
        return self._last_call

    def side_between(self, start: float, end: float) -> str | None:
        """Who carried the phrase at ``start``..``end``: ``MY_SPEAKER`` or ``CALL_SPEAKER``."""
        side = self.sides.side_between(start, end)
        if side is None:
            return None
        return MY_SPEAKER if side == "mine" else CALL_SPEAKER


def _empty() -> Frames:
    return np.zeros(0, dtype=np.int16)


def _take(frames: Frames, count: int) -> Frames:
    return frames[:count]


def _pad(frames: Frames, count: int) -> Frames:
    """``frames`` made ``count`` long with silence (a stalled side)."""
    if len(frames) >= count:
        return frames
    return np.concatenate([frames, np.zeros(count - len(frames), dtype=np.int16)])
