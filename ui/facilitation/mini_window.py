"""The mini window: small, always on top, beside the call.

It shows the current segment, the time left, the next prompt and the oldest
due prompt, with Done, Pause and Next. The Facilitate area's shortcuts work
here too. It views the same ``FacilitationDriver`` as the area.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QAction, QCloseEvent, QFont
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QToolButton, QVBoxLayout, QWidget

from companion.facilitation.events import RunState
from companion.facilitation.status import RunStatus
from companion.timefmt import countdown as clock
from companion.timefmt import spoken
from ui.facilitation.actions import FacilitateActions
from ui.facilitation.driver import FacilitationDriver
from ui.facilitation.now import upcoming_text
from ui.widgets.a11y import name

MINI_SIZE = (380, 190)


def _label(object_name: str, points: float, bold: bool = False) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    label.setFont(font)
    return label


def _set(label: QLabel, text: str, said: str | None = None) -> None:
    if label.text() != text:
        label.setText(text)
        label.setAccessibleName(said or text)


class MiniWindow(QWidget):
    """A compact view of the run that stays on top."""

    closed = Signal()
    full_window = Signal()  # the person asked for the full Facilitate area

    def __init__(
        self,
        driver: FacilitationDriver,
        actions: FacilitateActions,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent, Qt.WindowType.Window | Qt.WindowType.WindowStaysOnTopHint)
        self.setObjectName("mini_window")
        self.setWindowTitle("Companion: facilitation (mini)")
        self.setAccessibleName("Facilitation, mini window")
        self._driver = driver
        self._actions = actions
        self.segment_label = _label("mini_segment", 13, bold=True)
        self.time_label = _label("mini_time", 22, bold=True)
        self.next_label = _label("mini_next", 11)
        self.due_label = _label("mini_due", 12, bold=True)
        self.done_button = self._tool(actions.done, "Done")
        self.pause_button = self._tool(actions.pause, "Pause")
        self.next_button = self._tool(actions.next, "Next segment")
        self.full_button = name(
            QPushButton("Full window"), "Full window", "Show the whole Facilitate area"
        )
        self.full_button.clicked.connect(self.full_window)
        buttons = QHBoxLayout()
        for button in (self.done_button, self.pause_button, self.next_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.full_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.setSpacing(4)
        layout.addWidget(self.segment_label)
        layout.addWidget(self.time_label)
        layout.addWidget(self.due_label)
        layout.addWidget(self.next_label)
        layout.addStretch(1)
        layout.addLayout(buttons)
        self.addActions(actions.all())  # the shortcuts work while this window is active
        driver.status.connect(self._on_status)
        self.resize(*MINI_SIZE)
        self.refresh()

    def _tool(self, action: QAction, text: str) -> QToolButton:
        button = QToolButton()
        button.setDefaultAction(action)
        button.setText(text)
        button.setAccessibleName(text)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        return button

    def refresh(self) -> None:
        status = self._driver.current_status()
        if status is None:
            _set(self.segment_label, "No plan running")
            _set(self.time_label, "")
            _set(self.next_label, "Start a plan in the Facilitate area (Ctrl+Shift+G).")
            _set(self.due_label, "")
            self.due_label.hide()
            return
        self._on_status(status)

    def _on_status(self, status: RunStatus) -> None:
        if status.state == RunState.FINISHED:
            _set(self.segment_label, "Run finished")
            _set(self.time_label, "")
            _set(self.next_label, "")
            self.due_label.hide()
            return
        paused = " (paused)" if status.state == RunState.PAUSED else ""
        _set(self.segment_label, f"▶ Now: {status.segment.title}{paused}")
        left = status.remaining
        word = "left" if left >= 0 else "over"
        _set(self.time_label, f"{clock(abs(left))} {word}", f"{spoken(abs(left))} {word}")
        if status.next_prompt is not None:
            text = upcoming_text(status)
        elif status.next_segment is not None:
            text = f"Next segment: {status.next_segment.title}"
        else:
            text = "Last segment"
        _set(self.next_label, text)
        if status.due:
            more = len(status.due) - 1
            extra = f" (+{more} more)" if more else ""
            _set(self.due_label, f"Due: {status.due[0].title}{extra}")
            self.due_label.show()
        else:
            _set(self.due_label, "")
            self.due_label.hide()

    def closeEvent(self, event: QCloseEvent) -> None:
        super().closeEvent(event)
        self.closed.emit()
