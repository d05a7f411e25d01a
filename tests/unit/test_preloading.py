"""The faster model is loaded ahead while decoding is behind, so a step down is quick (#10).

The timing logic runs on fake engines and a fake clock; the load ahead runs on
a real thread of its own, and the tests wait for it to finish, never sleep.
"""

from __future__ import annotations

import gc
import io
import re
import threading
import weakref

from companion.audio.source import Frames
from companion.captions_status import CaptionStatusModel
from companion.cli.commands import CaptionPrinter
from companion.clock import ManualClock
from companion.errors import ModelError
from companion.events import Caption, Event, ModelSteppedDown, StepDownFailed
from companion.speech.catching_up import CatchUp
from companion.speech.engine import Engine
from companion.speech.keeping_up import Limits, StepDown
from companion.speech.preloading import Preload
from companion.speech.stream import CaptionStream
from tests.fakes import PhraseEngine, ScriptedSource, SlowThenFast, silence, spoken_word

BLOCK = 0.1  # seconds of audio per block
LIMITS = Limits(window=1.0, sustained=3.0)  # loads ahead after 1 s behind, steps down at 3 s
WORKER = "caption-stream"


class Loads:
    """A faster model's loader that counts its loads, says on which thread each ran,
    and can fail the first ``failing`` of them."""

    def __init__(self, engine: PhraseEngine, failing: int = 0) -> None:
        self.engine = engine
        self.failing = failing
        self.threads: list[str] = []

    def __call__(self) -> PhraseEngine:
        self.threads.append(threading.current_thread().name)
        if len(self.threads) <= self.failing:
            raise ModelError(
                "The whisper model in '/models/tiny.en' could not be loaded (file is damaged). "
                "Run the set-up command from the README again to reinstall it."
            )
        return self.engine


class Factory(SlowThenFast):
    def __init__(self, clock: ManualClock, slow_cost: float, failing: int = 0) -> None:
        super().__init__(clock, slow_cost)
        self.loads = Loads(self.fast, failing)

    def faster(self) -> StepDown:
        return StepDown(self.loads, slow="whisper base", fast="tiny.en")


def _blocks(*parts: tuple[str, float]) -> list[Frames]:
    out: list[Frames] = []
    for kind, seconds in parts:
        out += [spoken_word() if kind == "voice" else silence(BLOCK)] * round(seconds / BLOCK)
    return out


def _run(factory: Factory, script: list[Frames]) -> tuple[CaptionStream, list[Event]]:
    """The stream on its worker thread (named as the app's is), to the end of the audio."""
    source = ScriptedSource(script, factory.slow.clock, live=False)
    stream = CaptionStream(source, factory, clock=factory.slow.clock, keeping_up=LIMITS)
    events: list[Event] = []
    stream.events.connect(events.append)
    stream.start()
    assert stream._thread is not None
    stream._thread.join(30)
    assert not stream.running
    return stream, events


def test_the_step_down_takes_the_model_loaded_ahead_off_the_worker() -> None:
    factory = Factory(ManualClock(), slow_cost=0.2)  # twice real time: behind at once
    script = _blocks(("voice", 5.0), ("quiet", 1.0), ("voice", 3.0), ("quiet", 0.5))
    _stream, events = _run(factory, script)

    [switched] = [e for e in events if isinstance(e, ModelSteppedDown)]
    # Loaded once, on its own thread, from 1 s behind (2 s of audio: the share's window
    # full, then a third of the 3 s that make a step down due), while base went on
    # decoding to the step down at the pause after 5 s: the worker never waited for a load.
    assert factory.loads.threads == ["preload-faster-model"]
    ahead = re.search(r"; tiny\.en loaded ahead from ([\d.]+) s of audio", switched.measured)
    assert ahead is not None and 1.5 <= float(ahead[1]) <= 2.5 < switched.time, switched
    assert switched.load_seconds == 0.0  # no clock time passed loading at the switch
    # The engine loaded ahead is the one that captions after the step down.
    finals = [e for e in events if isinstance(e, Caption) and e.kind == "final"]
    assert factory.fast.fed > 0 and finals[-1].start > switched.time


def test_a_machine_that_keeps_up_never_loads_the_faster_model() -> None:
    factory = Factory(ManualClock(), slow_cost=0.03)
    script = _blocks(("voice", 5.0), ("quiet", 1.0), ("voice", 3.0), ("quiet", 0.5)) * 3
    stream, events = _run(factory, script)
    assert not any(isinstance(e, ModelSteppedDown) for e in events)
    assert factory.loads.threads == []  # no second model's memory on a quiet machine
    assert stream.preload is not None and stream.preload.loads == 0


def test_a_failed_load_ahead_falls_back_to_loading_at_the_step_down() -> None:
    factory = Factory(ManualClock(), slow_cost=0.2, failing=1)
    script = _blocks(("voice", 5.0), ("quiet", 1.0), ("voice", 3.0), ("quiet", 0.5))
    _stream, events = _run(factory, script)

    [switched] = [e for e in events if isinstance(e, ModelSteppedDown)]
    assert factory.loads.threads == ["preload-faster-model", WORKER]  # tried once ahead
    assert "loading it ahead failed (The whisper model in" in switched.measured
    assert switched.sentence == (
        "Captions switched to tiny.en: whisper base could not keep up on this computer."
    )
    assert not any(isinstance(e, StepDownFailed) for e in events)
    assert factory.fast.fed > 0


