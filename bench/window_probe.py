"""One fresh start of the app for bench/window_bench.py; prints one JSON line.

It opens the whole window as ``companion`` does, presses Start at once with a
WAV file as the source and the built-in whisper engine, and reports (seconds
since the process started) when the window was shown, when the engine was
listening and when the first caption arrived.
"""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import QTimer

from ui.app import build_window, create_application, seconds_since_process_start


def main(wav: str) -> int:
    app = create_application(sys.argv[:1])
    window = build_window()
    window.show()
    figures: dict[str, float] = {"window_shown": seconds_since_process_start()}
    bridge = window.bridge

    def ready(event: object) -> None:
        figures["captions_ready"] = seconds_since_process_start()
        figures["engine_load"] = float(getattr(event, "load_seconds", 0.0))

    def caption(_event: object) -> None:
        if "first_caption" not in figures:
            figures["first_caption"] = seconds_since_process_start()
            bridge.stop()  # quit once the worker has finished, never under it

    bridge.engine_ready.connect(ready)
    bridge.caption.connect(caption)
    bridge.stopped.connect(lambda _event: app.quit())
    QTimer.singleShot(0, lambda: bridge.start(wav, "whisper"))
    QTimer.singleShot(120_000, app.quit)
    app.exec()
    window.close()
    print(json.dumps(figures))
    return 0 if "first_caption" in figures else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
