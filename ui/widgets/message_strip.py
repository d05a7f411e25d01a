"""A message across the window's width, wrapped onto as many lines as it needs.

A status bar gives a temporary message only the room its permanent parts
leave (about 190 pixels of an 1100-pixel window, nothing at all in
participant mode's small one), so "… stopped sending sound: …" was cut off
mid-word. The strip sits between the work areas and the status line, takes
the window's whole width, wraps, and is said politely to screen readers. It
is plain text in a framed box (not told by colour alone) and goes away after
its time, or stays until the next message when given none.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from ui.widgets.a11y import announce


class MessageStrip(QLabel):
    """Shows one message at a time; ``show_message("")`` or its timeout hides it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("message_strip")
        self.setAccessibleName("Message")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setMargin(6)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Minimum)
        # The theme's own pair for notes beside the work (readable in dark and
        # high-contrast themes), inside a frame that sets it apart without colour.
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.ToolTipBase)
        self.setForegroundRole(QPalette.ColorRole.ToolTipText)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: self.show_message(""))
        self.hide()

    def show_message(self, text: str, timeout_ms: int = 0, *, say: bool = True) -> None:
        """Show ``text`` for ``timeout_ms`` (0: until the next message); "" hides it.

        ``say`` announces it to screen readers (off when the caller says it already).
        """
        self._timer.stop()
        self.setText(text)
        self.setAccessibleName(f"Message: {text}" if text else "Message")
        self.setVisible(bool(text))
        if not text:
            return
        if timeout_ms > 0:
            self._timer.start(timeout_ms)
        if say:
            announce(self, text)

    def message(self) -> str:
        """The message showing now ("" when none)."""
        return self.text()
