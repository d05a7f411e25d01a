"""Run by test_captions_gui.py under Xvfb (the real xcb platform), not collected alone.

A person presses Start in the main window; speech played into the system output
(a private PulseAudio null sink) appears in the captions view.
"""

from __future__ import annotations

import os

import pytest
from pytestqt.qtbot import QtBot

from tests.pulse import PrivatePulse
from tests.speech_audio import make_speech_wav
from ui.adapter import CoreBridge
from ui.main_window import MainWindow
from ui.settings.store import SettingsStore

SPOKEN = "Good morning everyone. Thank you for joining this breakout group."

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.slow,  # loads a real speech model and plays real audio
    pytest.mark.skipif(
        os.environ.get("QT_QPA_PLATFORM") != "xcb", reason="runs under Xvfb from test_captions_gui"
    ),
]


def test_speech_into_the_system_output_appears_in_the_captions_view(qtbot: QtBot) -> None:
    with PrivatePulse() as pulse:
        store = SettingsStore()
        store.update(engine="whisper", source="system")
        bridge = CoreBridge()
        window = MainWindow(store, bridge)
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        view = window.captions
        with qtbot.waitSignal(bridge.engine_ready, timeout=60_000):
            view.start_action.trigger()
        # The state line says the view is listening before any speech is played.
        qtbot.waitUntil(lambda: "Listening" in view.controls.state_label.text(), timeout=30_000)
        pulse.play(make_speech_wav(SPOKEN))
        qtbot.waitUntil(lambda: "breakout" in view.display.toPlainText().lower(), timeout=60_000)
        text = view.display.toPlainText().lower()
        assert "morning" in text and "everyone" in text
        # Stop and wait until the device is closed before the sound server goes away.
        with qtbot.waitSignal(bridge.stopped, timeout=30_000):
            view.start_action.trigger()
        window.close()
