"""The facilitation commands as actions, each with text, a tooltip and a shortcut.

The keys keep clear of the captions' (F5, F8, F9, Ctrl+S, Ctrl+1, Ctrl+/):
the plan's commands are Ctrl+Shift+letter and the mini window is Shift+F9.
They work while the Facilitate area or the mini window is showing in the
active window (``Qt.WindowShortcut``), so other areas may reuse the keys.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QWidget

from ui.widgets.a11y import make_action, tooltip_with_shortcut

# (attribute, text, tooltip, shortcut or None)
_SPECS: tuple[tuple[str, str, str, str | None], ...] = (
    ("start", "&Start plan", "Start running the chosen plan for the chosen group", "Ctrl+Shift+G"),
    ("pause", "&Pause", "Stop the plan's clock; press again to carry on", "Ctrl+Shift+P"),
    ("back", "&Back", "Go back to the segment before", "Ctrl+Shift+B"),
    ("next", "&Next segment", "Move on to the next segment now", "Ctrl+Shift+K"),
    ("extend", "E&xtend", "Make this segment longer by the minutes chosen", "Ctrl+Shift+E"),
    (
        "take",
        "&Take from later",
        "Make this segment longer with time from later ones",
        "Ctrl+Shift+T",
    ),
    ("done", "&Done", "Mark the oldest prompt showing as done", "Ctrl+Shift+D"),
    ("snooze", "Snoo&ze", "Put the oldest prompt showing off for two minutes", "Ctrl+Shift+L"),
    ("mini", "&Mini window", "Show a small window that stays on top beside the call", "Shift+F9"),
    ("finish", "&Finish run", "End the run now; what happened so far is kept", "Ctrl+Shift+F"),
    (
        "import_plan",
        "&Import plan file…",
        "Add a plan someone sent you (with the programme's themes, if it has them)",
        "Ctrl+Shift+U",
    ),
)


class FacilitateActions(QObject):
    """Every facilitation action, owned by (and shortcut-scoped to) ``owner``."""

    start: QAction
    pause: QAction
    back: QAction
    next: QAction
    extend: QAction
    take: QAction
    done: QAction
    snooze: QAction
    mini: QAction
    finish: QAction
    import_plan: QAction

    def __init__(self, owner: QWidget) -> None:
        super().__init__(owner)
        for attribute, text, tooltip, keys in _SPECS:
            action = make_action(
                owner,
                text,
                tooltip,
                shortcut=keys,
                object_name=f"facilitate_{attribute}",
            )
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            owner.addAction(action)
            setattr(self, attribute, action)
        self.mini.setCheckable(True)

    def all(self) -> list[QAction]:
        """Every action, in the order of ``_SPECS`` (for menus and other windows)."""
        return [getattr(self, spec[0]) for spec in _SPECS]

    def set_pause_text(self, paused: bool) -> None:
        text, tip = (
            ("&Resume", "Carry on with the plan's clock")
            if paused
            else (
                "&Pause",
                "Stop the plan's clock; press again to carry on",
            )
        )
        self.pause.setText(text)
        self.pause.setToolTip(tooltip_with_shortcut(tip, self.pause))
        self.pause.setStatusTip(tip)
