"""What the screenshot scripts share: waiting on Qt's event loop, and taking the shot.

The scripts run the real app outside pytest, so they cannot use pytest-qt's
waits; these do the same with a plain event loop. Import after QApplication
exists (the scripts set their environment up first).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QGuiApplication


def spin(milliseconds: int) -> None:
    """Let Qt run for this long: paint, lay out, deliver timers."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], object], timeout: float = 90.0, what: str = "") -> None:
    """Run Qt until ``condition()`` holds; stop the script with ``what`` if it never does."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out waiting for {what or 'the pictured moment'}.")
        spin(50)


def screen(path: Path) -> None:
    """The whole (virtual) screen, as a person would see it, saved as a PNG."""
    QGuiApplication.primaryScreen().grabWindow(0).save(str(path))
