"""The settings as a Qt object: widgets read them, change them, and hear changes."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from companion import settings as core_settings


class SettingsStore(QObject):
    """Holds the current ``Settings``; saves shortly after each change."""

    changed = Signal(object)  # the new Settings

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self.current, self.notice = core_settings.load(path)
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)  # coalesce slider drags into one write
        self._save_timer.timeout.connect(self.save_now)

    def update(self, **changes: Any) -> None:
        """Change some settings (values are clamped into range) and tell everyone."""
        new = replace(self.current, **changes).clamped()
        if new == self.current:
            return
        self.current = new
        self._save_timer.start()
        self.changed.emit(new)

    def save_now(self) -> None:
        self._save_timer.stop()
        core_settings.save(self.current, self._path)
