"""The "New speaker — who is it?" suggestion (#14): non-modal, answered by a member's key.

Shown above the nudges while voice recognition offers a new voice; the words
say what to do (press the member's key, or Esc), a bold heading and a frame
mark it out, never colour alone; it is announced to screen readers when it
appears. Its one button dismisses it, as Esc does.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.widgets.a11y import name

HEADING = "New speaker — who is it?"
HOW = (
    "A new voice is speaking in the call. Press their key (1–9, 0) or Enter on their row "
    "to mark them; their voice is then recognised for the rest of this session, in memory "
    "only. Esc: not now."
)


class VoiceSuggestion(QFrame):
    """The suggestion card; hidden until ``offer``."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("turns_voice_suggestion")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(2)
        self.setAccessibleName(HEADING)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.heading = QLabel(f"<b>{HEADING}</b>")
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.detail = QLabel(HOW)
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setWordWrap(True)
        layout.addWidget(self.heading)
        layout.addWidget(self.detail)
        row = QHBoxLayout()
        row.addStretch(1)
        self.dismiss = name(
            QPushButton("Not no&w (Esc)"),
            "Not now",
            "Dismiss this suggestion; the voice stays unnamed until you mark someone",
        )
        self.dismiss.setObjectName("turns_voice_dismiss")
        row.addWidget(self.dismiss)
        layout.addLayout(row)
        self.hide()

    def offer(self) -> str:
        """Show the card; the sentence to announce."""
        self.show()
        return f"{HEADING} Press their key, or Escape for not now."
