"""The settings as a Qt object: widgets read them, change them, and hear changes.

In participant mode (``set_captions_only``) the caption text size everyone
reads (``current.font_size``) is the participant's own remembered size
(``Settings.participant_font_size``), and a size chosen there is saved as
that: large captions never overwrite the size chosen for the whole app. The
detached window's "on top" works the same way (``participant_on_top``).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from companion import settings as core_settings

# Settings participant mode keeps its own value of: the app's field, participant mode's.
CAPTIONS_ONLY = {"font_size": "participant_font_size", "detached_on_top": "participant_on_top"}


class SettingsStore(QObject):
    """Holds the current ``Settings``; saves shortly after each change."""

    changed = Signal(object)  # the new Settings, as ``current`` shows them

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._saved, self.notice = core_settings.load(path)
        self._captions_only = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(300)  # coalesce slider drags into one write
        self._save_timer.timeout.connect(self.save_now)

    @property
    def current(self) -> core_settings.Settings:
        """The settings in use: in participant mode, with the participant's text size."""
        if self._captions_only:
            saved = self._saved
            return replace(
                saved,
                font_size=saved.participant_font_size,
                detached_on_top=saved.participant_on_top,
            )
        return self._saved

    @property
    def saved(self) -> core_settings.Settings:
        """The settings as kept on disk (``font_size`` is the whole app's size)."""
        return self._saved

    @property
    def captions_only(self) -> bool:
        """Whether participant mode's own text size is in use."""
        return self._captions_only

    def set_captions_only(self, on: bool) -> None:
        """Use participant mode's text size (on) or the whole app's (off); saves nothing."""
        if on == self._captions_only:
            return
        before = self.current
        self._captions_only = on
        if self.current != before:
            self.changed.emit(self.current)

    def update(self, **changes: Any) -> None:
        """Change some settings (values are clamped into range) and tell everyone."""
        if self._captions_only:
            for general, own in CAPTIONS_ONLY.items():
                if general in changes:
                    changes[own] = changes.pop(general)
        new = replace(self._saved, **changes).clamped()
        if new == self._saved:
            return
        self._saved = new
        self._save_timer.start()
        self.changed.emit(self.current)

    def save_now(self) -> None:
        self._save_timer.stop()
        core_settings.save(self._saved, self._path)
