"""Nudges for the facilitator's eyes only: why, words they could use, and Dismiss.

Each nudge is a card: the reason ("Priya has not spoken yet, 10 minutes
in."), the suggested words in quotes, how to say the name if recorded, and a
Dismiss button. New nudges are announced politely to screen readers.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from companion.turns.nudges import Nudge
from ui.widgets.a11y import announce, describe, name


class NudgeCard(QFrame):
    """One nudge."""

    def __init__(self, nudge: Nudge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nudge = nudge
        self.setObjectName(f"nudge_{nudge.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Nudge: {nudge.reason}")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        self.reason = QLabel(f"<b>{_escape(nudge.reason)}</b>")
        self.reason.setTextFormat(Qt.TextFormat.RichText)
        self.reason.setWordWrap(True)
        self.words = QLabel(f"“{nudge.words}”")
        self.words.setTextFormat(Qt.TextFormat.PlainText)
        self.words.setWordWrap(True)
        self.words.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.reason)
        layout.addWidget(self.words)
        if nudge.pronunciation:
            say = QLabel(f"Say the name: {nudge.pronunciation}")
            say.setTextFormat(Qt.TextFormat.PlainText)
            say.setWordWrap(True)
            layout.addWidget(say)
        row = QHBoxLayout()
        row.addStretch(1)
        self.dismiss = QPushButton("Dismiss")
        self.dismiss.setObjectName(f"dismiss_nudge_{nudge.id}")
        name(self.dismiss, f"Dismiss nudge about {nudge.label}", "Hide this nudge for a while")
        describe(self.dismiss, nudge.words)
        row.addWidget(self.dismiss)
        layout.addLayout(row)


class NudgeList(QGroupBox):
    """The nudges showing, most pressing first; ``dismissed`` carries a nudge id."""

    dismissed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Nudges (only you see these)", parent)
        self.setObjectName("turns_nudges")
        self._cards: dict[int, NudgeCard] = {}
        outer = QVBoxLayout(self)
        self.empty = QLabel("No nudges now.")
        self.empty.setWordWrap(True)
        outer.addWidget(self.empty)
        self.scroller = QScrollArea()
        self.scroller.setObjectName("turns_nudge_scroll")
        self.scroller.setWidgetResizable(True)
        self.scroller.setFrameShape(QFrame.Shape.NoFrame)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        inner = QWidget()
        self._layout = QVBoxLayout(inner)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addStretch(1)
        self.scroller.setWidget(inner)
        outer.addWidget(self.scroller, 1)
        self._enabled = True
        self._update_empty()

    def nudges(self) -> list[Nudge]:
        """The nudges showing, top to bottom."""
        items = [self._layout.itemAt(i) for i in range(self._layout.count())]
        cards = [item.widget() for item in items if item is not None]
        return [c.nudge for c in cards if isinstance(c, NudgeCard)]

    def card(self, nudge_id: int) -> NudgeCard | None:
        return self._cards.get(nudge_id)

    def add(self, nudge: Nudge, place: int | None = None) -> None:
        if nudge.id in self._cards:
            return
        card = NudgeCard(nudge)
        card.dismiss.clicked.connect(lambda: self.dismissed.emit(nudge.id))
        self._cards[nudge.id] = card
        where = self._layout.count() - 1 if place is None else min(place, self._layout.count() - 1)
        self._layout.insertWidget(where, card)
        self._update_empty()
        announce(self, f"Nudge. {nudge.reason} {nudge.words}")

    def remove(self, nudge_id: int) -> None:
        card = self._cards.pop(nudge_id, None)
        if card is None:
            return
        had_focus = card.isAncestorOf(self.focusWidget()) if self.focusWidget() else False
        self._layout.removeWidget(card)
        card.hide()
        card.deleteLater()
        self._update_empty()
        if had_focus:
            remaining = list(self._cards.values())
            (remaining[0].dismiss if remaining else self).setFocus()

    def clear(self) -> None:
        for nudge_id in list(self._cards):
            self.remove(nudge_id)

    def set_enabled_rules(self, enabled: bool) -> None:
        self._enabled = enabled
        self._update_empty()

    def _update_empty(self) -> None:
        self.empty.setText(
            "No nudges now. They appear here when someone has not been heard, or one voice "
            "holds the floor."
            if self._enabled
            else "Nudges are off. Turn them on in Nudge settings."
        )
        self.empty.setVisible(not self._cards)
        self.scroller.setVisible(bool(self._cards))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
