"""The run's controls: buttons for the facilitation actions, and the minutes to add.

Each button shows its action (text, tooltip with the shortcut, enabled state)
and takes keyboard focus, so the controls are reachable with Tab as well as
by their shortcuts.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QHBoxLayout, QSpinBox, QToolButton, QWidget

from ui.facilitation.actions import FacilitateActions
from ui.widgets.a11y import name


def tool_button(action: QAction, text: str) -> QToolButton:
    """A text button for ``action`` that takes keyboard focus."""
    button = QToolButton()
    button.setDefaultAction(action)
    button.setText(text)
    button.setAccessibleName(text)
    button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    button.setMinimumHeight(32)
    return button


class ControlBar(QWidget):
    """Start, Pause, Back, Next segment, Extend by N minutes, Finish run."""

    def __init__(self, commands: FacilitateActions, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("control_bar")
        self.start_button = tool_button(commands.start, "Start plan")
        self.pause_button = tool_button(commands.pause, "Pause")
        self.back_button = tool_button(commands.back, "Back")
        self.next_button = tool_button(commands.next, "Next segment")
        self.extend_button = tool_button(commands.extend, "Extend")
        self.minutes_spin = name(QSpinBox(), "Minutes to add", "Minutes for Extend and Take")
        self.minutes_spin.setObjectName("minutes_spin")
        self.minutes_spin.setRange(1, 60)
        self.minutes_spin.setValue(5)
        self.minutes_spin.setPrefix("by ")
        self.minutes_spin.setSuffix(" min")
        self.finish_button = tool_button(commands.finish, "Finish run")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (self.start_button, self.pause_button, self.back_button, self.next_button):
            layout.addWidget(widget)
        layout.addSpacing(8)
        layout.addWidget(self.extend_button)
        layout.addWidget(self.minutes_spin)
        layout.addSpacing(8)
        layout.addWidget(self.finish_button)
        layout.addStretch(1)
        commands.pause.changed.connect(self._follow_pause_text)

    def _follow_pause_text(self) -> None:
        text = self.pause_button.defaultAction().text().replace("&", "")
        self.pause_button.setText(text)
        self.pause_button.setAccessibleName(text)

    def widgets(self) -> list[QWidget]:
        """In Tab order."""
        return [
            self.start_button,
            self.pause_button,
            self.back_button,
            self.next_button,
            self.extend_button,
            self.minutes_spin,
            self.finish_button,
        ]
