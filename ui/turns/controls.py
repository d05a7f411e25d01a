"""The "Now speaking" box: who has the floor, and buttons for the tracker's actions.

Each button triggers one of the Turns area's actions, so a click and the key
do exactly the same, and the button is enabled exactly when the action is.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from ui.widgets.a11y import plain_text, shortcut_text


def action_button(action: QAction, text: str) -> QPushButton:
    """A push button that triggers ``action`` and follows its enabled state and tooltip."""
    keys = shortcut_text(action).split(", ")[0]
    button = QPushButton(f"{text} ({keys})" if keys else text)
    button.setObjectName(f"button_{action.objectName()}")
    button.setAccessibleName(plain_text(text))
    button.setToolTip(action.toolTip())
    button.setEnabled(action.isEnabled())
    button.clicked.connect(action.trigger)
    action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
    return button


class NowSpeaking(QGroupBox):
    """The current speaker in large type, with the tracker's buttons below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Now speaking", parent)
        self.setObjectName("turns_now")
        self._layout = QGridLayout(self)
        self.label = QLabel("Nobody")
        self.label.setObjectName("turns_now_label")
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.label.font())
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.label.setFont(font)
        self.detail = QLabel("")
        self.detail.setObjectName("turns_now_detail")
        self.detail.setWordWrap(True)
        self._layout.addWidget(self.label, 0, 0, 1, 2)
        self._layout.addWidget(self.detail, 1, 0, 1, 2)
        self.buttons: list[QPushButton] = []

    def add_buttons(self, pairs: list[tuple[QAction, str]]) -> None:
        for index, (action, text) in enumerate(pairs):
            button = action_button(action, text)
            self.buttons.append(button)
            self._layout.addWidget(button, 2 + index // 2, index % 2)

    def show_speaker(self, label: str | None, detail: str) -> None:
        text = label if label is not None else "Nobody"
        if self.label.text() != text:
            self.label.setText(text)
            self.label.setAccessibleName(f"Now speaking: {text}")
            self.label.setToolTip(text)
        if self.detail.text() != detail:
            self.detail.setText(detail)
