"""The call and my microphone mixed (#14): one stream, each phrase given to its side."""

from __future__ import annotations

import numpy as np

from companion.audio.devices import open_source
from companion.audio.mixed import CALL_SPEAKER, MY_SPEAKER, MixedSource
from companion.audio.source import SAMPLE_RATE, Frames
from companion.clock import ManualClock
from companion.events import Caption, Event
from companion.speech.stream import CaptionStream
from tests.fakes import ScriptedSource, tone

BLOCK = 0.1


def silence(seconds: float = BLOCK) -> Frames:
    return np.zeros(int(seconds * SAMPLE_RATE), dtype=np.int16)


def mixed(call: list[Frames | None], mine: list[Frames | None]) -> MixedSource:
    clock = ManualClock()
    return MixedSource(ScriptedSource(call, clock), ScriptedSource(mine, clock))


def test_the_two_sides_are_mixed_into_one_stream() -> None:
    source = mixed([tone(BLOCK, 4000)], [tone(BLOCK, 3000)])
    source.open()
    block = source.read(0.2)
    assert block is not None and len(block) == int(BLOCK * SAMPLE_RATE)
    assert np.array_equal(block, (tone(BLOCK, 4000).astype(np.int32) + tone(BLOCK, 3000)))


def test_each_phrase_goes_to_the_side_that_carried_the_voice() -> None:
    source = mixed(
        [tone(BLOCK) for _ in range(10)] + [silence() for _ in range(10)],
        [silence() for _ in range(10)] + [tone(BLOCK) for _ in range(10)],
    )
    source.open()
    for _ in range(20):
        source.read(0.2)
    assert source.side_between(0.1, 0.9) == CALL_SPEAKER
    assert source.side_between(1.1, 1.9) == MY_SPEAKER
    # My voice leaking quietly into the call (or the call into my microphone) is one
    # phrase, given to the louder side.
    assert source.side_between(0.5, 1.9) == MY_SPEAKER


def test_voice_recognition_hears_only_the_call_side() -> None:
    source = mixed([tone(BLOCK, 4000), silence()], [silence(), tone(BLOCK, 3000)])
    stream = CaptionStream(source, lambda: _Quiet())
    heard: list[Frames] = []
    stream.blocks.connect(heard.append)
    stream.run()
    assert len(heard) == 2
    assert np.array_equal(heard[0], tone(BLOCK, 4000))  # the call's voice
    assert not heard[1].any()  # my voice is not passed on: I am never taken for a member


class _Quiet:
    name = model_name = "quiet"

    def accept(self, frames: Frames) -> list[Caption]:
        return []

    def finish(self) -> list[Caption]:
        return []


def test_silence_on_both_sides_names_nobody() -> None:
    source = mixed([silence()], [silence()])
    source.open()
    source.read(0.2)
    assert source.side_between(0.0, 0.1) is None


def test_a_stalled_microphone_never_holds_the_call_up() -> None:
    source = mixed([tone(BLOCK) for _ in range(8)], [None] * 8)
    source.open()
    blocks = [source.read(0.2) for _ in range(8)]
    heard = [b for b in blocks if b is not None]
    assert heard and sum(len(b) for b in heard) >= SAMPLE_RATE // 2


def test_a_phrase_heard_on_both_sides_is_captioned_once_and_attributed() -> None:
    """One engine over the mix: the stream's captions carry "you" or "the call"."""

    class PhraseEngine:
        name = model_name = "phrases"

        def __init__(self) -> None:
            self.fed = 0

        def accept(self, frames: Frames) -> list[Caption]:
            self.fed += len(frames)
            if self.fed % (10 * int(BLOCK * SAMPLE_RATE)) == 0:
                end = self.fed / SAMPLE_RATE
                return [Caption("final", f"phrase ending {end:.0f}", end - 1.0, end)]
            return []

        def finish(self) -> list[Caption]:
            return []

        def reset(self) -> None:
            self.fed = 0

    echo = [tone(BLOCK, 8000) for _ in range(10)]  # the call, and its echo in my microphone
    source = mixed(
        [*echo, *(silence() for _ in range(10))],
        [*(tone(BLOCK, 2000) for _ in range(10)), *(tone(BLOCK) for _ in range(10))],
    )
    clock = ManualClock()
    stream = CaptionStream(source, PhraseEngine, realtime=False, clock=clock)
    events: list[Event] = []
    stream.events.connect(events.append)
    stream.run()
    finals = [e for e in events if isinstance(e, Caption)]
    assert [(c.text, c.speaker) for c in finals] == [
        ("phrase ending 1", CALL_SPEAKER),
        ("phrase ending 2", MY_SPEAKER),
    ]


def test_system_plus_mic_is_a_source_spec() -> None:
    source = open_source("system+mic")
    assert isinstance(source, MixedSource)
    assert source.name == "Call and my microphone"
