"""The Turns table: the bar view of every member, searchable, marked by click or Enter.

Searching hides the rows that do not match. A left click on a row (or Enter
on the current row) marks that member as speaking; arrow keys only move the
selection, so P, H, R and A can act on the selected member without marking
anyone. A right click opens the row's menu.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPoint, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from companion.turns.roster import fold
from ui.turns.bars import BarDelegate
from ui.turns.model import MEMBER_ROLE, Column, TurnsModel
from ui.widgets.a11y import describe, name


class TurnsTable(QTableView):
    """The members' rows; emits ``member_activated`` on a click or Enter."""

    member_activated = Signal(int)  # member id
    menu_requested = Signal(int, QPoint)  # member id, global position

    def __init__(self, model: TurnsModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("turns_table")
        name(self, "Members and their talk", "Click a member, or press their key, when they speak")
        describe(
            self,
            "One row per member: key, name, share of talk against an equal share, turns, "
            "longest turn, time since they last spoke and status in words.",
        )
        self.source = model
        self._wanted = ""
        self.setModel(model)  # searching hides rows: no proxy model to slow painting down
        model.modelReset.connect(self._apply_filter)
        self.setItemDelegateForColumn(Column.TALK, BarDelegate(self))
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setWordWrap(True)  # a long name or two flags take a second line
        self.setTextElideMode(Qt.TextElideMode.ElideRight)  # longer names end in "…"
        self.setShowGrid(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setVisible(False)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() * 2 + 10)
        header = self.horizontalHeader()
        header.setHighlightSections(False)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(Column.TALK, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(24)
        widths = {
            Column.KEY: "Key",
            Column.MEMBER: "Bartosz Wiśniew",
            Column.TURNS: "Turns",
            Column.LONGEST: "Longest",
            Column.LAST: "Last spoke",
            Column.STATUS: "☝ Hand up (2nd)",
        }
        for column, sample in widths.items():
            self.setColumnWidth(column, self.fontMetrics().horizontalAdvance(sample) + 18)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.customContextMenuRequested.connect(self._on_menu)
        self.clicked.connect(self._on_clicked)

    def set_filter(self, text: str) -> None:
        """Show only the members whose label contains ``text`` (case and accents aside)."""
        self._wanted = fold(text.strip())
        self._apply_filter()

    def _apply_filter(self) -> None:
        for row in range(self.source.rowCount()):
            label = self.source.index(row, Column.MEMBER).data()
            self.setRowHidden(row, bool(self._wanted) and self._wanted not in fold(str(label)))

    def visible_members(self) -> list[int]:
        """Member ids of the rows shown (after the search), top to bottom."""
        return [
            int(self.source.index(row, 0).data(MEMBER_ROLE))
            for row in range(self.source.rowCount())
            if not self.isRowHidden(row)
        ]

    def selected_member(self) -> int | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        value = index.data(MEMBER_ROLE)
        return int(value) if value is not None else None

    def select_member(self, member: int) -> None:
        row = self.source.row_of(member)
        if row is None:
            return
        if self.isRowHidden(row):
            self.set_filter("")
        index = self.source.index(row, Column.MEMBER)
        self.setCurrentIndex(index)
        self.scrollTo(index)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            member = self.selected_member()
            if member is not None:
                self.member_activated.emit(member)
                event.accept()
                return
        super().keyPressEvent(event)

    def _on_clicked(self, index: QModelIndex) -> None:
        value = index.data(MEMBER_ROLE)
        if value is not None:
            self.member_activated.emit(int(value))

    def _on_menu(self, position: QPoint) -> None:
        index = self.indexAt(position)
        if not index.isValid():
            return
        self.setCurrentIndex(index)
        value = index.data(MEMBER_ROLE)
        if value is not None:
            self.menu_requested.emit(int(value), self.viewport().mapToGlobal(position))
