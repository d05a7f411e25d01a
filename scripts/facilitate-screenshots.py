"""Screenshots for docs/: the Facilitate area, its mini window, an overrun and the editor.

Run by hand from the project folder when the Facilitate area changes:

    .venv/bin/python scripts/facilitate-screenshots.py [FOLDER]

FOLDER defaults to docs/screenshots. The pictures are taken offscreen with a
manual clock (tests/ui/facilitate_scenes.py, which the test suite also runs
into a temporary folder), so every run shows the same moments.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["COMPANION_HOME"] = tempfile.mkdtemp(prefix="companion-shots-")

from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402
from shots import spin, wait_until  # noqa: E402

from tests.ui.facilitate_scenes import take_screenshots  # noqa: E402
from ui.adapter import CoreBridge  # noqa: E402
from ui.app import create_application  # noqa: E402
from ui.main_window import MainWindow  # noqa: E402
from ui.settings.store import SettingsStore  # noqa: E402


class EventLoopWaits:
    """The waits pytest-qt gives the test, made with a plain event loop."""

    def until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:
        wait_until(condition, timeout, "the Facilitate area to reach the pictured moment")

    def exposed(self, widget: QWidget) -> None:
        self.until(lambda: widget.isVisible() and widget.windowHandle() is not None)
        spin(50)

    def settle(self) -> None:
        spin(50)


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else ROOT / "docs" / "screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    app: QApplication = create_application(argv[:1])
    bridge = CoreBridge()
    window = MainWindow(SettingsStore(), bridge)
    window.show()
    waits = EventLoopWaits()
    waits.exposed(window)
    shots = take_screenshots(window, folder, waits)
    window.close()
    bridge.stop()
    app.processEvents()
    for path, (width, height) in shots.items():
        print(f"{path} ({width}×{height})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
