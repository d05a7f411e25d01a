"""The raised-hands queue in the Turns area: who waits, in which order, and controls.

The box only shows the queue and says what the facilitator asked for
(``order_chosen``, ``move_requested``, ``lower_requested``); the area passes
those to the session and shows the result with ``show_hands``.
"""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from companion.timefmt import clock
from companion.turns.describe import ordinal
from companion.turns.queue import QueueOrder
from ui.widgets.a11y import name

_MEMBER = Qt.ItemDataRole.UserRole + 1


class QueueBox(QGroupBox):
    """The raised hands, first to speak first."""

    order_chosen = Signal(object)  # QueueOrder
    move_requested = Signal(int, int)  # member, new place from 0
    lower_requested = Signal(int)  # member

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Raised hands", parent)
        self.setObjectName("turns_queue")
        layout = QGridLayout(self)
        order_label = QLabel("&Order:")
        self.order = QComboBox()
        self.order.setObjectName("turns_queue_order")
        name(
            self.order,
            "Queue order",
            "First come, least talk so far (progressive stack), or as you arranged it",
        )
        for order in QueueOrder:
            self.order.addItem(order.label, order)
        self.order.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.order.setMinimumContentsLength(12)
        order_label.setBuddy(self.order)
        self.list = QListWidget()
        self.list.setObjectName("turns_hands")
        name(self.list, "Raised hands, first to speak first")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setMinimumHeight(self.fontMetrics().lineSpacing() * 2 + 8)
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 8)
        self.empty = QLabel("No hands up. Select a member and press H to raise theirs.")
        self.empty.setWordWrap(True)
        self.next_button = QPushButton("Ne&xt (N)")
        self.up_button = QToolButton()
        self.up_button.setText("↑")
        self.down_button = QToolButton()
        self.down_button.setText("↓")
        self.lower_button = QPushButton("&Lower hand")
        name(self.up_button, "Move up", "Move the selected hand one place up")
        name(self.down_button, "Move down", "Move the selected hand one place down")
        name(self.lower_button, "Lower hand", "Take the selected hand off the queue")
        layout.addWidget(order_label, 0, 0)
        layout.addWidget(self.order, 0, 1, 1, 4)
        layout.addWidget(self.list, 1, 0, 1, 5)
        layout.addWidget(self.empty, 2, 0, 1, 5)
        layout.addWidget(self.next_button, 3, 0, 1, 2)
        layout.addWidget(self.up_button, 3, 2)
        layout.addWidget(self.down_button, 3, 3)
        layout.addWidget(self.lower_button, 3, 4)
        self.order.activated.connect(self._on_order)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.lower_button.clicked.connect(self._lower)
        self.list.currentRowChanged.connect(lambda _row: self._update_buttons())
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.show_hands((), QueueOrder.FIRST_COME, {}, {})

    def hands(self) -> list[int]:
        return [int(self.list.item(i).data(_MEMBER)) for i in range(self.list.count())]

    def show_hands(
        self,
        hands: tuple[int, ...],
        order: QueueOrder,
        labels: Mapping[int, str],
        talk: Mapping[int, float],
    ) -> None:
        """Show the queue (first to speak first) with each member's talk so far."""
        selected = self._selected()
        self.list.clear()
        for place, member in enumerate(hands, start=1):
            label = labels.get(member, "?")
            text = f"{place}. {label} — {clock(talk.get(member, 0.0))} talk so far"
            item = QListWidgetItem(text)
            item.setData(_MEMBER, member)
            item.setToolTip(f"{label}: {ordinal(place)} in the queue")
            self.list.addItem(item)
            if member == selected:
                self.list.setCurrentItem(item)
        for index in range(self.order.count()):
            if self.order.itemData(index) is order:
                self.order.setCurrentIndex(index)
        self.setTitle(f"Raised hands ({len(hands)})" if hands else "Raised hands")
        self.empty.setVisible(not hands)
        self._update_buttons()

    def _selected(self) -> int | None:
        item = self.list.currentItem()
        return int(item.data(_MEMBER)) if item is not None else None

    def _update_buttons(self) -> None:
        row = self.list.currentRow()
        count = self.list.count()
        self.next_button.setEnabled(count > 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.lower_button.setEnabled(row >= 0)

    def _on_order(self, index: int) -> None:
        order = self.order.itemData(index)
        if isinstance(order, QueueOrder):
            self.order_chosen.emit(order)

    def _move(self, step: int) -> None:
        member = self._selected()
        if member is not None:
            self.move_requested.emit(member, self.list.currentRow() + step)

    def _lower(self) -> None:
        member = self._selected()
        if member is not None:
            self.lower_requested.emit(member)
