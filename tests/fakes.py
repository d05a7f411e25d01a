"""Fakes for unit tests of the logic around real audio and engines."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from companion.audio.source import SAMPLE_RATE, EndOfAudio, Frames
from companion.clock import ManualClock
from companion.errors import AudioError
from companion.events import Caption


class ScriptedSource:
    """A live or file source playing a script: blocks of audio, or None for a stall.

    Each ``read`` advances the fake clock by the block's duration (or the timeout
    when stalled), so loss detection is driven without sleeping.
    """

    def __init__(
        self,
        script: Iterable[Frames | None],
        clock: ManualClock,
        *,
        live: bool = True,
        fail_opens: int = 0,
    ) -> None:
        self.script = list(script)
        self.clock = clock
        self.live = live
        self.name = "Scripted audio"
        self.opens = 0
        self.closes = 0
        self._fail_opens = fail_opens

    def open(self) -> None:
        self.opens += 1
        if self.opens > 1 and self._fail_opens > 0:
            self._fail_opens -= 1
            raise AudioError("The device is gone.")

    def read(self, timeout: float) -> Frames | None:
        if not self.script:
            raise EndOfAudio
        block = self.script.pop(0)
        if block is None:
            self.clock.advance(timeout)
            return None
        self.clock.advance(len(block) / SAMPLE_RATE)
        return block

    def close(self) -> None:
        self.closes += 1


def tone(seconds: float, amplitude: int = 8000) -> Frames:
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    return (amplitude * np.sin(2 * np.pi * 220 * t)).astype(np.int16)


class EchoEngine:
    """Says "word" as a partial for every block and a final every ``every`` blocks."""

    name = "echo"
    model_name = "echo"

    def __init__(self, every: int = 3) -> None:
        self.every = every
        self.blocks = 0
        self.fed = 0

    def accept(self, frames: Frames) -> list[Caption]:
        self.blocks += 1
        start = self.fed / SAMPLE_RATE
        self.fed += len(frames)
        end = self.fed / SAMPLE_RATE
        kind = "final" if self.blocks % self.every == 0 else "partial"
        return [Caption(kind, f"word{self.blocks}", start, end)]

    def finish(self) -> list[Caption]:
        return [Caption("final", "last", self.fed / SAMPLE_RATE, self.fed / SAMPLE_RATE)]

    def reset(self) -> None:
        self.blocks = self.fed = 0
