"""Nudges for the facilitator's eyes only: why, words they could use, and Dismiss.

Each nudge is a card: the reason ("Priya (she/her) has not spoken yet, 10
minutes in."), the suggested words in quotes, how to say the name if
recorded, and a Dismiss button. Everyone not heard yet shares one card ("Not
heard yet: Bartosz, Mei-Ling (she/her) or Jon (he/him)") with one Dismiss,
rather than five cards at once. New nudges are announced politely to screen
readers, once per batch.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
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
from companion.turns.wording import NudgeKind, not_heard_together
from ui.widgets.a11y import announce, describe, name


class NudgeCard(QFrame):
    """One nudge."""

    def __init__(self, nudge: Nudge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nudge = nudge
        self.setObjectName(f"nudge_{nudge.id}")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName(f"Nudge: {nudge.reason}")
        say = f"Say the name: {nudge.pronunciation}" if nudge.pronunciation else ""
        self.reason, self.words, self.dismiss = _fill_card(self, nudge.reason, nudge.words, say)
        self.dismiss.setObjectName(f"dismiss_nudge_{nudge.id}")
        name(self.dismiss, f"Dismiss nudge about {nudge.label}", "Hide this nudge for a while")
        describe(self.dismiss, nudge.words)


class TogetherCard(QFrame):
    """Everyone not heard yet, in one nudge with one Dismiss (``nudges`` in roster order)."""

    def __init__(self, nudges: list[Nudge], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.nudges = nudges
        self.nudge = nudges[0]
        self.setObjectName("nudge_not_heard")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        reason, words = not_heard_together(
            [n.shown for n in nudges], [n.name or n.label for n in nudges]
        )
        self.setAccessibleName(f"Nudge: {reason}")
        say = [f"{n.label}: {n.pronunciation}" for n in nudges if n.pronunciation]
        said = "Say the names: " + "; ".join(say) if say else ""
        self.reason, self.words, self.dismiss = _fill_card(self, reason, words, said)
        self.dismiss.setObjectName("dismiss_nudge_not_heard")
        name(self.dismiss, "Dismiss the not heard yet nudge", "Hide this nudge for a while")
        describe(self.dismiss, words)
        self.spoken = f"Nudge. {reason} {words}"


def _fill_card(
    card: QFrame, reason: str, words: str, say: str
) -> tuple[QLabel, QLabel, QPushButton]:
    """A nudge card's parts: the reason in bold, the words to say, how to say the
    names (when known) and a Dismiss button on the right."""
    layout = QVBoxLayout(card)
    layout.setContentsMargins(8, 6, 8, 6)
    reason_label = QLabel(f"<b>{_escape(reason)}</b>")
    reason_label.setTextFormat(Qt.TextFormat.RichText)
    words_label = QLabel(f"“{words}”")
    words_label.setTextFormat(Qt.TextFormat.PlainText)
    words_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    parts = [reason_label, words_label]
    if say:
        parts.append(QLabel(say))
        parts[-1].setTextFormat(Qt.TextFormat.PlainText)
    for part in parts:
        part.setWordWrap(True)
        layout.addWidget(part)
    row = QHBoxLayout()
    row.addStretch(1)
    dismiss = QPushButton("Dismiss")
    row.addWidget(dismiss)
    layout.addLayout(row)
    return reason_label, words_label, dismiss


class NudgeList(QGroupBox):
    """The nudges showing, most pressing first; ``dismissed`` carries a nudge id."""

    dismissed = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Nudges (only you see these)", parent)
        self.setObjectName("turns_nudges")
        self._cards: dict[int, NudgeCard] = {}
        self._not_heard: dict[int, Nudge] = {}  # shown together once there are two or more
        self._together: NudgeCard | TogetherCard | None = None
        self._to_say: list[str] = []
        self._say_timer = QTimer(self)  # one announcement per batch of nudges
        self._say_timer.setSingleShot(True)
        self._say_timer.setInterval(0)
        self._say_timer.timeout.connect(self._say)
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
        """The nudges showing, top to bottom (everyone not heard yet where their card is)."""
        items = [self._layout.itemAt(i) for i in range(self._layout.count())]
        found: list[Nudge] = []
        for item in items:
            widget = item.widget() if item is not None else None
            if isinstance(widget, TogetherCard):
                found += widget.nudges
            elif isinstance(widget, NudgeCard):
                found.append(widget.nudge)
        return found

    def card(self, nudge_id: int) -> NudgeCard | TogetherCard | None:
        if nudge_id in self._not_heard:
            return self._together
        return self._cards.get(nudge_id)

    def add(self, nudge: Nudge, place: int | None = None) -> None:
        if nudge.id in self._cards or nudge.id in self._not_heard:
            return
        if nudge.kind is NudgeKind.NOT_HEARD:
            self._not_heard[nudge.id] = nudge
            self._show_not_heard()
            return
        card = NudgeCard(nudge)
        card.dismiss.clicked.connect(lambda: self.dismissed.emit(nudge.id))
        self._cards[nudge.id] = card
        where = self._layout.count() - 1 if place is None else min(place, self._layout.count() - 1)
        self._layout.insertWidget(where, card)
        self._update_empty()
        self._announce(f"Nudge. {nudge.reason} {nudge.words}")

    def _show_not_heard(self) -> None:
        """Everyone not heard yet in one card at the top (a plain card for one person)."""
        old = self._together
        focus = self.focusWidget()
        had_focus = old is not None and focus is not None and old.isAncestorOf(focus)
        nudges = list(self._not_heard.values())
        card: NudgeCard | TogetherCard | None = None
        if len(nudges) == 1:
            card = NudgeCard(nudges[0])
            card.dismiss.clicked.connect(lambda: self.dismissed.emit(nudges[0].id))
            self._announce(f"Nudge. {nudges[0].reason} {nudges[0].words}")
        elif nudges:
            card = TogetherCard(nudges)
            card.dismiss.clicked.connect(lambda: self._dismiss_all(nudges))
            self._to_say = [t for t in self._to_say if not t.startswith("Nudge. Not heard")]
            self._announce(card.spoken)
        if card is not None:
            self._layout.insertWidget(0, card)
        self._together = card
        if old is not None:
            self._layout.removeWidget(old)
            old.hide()
            old.deleteLater()
        if had_focus:
            (card.dismiss if card is not None else self).setFocus()
        self._update_empty()

    def _dismiss_all(self, nudges: list[Nudge]) -> None:
        for nudge in nudges:
            self.dismissed.emit(nudge.id)

    def _announce(self, text: str) -> None:
        self._to_say.append(text)
        self._say_timer.start()

    def _say(self) -> None:
        text, self._to_say = " ".join(self._to_say), []
        announce(self, text)

    def remove(self, nudge_id: int) -> None:
        if self._not_heard.pop(nudge_id, None) is not None:
            self._show_not_heard()
            return
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
        self._not_heard.clear()
        self._show_not_heard()

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
        showing = bool(self._cards or self._not_heard)
        self.empty.setVisible(not showing)
        self.scroller.setVisible(showing)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
