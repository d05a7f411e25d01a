"""Screenshots for docs/: the captions view and the detached caption window, live.

Run under Xvfb with a private PulseAudio (the same path as a real call):

    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/captions-screenshots.py

A person's steps: start captions of the system output, make the text 72 pt
yellow on black, pause scrolling to reread, save a WebVTT transcript, then
detach the captions over another window (a stand-in for the call).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ["COMPANION_HOME"] = tempfile.mkdtemp(prefix="companion-shots-")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QFileDialog, QLabel  # noqa: E402
from shots import screen, spin, wait_until  # noqa: E402

from tests.pulse import PrivatePulse  # noqa: E402
from tests.speech_audio import make_speech_wav  # noqa: E402
from ui.app import build_window, create_application  # noqa: E402

SPEECH = (
    "Good morning everyone. Thank you for joining this breakout group. Before we start, "
    "could each person say their name and how they would like to be addressed. "
    "It is fine to pass if you prefer."
)
OUT = ROOT / "docs" / "screenshots"


def main() -> int:
    app = create_application(sys.argv[:1])
    with PrivatePulse() as pulse:
        window = build_window()
        store = window.captions._store  # the same settings the Settings dialog changes
        store.update(engine="whisper", source="system")
        window.resize(1100, 740)
        window.move(0, 0)
        window.show()
        view = window.captions
        view.start_action.trigger()
        wait_until(lambda: "Listening" in view.controls.state_label.text())
        pulse.play(make_speech_wav(SPEECH))
        wait_until(
            lambda: (
                "pass if you prefer" in view.display.toPlainText().lower()
                or "prefer" in view.display.toPlainText().lower()
            ),
            what="the captions",
        )
        store.update(font_size=72, theme="yellow-on-black", lines=3)
        view.pause_action.trigger()  # pause scrolling to reread
        view.display.verticalScrollBar().setValue(0)
        app.processEvents()
        window.grab().save(str(OUT / "captions-view-72pt-yellow.png"))

        stopped = []
        window.bridge.stopped.connect(stopped.append)
        view.start_action.trigger()  # stop: what is pending becomes final
        wait_until(lambda: bool(stopped))
        vtt = OUT.parent / "example-transcript.vtt"
        QFileDialog.getSaveFileName = lambda *a, **k: (str(vtt), "WebVTT subtitles (*.vtt)")
        view.save_action.trigger()

        call = QLabel("Video call (stand-in)")
        call.setAlignment(Qt.AlignmentFlag.AlignCenter)
        call.setStyleSheet("background:#30343a; color:#d0d4da; font-size:28pt;")
        call.setAccessibleName("Stand-in for the video call")
        call.setGeometry(QGuiApplication.primaryScreen().geometry())
        call.show()
        view.pause_action.trigger()  # resume
        view.detach_action.trigger()
        detached = view.caption_window
        assert detached is not None
        room = QGuiApplication.primaryScreen().availableGeometry()
        detached.resize(1000, detached.height())
        detached.move(180, room.bottom() - detached.height() - 40)
        detached.raise_()
        app.processEvents()
        wait_until(lambda: detached.isVisible())
        spin(700)  # let the window manager-less screen settle
        detached.grab().save(str(OUT / "caption-window.png"))
        screen(OUT / "caption-window-detached.png")
        view.set_detached(False)
        call.close()
        window.close()
    print("Screenshots in", OUT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
