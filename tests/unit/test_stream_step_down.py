"""The caption stream steps down to a faster model when decoding stays behind (#10)."""

from __future__ import annotations

import io

import numpy as np

from companion.audio.source import Frames
from companion.clock import ManualClock
from companion.events import Caption, EngineReady, Event, ModelSteppedDown, StreamStopped
from companion.speech.keeping_up import Limits
from companion.speech.stream import CaptionStream
from companion.speech.vocabulary import Vocabulary
from tests.fakes import ScriptedSource, SlowThenFast, silence, spoken_word

BLOCK = 0.1  # seconds of audio per block


def _run(script: list[Frames], factory: SlowThenFast, limits: Limits) -> list[Event]:
    clock = factory.slow.clock
    source = ScriptedSource(script, clock, live=False)
    stream = CaptionStream(source, factory, clock=clock, keeping_up=limits)
    stream.set_vocabulary(Vocabulary(terms=("Siobhán", "CQC")))
    events: list[Event] = []
    stream.events.connect(events.append)
    stream.run()
    return events


def _blocks(*parts: tuple[str, float]) -> list[Frames]:
    """Blocks of 0.1 s: ("voice", seconds) or ("quiet", seconds)."""
    out: list[Frames] = []
    for kind, seconds in parts:
        block = spoken_word() if kind == "voice" else silence(BLOCK)
        out += [block] * round(seconds / BLOCK)
    return out


def _loud_block_starts(script: list[Frames]) -> list[float]:
    return [round(i * BLOCK, 2) for i, b in enumerate(script) if np.abs(b).max() > 1000]


def test_falling_behind_steps_down_at_a_pause_keeping_every_word_once() -> None:
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.2)  # twice real time
    script = _blocks(("voice", 5.0), ("quiet", 1.0), ("voice", 3.0), ("quiet", 0.5))
    events = _run(script, factory, Limits(window=1.0, sustained=2.0))

    switched = [e for e in events if isinstance(e, ModelSteppedDown)]
    assert len(switched) == 1
    event = switched[0]
    assert event.sentence == (
        "Captions switched to tiny.en: whisper base could not keep up on this computer."
    )
    assert event.model.startswith("tiny.en") and event.engine == "whisper"
    # Due after 3 s, mid-phrase: it waited for the pause (voice ends 0.3 s after 5.0 s).
    assert 5.3 <= event.time <= 5.6
    assert event.measured.startswith("behind for 2.0 s of audio: decoding took 200% of")
    assert factory.slow.finished == 1  # the phrase in progress was finished by base
    assert factory.fast.terms == ("Siobhán", "CQC")  # same names to listen for

    finals = [e for e in events if isinstance(e, Caption) and e.kind == "final"]
    said = [round(w.start, 2) for c in finals for w in c.words]
    assert said == _loud_block_starts(script)  # every word once, in stream time
    before = [c for c in finals if c.end <= event.time]
    assert [len(c.words) for c in before] == [50]  # the first phrase whole, from base
    assert isinstance(events[0], EngineReady) and isinstance(events[-1], StreamStopped)


def test_a_stream_that_keeps_up_never_switches() -> None:
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.03)
    script = _blocks(("voice", 5.0), ("quiet", 1.0), ("voice", 3.0), ("quiet", 0.5)) * 3
    events = _run(script, factory, Limits(window=1.0, sustained=2.0))
    assert not any(isinstance(e, ModelSteppedDown) for e in events)
    assert factory.fast.fed == 0


def test_speech_without_a_pause_switches_after_the_wait_anyway() -> None:
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.2)
    script = _blocks(("voice", 20.0))
    events = _run(script, factory, Limits(window=1.0, sustained=2.0))
    switched = [e for e in events if isinstance(e, ModelSteppedDown)]
    assert len(switched) == 1
    assert 10.5 <= switched[0].time <= 11.5  # due at 3 s, then PAUSE_WAIT of 8 s
    finals = [e for e in events if isinstance(e, Caption) and e.kind == "final"]
    assert finals[-1].end == 20.0  # the fast engine's times are stream times
    # Base finished the phrase so far; tiny.en heard only what came after it.
    said = [round(w.start, 2) for c in finals for w in c.words]
    assert said == _loud_block_starts(script)


def test_a_factory_without_a_faster_model_is_never_watched() -> None:
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.2)
    source = ScriptedSource(_blocks(("voice", 10.0)), clock, live=False)
    stream = CaptionStream(source, lambda: factory.slow, clock=clock)
    events: list[Event] = []
    stream.events.connect(events.append)
    stream.run()
    assert not any(isinstance(e, ModelSteppedDown) for e in events)


def test_the_command_line_says_it_on_stderr_and_keeps_stdout_for_captions() -> None:
    from companion.cli.commands import CaptionPrinter

    out, err = io.StringIO(), io.StringIO()
    printer = CaptionPrinter("jsonl", out=out, err=err)
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.2)
    source = ScriptedSource(_blocks(("voice", 5.0), ("quiet", 1.0)), clock, live=False)
    stream = CaptionStream(
        source, factory, clock=clock, keeping_up=Limits(window=1.0, sustained=2.0)
    )
    stream.events.connect(printer)
    stream.run()
    assert err.getvalue().splitlines() == [
        "Listening with whisper (whisper-base). Press Ctrl+C to stop.",
        "Captions switched to tiny.en: whisper base could not keep up on this computer.",
    ]
    assert "switched" not in out.getvalue() and '"kind": "final"' in out.getvalue()