def test_a_model_that_cannot_be_loaded_at_all_leaves_base_running_and_says_why() -> None:
    factory = Factory(ManualClock(), slow_cost=0.2, failing=2)
    script = _blocks(("voice", 5.0), ("quiet", 1.0), ("voice", 3.0), ("quiet", 0.5))
    _stream, events = _run(factory, script)

    assert not any(isinstance(e, ModelSteppedDown) for e in events)
    [failed] = [e for e in events if isinstance(e, StepDownFailed)]
    assert failed.sentence == (
        "Captions stay on whisper base, which cannot keep up on this computer, as tiny.en "
        "could not be loaded: The whisper model in '/models/tiny.en' could not be loaded "
        "(file is damaged). Run the set-up command from the README again to reinstall it. "
        "Captions may come late or skip; closing other programs helps."
    )
    finals = [e for e in events if isinstance(e, Caption) and e.kind == "final"]
    assert len(finals) == 2 and factory.fast.fed == 0  # base captioned both phrases
    # The app's caption line and the command line's stderr both say it.
    status = CaptionStatusModel()
    status.press_start()
    status.starting("Call audio")
    shown = status.step_down_failed(failed)
    assert shown is not None and shown.sentence == failed.sentence
    assert shown.alert.name == "POLITE"  # announced to screen readers
    err = io.StringIO()
    CaptionPrinter("text", out=io.StringIO(), err=err)(failed)
    assert err.getvalue() == failed.sentence + "\n"


def _preload(loads: Loads) -> Preload:
    return Preload(loads, Limits(window=10.0, sustained=15.0), CatchUp(on_offer=10.0))


def test_loading_ahead_starts_after_5_s_behind_or_5_s_waiting() -> None:
    behind = _preload(Loads(PhraseEngine(ManualClock(), 0.0, "tiny.en")))
    behind.watch(4.9, 0.0, BLOCK, 4.9)
    assert behind.loads == 0
    behind.watch(5.0, 0.0, BLOCK, 5.0)
    assert behind.loads == 1 and behind.started_at == 5.0
    waiting = _preload(Loads(PhraseEngine(ManualClock(), 0.0, "tiny.en")))
    waiting.watch(2.0, 4.9, BLOCK, 3.0)
    assert waiting.loads == 0
    waiting.watch(2.1, 5.0, BLOCK, 3.1)  # a slow start: the skip would come first
    assert waiting.loads == 1


def test_a_model_loaded_ahead_is_let_go_once_decoding_keeps_up_again() -> None:
    """Both models together pass the 600 MB target: they are held together only while
    a step down is likely."""
    loads = Loads(PhraseEngine(ManualClock(), 0.0, "tiny.en"))
    preload = _preload(loads)
    gone = weakref.ref(loads.engine)
    preload.watch(5.0, 0.0, BLOCK, 5.0)
    assert preload._thread is not None
    preload._thread.join(10)
    assert preload.ready
    loads.engine = None  # type: ignore[assignment]  # only the preload holds it now
    for block in range(199):  # 19.9 s keeping up: a lull, kept
        preload.watch(0.0, 0.0, BLOCK, 5.1 + block * BLOCK)
    assert preload.ready and preload.freed == 0
    preload.watch(0.0, 0.0, BLOCK, 25.0)  # 20 s: let go, memory and all
    assert not preload.ready and preload.freed == 1
    gc.collect()
    assert gone() is None
    preload.watch(5.0, 0.0, BLOCK, 40.0)  # behind again: loaded again
    assert preload.loads == 2


def test_a_step_down_during_a_load_ahead_waits_for_it_rather_than_loading_twice() -> None:
    release = threading.Event()
    engine = PhraseEngine(ManualClock(), 0.0, "tiny.en")
    loads: list[str] = []

    def slow_load() -> PhraseEngine:
        loads.append(threading.current_thread().name)
        assert release.wait(10)
        return engine

    preload = Preload(slow_load, Limits(), CatchUp())
    preload.watch(5.0, 0.0, BLOCK, 5.0)
    assert preload.loading
    taken: list[Engine] = []
    taker = threading.Thread(target=lambda: taken.append(preload.take()))
    taker.start()
    release.set()  # the load under way finishes after take began waiting for it
    taker.join(10)
    assert taken == [engine] and loads == ["preload-faster-model"]


def test_a_load_ahead_that_ends_after_the_stream_is_let_go() -> None:
    release = threading.Event()

    def slow_load() -> PhraseEngine:
        assert release.wait(10)
        return PhraseEngine(ManualClock(), 0.0, "tiny.en")

    preload = Preload(slow_load, Limits(), CatchUp())
    preload.watch(5.0, 0.0, BLOCK, 5.0)
    thread = preload._thread
    assert thread is not None and preload.loading
    preload.close()  # the stream stopped mid-load
    release.set()
    thread.join(10)
    assert not preload.ready  # nothing left holding a model nobody will use
