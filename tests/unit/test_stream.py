from __future__ import annotations

import threading

from companion.clock import ManualClock
from companion.errors import ModelError
from companion.events import (
    Caption,
    EngineReady,
    Event,
    LevelChanged,
    SourceLost,
    SourceRestored,
    StreamFailed,
    StreamStopped,
)
from companion.speech.stream import CaptionStream
from tests.fakes import EchoEngine, ScriptedSource, tone


def _collect(stream: CaptionStream) -> list[Event]:
    events: list[Event] = []
    stream.events.connect(events.append)
    return events


def test_file_stream_emits_captions_with_audio_time_and_ends() -> None:
    clock = ManualClock()
    source = ScriptedSource([tone(0.1)] * 6, clock, live=False)
    stream = CaptionStream(source, lambda: EchoEngine(every=3), clock=clock)
    events = _collect(stream)
    stream.run()
    assert isinstance(events[0], EngineReady)
    captions = [e for e in events if isinstance(e, Caption)]
    assert [c.kind for c in captions] == ["partial", "partial", "final"] * 2 + ["final"]
    # emitted is the audio fed when the caption came out, so latency = emitted - end >= 0
    assert [round(c.emitted, 2) for c in captions[:3]] == [0.1, 0.2, 0.3]
    assert all(c.emitted >= c.end for c in captions)
    assert any(isinstance(e, LevelChanged) and e.voice for e in events)
    stopped = events[-1]
    assert isinstance(stopped, StreamStopped) and stopped.reason == "end of audio"
    assert stopped.extra["audio_seconds"] == 0.6
    assert source.closes >= 1


def test_stalled_live_source_is_reported_within_two_seconds_and_reopened() -> None:
    clock = ManualClock()
    # 0.5 s of audio, then a stall of 3 s (15 reads of 0.2 s), then audio again.
    script = [tone(0.1)] * 5 + [None] * 15 + [tone(0.1)] * 3
    source = ScriptedSource(script, clock, fail_opens=2)
    stream = CaptionStream(source, EchoEngine, clock=clock, retry_every=0.001)
    events = _collect(stream)
    stream.run()
    lost = [i for i, e in enumerate(events) if isinstance(e, SourceLost)]
    restored = [i for i, e in enumerate(events) if isinstance(e, SourceRestored)]
    assert len(lost) == 1 and len(restored) == 1 and lost[0] < restored[0]
    # Lost after 2.0 s of silence from the device (10 stalled reads), not later.
    captions_before_loss = sum(1 for e in events[: lost[0]] if isinstance(e, Caption))
    assert captions_before_loss == 5  # 0.5 s of audio, then the stall
    assert "retrying" in events[lost[0]].reason  # type: ignore[union-attr]
    assert source.opens == 4  # first open, two failed reopens, one that worked
    assert any(isinstance(e, Caption) for e in events[restored[0] :])


def test_engine_that_cannot_load_reports_a_sentence() -> None:
    clock = ManualClock()

    def broken() -> EchoEngine:
        raise ModelError("The vosk model in 'x' could not be loaded. Reinstall it.")

    stream = CaptionStream(ScriptedSource([], clock), broken, clock=clock)
    events = _collect(stream)
    stream.run()
    assert events == [StreamFailed("The vosk model in 'x' could not be loaded. Reinstall it.")]


def test_stop_from_another_thread_finishes_pending_text() -> None:
    clock = ManualClock()
    gate = threading.Event()

    class Endless(ScriptedSource):
        def read(self, timeout: float):  # type: ignore[no-untyped-def]
            gate.set()
            return tone(0.1)

    stream = CaptionStream(Endless([], clock), EchoEngine, clock=clock)
    events = _collect(stream)
    stream.start()
    assert gate.wait(5)
    stream.stop(wait=5)
    assert not stream.running
    assert isinstance(events[-1], StreamStopped) and events[-1].reason == "stopped"
    assert events[-2] == Caption(
        "final", "last", events[-2].start, events[-2].end, (), events[-2].emitted, "Scripted audio"
    )  # type: ignore[union-attr]
