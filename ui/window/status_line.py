"""The main window's status line: the plan's call, engine, source, level and what is kept.

The plan's call (a due prompt, an overrun) shows first, from every area, and
is announced politely, so the facilitator sees it wherever they are working.

Each part says in words what it shows, and a screen reader reads the same
words (the level meter is read as "Level 4 of 5, speech"). The engine,
source and level parts follow the bridge's one ``CaptionStatusFeed``, so
they always agree with the caption controls.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QFrame, QLabel, QStatusBar

from companion.captions_status import CaptionStatus
from companion.events import LevelChanged
from companion.settings import Settings
from ui.adapter.caption_status import CaptionStatusFeed
from ui.settings.dialog import source_label
from ui.settings.store import SettingsStore
from ui.widgets.a11y import tooltip_text

LEVEL_STEPS = 5  # blocks in the level meter
MIN_CHARS = 10  # a narrow window still shows this much of each part ("Source: Ca…")
ENGINE_MIN_CHARS = 24  # ...and of the engine's, its model: "Engine: whisper tiny.en"


class StatusLine(QObject):
    """Fills ``bar`` with the status parts and keeps them up to date."""

    def __init__(
        self,
        bar: QStatusBar,
        feed: CaptionStatusFeed,
        store: SettingsStore,
        show_message: Callable[[str, int], None],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self._bar = bar
        self._show_message = show_message  # the window's message strip: the bar has no room
        self._feed = feed
        self._level_shown: tuple[int, bool] | None = None
        bar.setObjectName("status_line")
        bar.setAccessibleName("Status line")
        self.engine_label = _status_label("engine_status", "Speech engine status", ENGINE_MIN_CHARS)
        self.source_label = _status_label("source_status", "Audio source status")
        self.level_label = _status_label("level_status", "Audio level")
        self.saved_label = _status_label("saved_status", "What is kept on disk")
        self.sharing_label = _status_label("sharing_status", "Whether captions go to the call")
        self.attention_label = _status_label("attention_status", "What the plan needs now")
        font = self.attention_label.font()
        font.setBold(True)  # not colour alone: bold words that say what is due
        self.attention_label.setFont(font)
        self.attention_label.hide()
        bar.addWidget(self.attention_label, 1)
        self._place_labels()
        self._bar.addWidget(self.sharing_label)  # left, beside messages: only while sharing
        self.sharing_label.hide()
        set_status(self.source_label, f"Source: {source_label(store.current.source)}")
        set_status(self.saved_label, "Transcript: not kept")
        self._on_status(feed.current)
        feed.changed.connect(self._on_status)
        feed.level.connect(self._on_level)
        store.changed.connect(self._on_settings_changed)

    def set_saved_state(self, text: str) -> None:
        set_status(self.saved_label, text)

    def set_sharing_state(self, text: str) -> None:
        """Show "Sharing captions with the call …" while sharing is on; nothing when off."""
        set_status(self.sharing_label, text)
        self.sharing_label.setVisible(bool(text))

    def set_attention(self, text: str) -> None:
        """Show what the plan needs now ("Prompt due: …") from every area; "" hides it."""
        set_status(self.attention_label, f"Plan: {text}" if text else "")
        self.attention_label.setVisible(bool(text))

    def _place_labels(self) -> None:
        labels = (self.engine_label, self.source_label, self.level_label, self.saved_label)
        for index, label in enumerate(labels):
            if index:
                separator = QFrame()
                separator.setFrameShape(QFrame.Shape.VLine)
                separator.setFrameShadow(QFrame.Shadow.Sunken)
                self._bar.addPermanentWidget(separator)
            self._bar.addPermanentWidget(label)
        widest = self.level_label.fontMetrics().horizontalAdvance("Level: ●●●●● speech ")
        self.level_label.setMinimumWidth(widest)  # the meter changes without the line jumping

    def _on_status(self, status: CaptionStatus) -> None:
        set_status(self.engine_label, status.engine_line)
        # The whole reason the model was chosen, where the line has room only for its start.
        why = status.engine_description or "Speech engine status"
        whole = f"{status.engine_line}\n{why}" if why else status.engine_line
        self.engine_label.setToolTip(tooltip_text(whole))
        self.engine_label.setAccessibleDescription(why)
        if status.running and status.source_line is not None:
            set_status(self.source_label, status.source_line)
        if status.level_line is not None:
            set_status(self.level_label, status.level_line)
            self._level_shown = None
        if status.message:
            self._show_message(status.message, status.message_ms)

    def _on_level(self, event: LevelChanged) -> None:
        step = max(0, min(LEVEL_STEPS, round(event.level * LEVEL_STEPS)))
        shown = (step, event.voice)
        if shown == self._level_shown:
            return  # no repaint, and no chatter for screen readers
        self._level_shown = shown
        heard = "speech" if event.voice else "quiet"
        meter = "●" * step + "○" * (LEVEL_STEPS - step)
        set_status(self.level_label, f"Level: {meter} {heard}", f"Level {step} of 5, {heard}")

    def _on_settings_changed(self, settings: Settings) -> None:
        if not self._feed.current.running:
            set_status(self.source_label, f"Source: {source_label(settings.source)}")


class StatusPart(QLabel):
    """A status part that gives up room by ending its words in "…" when the window
    is narrow (640 points at 200 %), instead of being cut off mid-letter; its
    tooltip and accessible name keep every word."""

    def __init__(self, min_chars: int = MIN_CHARS) -> None:
        super().__init__()
        self._min_chars = min_chars

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        margins = self.contentsMargins()
        shortest = self.fontMetrics().horizontalAdvance(self.text()[: self._min_chars] + "…")
        return QSize(min(hint.width(), shortest + margins.left() + margins.right()), hint.height())

    def paintEvent(self, event: QPaintEvent) -> None:
        room = self.contentsRect()
        shown = self.fontMetrics().elidedText(
            self.text(), Qt.TextElideMode.ElideRight, room.width()
        )
        painter = QPainter(self)
        self.style().drawItemText(
            painter,
            room,
            int(self.alignment()),
            self.palette(),
            self.isEnabled(),
            shown,
            self.foregroundRole(),
        )


def _status_label(object_name: str, description: str, min_chars: int = MIN_CHARS) -> QLabel:
    label = StatusPart(min_chars)
    label.setObjectName(object_name)
    label.setAccessibleDescription(description)
    label.setToolTip(description)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setContentsMargins(6, 0, 6, 0)
    return label


def set_status(label: QLabel, text: str, spoken: str | None = None) -> None:
    """Set a status label's text, and its accessible name to the same (or ``spoken``) words."""
    if label.text() != text:
        label.setText(text)
        label.setToolTip(tooltip_text(text or label.accessibleDescription()))  # whole, if cut
        label.setAccessibleName(spoken or text)
