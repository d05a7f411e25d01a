"""Fakes for unit tests of the logic around real audio and engines."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from companion.audio.source import SAMPLE_RATE, EndOfAudio, Frames
from companion.clock import ManualClock
from companion.errors import AudioError
from companion.events import Caption, Word
from companion.speech.keeping_up import StepDown


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


def silence(seconds: float) -> Frames:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.int16)


class PhraseEngine:
    """Hears a "word" in every loud block; a phrase's words become final at the first
    quiet block (or at ``finish``). Each block costs ``cost`` seconds of the clock."""

    name = "whisper"

    def __init__(self, clock: ManualClock, cost: float, model_name: str) -> None:
        self.clock = clock
        self.cost = cost
        self.model_name = model_name
        self.fed = 0
        self.pending: list[Word] = []
        self.terms: tuple[str, ...] = ()
        self.finished = 0

    def accept(self, frames: Frames) -> list[Caption]:
        self.clock.advance(self.cost)
        start = self.fed / SAMPLE_RATE
        self.fed += len(frames)
        if int(np.abs(frames).max(initial=0)) > 1000:
            self.pending.append(Word("word", start, self.fed / SAMPLE_RATE))
            return [Caption("partial", " ".join(w.text for w in self.pending), 0.0, 0.0)]
        return self._final()

    def finish(self) -> list[Caption]:
        self.finished += 1
        return self._final()

    def reset(self) -> None:
        self.fed = 0
        self.pending = []

    def set_vocabulary(self, terms: tuple[str, ...], heard: object = ()) -> None:
        self.terms = tuple(terms)

    def _final(self) -> list[Caption]:
        if not self.pending:
            return []
        words, self.pending = tuple(self.pending), []
        text = " ".join(w.text for w in words)
        return [Caption("final", text, words[0].start, words[-1].end, words)]


class SlowThenFast:
    """A factory whose engine is slow (whisper base under load) and offers a fast one."""

    def __init__(self, clock: ManualClock, slow_cost: float) -> None:
        self.slow = PhraseEngine(clock, slow_cost, "whisper-base")
        self.fast = PhraseEngine(clock, 0.01, "tiny.en — whisper base could not keep up")

    def __call__(self) -> PhraseEngine:
        return self.slow

    def faster(self) -> StepDown:
        return StepDown(lambda: self.fast, slow="whisper base", fast="tiny.en")


def spoken_word() -> Frames:
    """0.1 s like a word: 70 ms of voice, 30 ms of quiet (a steady tone becomes the floor)."""
    return np.concatenate([tone(0.07), silence(0.03)])


class PacedSource:
    """A live source whose audio arrives in real time on the fake clock, read or not.

    A block is there once the clock has passed its end; a read before that waits
    for it (advancing the clock). With ``max_queue`` blocks waiting at most, older
    ones are dropped unread, as a device's queue does, and ``take_dropped`` says so.
    """

    live = True
    name = "Paced audio"

    def __init__(
        self, script: Iterable[Frames], clock: ManualClock, max_queue: int | None = None
    ) -> None:
        self.script = list(script)
        self.clock = clock
        self.max_queue = max_queue
        self.ends: list[float] = []
        total = 0
        for block in self.script:
            total += len(block)
            self.ends.append(total / SAMPLE_RATE)
        self.started: float | None = None
        self.index = 0  # the next block to deliver
        self.dropped = 0  # samples dropped, until taken

    def open(self) -> None:
        if self.started is None:
            self.started = self.clock()

    def read(self, timeout: float) -> Frames | None:
        assert self.started is not None
        if self.index >= len(self.script):
            raise EndOfAudio
        now = self.clock() - self.started
        if self.max_queue is not None:
            arrived = sum(1 for end in self.ends if end <= now)
            while arrived - self.index > self.max_queue:
                self.dropped += len(self.script[self.index])
                self.index += 1
        wait = self.ends[self.index] - now
        if wait > timeout:
            self.clock.advance(timeout)
            return None
        self.clock.advance(max(0.0, wait))
        block = self.script[self.index]
        self.index += 1
        return block

    def take_dropped(self) -> int:
        dropped, self.dropped = self.dropped, 0
        return dropped

    def close(self) -> None:
        pass
