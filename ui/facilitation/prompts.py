"""Due prompts: large, calm cards with Done and Snooze, oldest first.

A new prompt is marked by a framed card under a "Due now (N)" heading, not by
colour or sound; the area announces it to screen readers, politely.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.facilitation.events import PromptDue
from ui.widgets.a11y import name


def _font(widget: QWidget, points: float, bold: bool = False) -> QFont:
    font = QFont(widget.font())
    font.setPointSizeF(points)
    font.setBold(bold)
    return font


class PromptCard(QFrame):
    """One due prompt: its title, what to do, and Done / Snooze."""

    done = Signal(str)  # the prompt's key
    snoozed = Signal(str)

    def __init__(self, prompt: PromptDue, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.key = prompt.key
        self.prompt = prompt
        self.setObjectName("prompt_card")
        self.setFrameShape(QFrame.Shape.Box)
        self.setLineWidth(2)
        self.setAccessibleName(f"Prompt: {prompt.title}")
        self.setAccessibleDescription(prompt.text)
        self.title = QLabel(("Again: " if prompt.repeat else "") + prompt.title)
        self.title.setObjectName("prompt_title")
        self.title.setFont(_font(self, 14, bold=True))
        self.title.setWordWrap(True)
        self.text = QLabel(prompt.text)
        self.text.setObjectName("prompt_text")
        self.text.setFont(_font(self, 12))
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.done_button = QPushButton("Done")
        name(self.done_button, f"Done: {prompt.title}", "Mark this prompt as done (Ctrl+Shift+D)")
        self.snooze_button = QPushButton("Snooze 2 min")
        name(
            self.snooze_button,
            f"Snooze: {prompt.title}",
            "Hide this prompt; it comes back in two minutes (Ctrl+Shift+L)",
        )
        self.done_button.clicked.connect(lambda: self.done.emit(self.key))
        self.snooze_button.clicked.connect(lambda: self.snoozed.emit(self.key))
        words = QVBoxLayout()
        words.setSpacing(4)
        words.addWidget(self.title)
        words.addWidget(self.text)
        buttons = QVBoxLayout()
        buttons.addWidget(self.done_button)
        buttons.addWidget(self.snooze_button)
        buttons.addStretch(1)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(12)
        layout.addLayout(words, 1)
        layout.addLayout(buttons)


class PromptsPanel(QWidget):
    """The due prompts, oldest first, in a scrolling column."""

    done = Signal(str)
    snoozed = Signal(str)
    count_changed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("prompts_panel")
        self.heading = QLabel()
        self.heading.setObjectName("prompts_heading")
        self.heading.setFont(_font(self, 13, bold=True))
        self._cards: dict[str, PromptCard] = {}
        self._column = QWidget()
        self._column.setObjectName("prompt_column")
        self._column_layout = QVBoxLayout(self._column)
        self._column_layout.setContentsMargins(0, 0, 0, 0)
        # Cards keep their full height; the column scrolls instead of squashing them.
        self._column_layout.setSizeConstraint(QLayout.SizeConstraint.SetMinAndMaxSize)
        self._column_layout.setSpacing(8)
        self._column_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setObjectName("prompts_scroll")
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroll_area.setWidget(self._column)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.scroll_area, 1)
        self._update_heading()

    def add(self, prompt: PromptDue) -> PromptCard:
        self.remove(prompt.key)
        card = PromptCard(prompt)
        card.done.connect(self.done)
        card.snoozed.connect(self.snoozed)
        self._column_layout.insertWidget(self._column_layout.count() - 1, card)
        self._cards[prompt.key] = card
        self._update_heading()
        return card

    def remove(self, key: str) -> None:
        card = self._cards.pop(key, None)
        if card is not None:
            focus = QApplication.focusWidget()
            had_focus = focus is not None and card.isAncestorOf(focus)
            card.hide()
            card.setParent(None)
            card.deleteLater()
            self._update_heading()
            if had_focus:
                self._focus_first()

    def clear(self) -> None:
        for key in list(self._cards):
            self.remove(key)

    def keys(self) -> list[str]:
        return list(self._cards)

    def cards(self) -> list[PromptCard]:
        return list(self._cards.values())

    def first_key(self) -> str | None:
        return next(iter(self._cards), None)

    def _focus_first(self) -> None:
        first = next(iter(self._cards.values()), None)
        if first is not None:
            first.done_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _update_heading(self) -> None:
        count = len(self._cards)
        text = f"Due now ({count})" if count else "No prompts due"
        self.heading.setText(text)
        self.heading.setAccessibleName(text)
        self.count_changed.emit(count)
