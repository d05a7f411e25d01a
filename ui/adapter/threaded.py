"""``ThreadedJob``: a QObject whose work runs on a thread of its own, let go on the GUI thread.

A thread whose target is a QObject's method holds that object: if the GUI
lets go of it first, the thread's own clean-up frees it, on the thread, and
freeing a QObject off its thread crashes Qt later (#10). A job keeps itself
alive while its thread runs; once the thread has ended, the GUI thread lets
it go, so the last reference always drops there.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal

_RUNNING: set[ThreadedJob] = set()  # jobs whose thread has not been joined yet


class ThreadedJob(QObject):
    """Runs ``work`` on a daemon thread; signals from it reach the GUI thread queued."""

    work: Callable[[], None]
    """What runs on the thread, a method each subclass defines: report through Qt signals only."""

    _thread_ended = Signal()  # the thread's last act; handled on the GUI thread

    def __init__(self, name: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._name = name
        self._thread: threading.Thread | None = None
        self._thread_ended.connect(self._on_thread_ended)  # queued: this lives on the GUI thread

    def start(self) -> None:
        """Run ``work`` on its thread (once); returns at once."""
        if self._thread is not None:
            return
        _RUNNING.add(self)
        self._thread = threading.Thread(target=self._run_on_thread, name=self._name, daemon=True)
        self._thread.start()

    def is_alive(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def _run_on_thread(self) -> None:
        try:
            self.work()
        finally:
            self._thread_ended.emit()

    def _on_thread_ended(self) -> None:
        if self._thread is not None:
            self._thread.join()  # it ends right after saying so; then it holds nothing
        # Let go from the event loop, not inside this object's own slot.
        QTimer.singleShot(0, functools.partial(_RUNNING.discard, self))
