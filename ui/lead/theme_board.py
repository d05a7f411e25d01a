"""The theme board: themes down, groups across, notes and quotes in each cell.

Counts are text ("3 notes · 1 quote"), each theme has its symbol beside its
name, so nothing depends on telling colours apart. Choosing a cell shows the
notes behind it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPixmap
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from companion.notes.themes import UNCODED_THEME, Board
from ui.widgets.a11y import name

ALL_GROUPS = 0  # the group id of the "All groups" column
UNCODED_ROW = UNCODED_THEME


def swatch(colour: str) -> QIcon:
    """A small square of the theme's colour, beside (never instead of) its symbol and name."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(colour))
    return QIcon(pixmap)


def cell_text(notes: int, quotes: int) -> str:
    if not notes:
        return "—"
    return f"{notes} note{'s' * (notes != 1)} · {quotes} quote{'s' * (quotes != 1)}"


class ThemeBoard(QTableWidget):
    """Shows a ``Board``; emits ``cell_chosen(theme id, group id or 0 for all)``."""

    cell_chosen = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("theme_board")
        name(
            self,
            "Theme board",
            "Notes and quotes per theme per group; choose a cell to read the notes behind it",
        )
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setTabKeyNavigation(False)
        self.verticalHeader().setVisible(False)
        self.setAlternatingRowColors(True)
        self.board: Board | None = None
        self.currentCellChanged.connect(lambda row, column, *_: self._on_cell(row, column))

    def show_board(self, board: Board) -> None:
        self.board = board
        keep = (self.currentRow(), self.currentColumn())
        self.blockSignals(True)
        self.clear()
        headers = ["Theme", *[g for _, g in board.groups], "All groups"]
        self.setColumnCount(len(headers))
        # Every note is somewhere: those with no theme have their own last row.
        themes = board.rows()
        self.setRowCount(len(themes))
        self.setHorizontalHeaderLabels(headers)
        for row, theme in enumerate(themes):
            title = QTableWidgetItem(swatch(theme.colour), f"{theme.symbol} {theme.name}")
            title.setToolTip(theme.description or theme.name)
            title.setData(Qt.ItemDataRole.UserRole, (theme.id, ALL_GROUPS))
            title.setData(Qt.ItemDataRole.AccessibleTextRole, theme.name)
            self.setItem(row, 0, title)
            for column, (group_id, group) in enumerate(board.groups, start=1):
                cell = board.cell(theme.id, group_id)
                item = QTableWidgetItem(cell_text(cell.notes, cell.quotes))
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                item.setData(Qt.ItemDataRole.UserRole, (theme.id, group_id))
                item.setToolTip(f"{theme.name}, {group}: {cell_text(cell.notes, cell.quotes)}")
                self.setItem(row, column, item)
            quotes = sum(board.cell(theme.id, g).quotes for g, _ in board.groups)
            total = QTableWidgetItem(cell_text(board.total(theme.id), quotes))
            total.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
            total.setData(Qt.ItemDataRole.UserRole, (theme.id, ALL_GROUPS))
            self.setItem(row, len(headers) - 1, total)
        header = self.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        for column in range(1, len(headers)):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.blockSignals(False)
        if themes:
            row = min(max(keep[0], 0), len(themes) - 1)
            self.setCurrentCell(row, max(keep[1], 0))
            self._on_cell(row, max(keep[1], 0))

    def chosen(self) -> tuple[int, int] | None:
        item = self.currentItem()
        if item is None:
            return None
        theme_id, group_id = item.data(Qt.ItemDataRole.UserRole)
        return int(theme_id), int(group_id)

    def _on_cell(self, row: int, column: int) -> None:
        item = self.item(row, column)
        if item is not None:
            theme_id, group_id = item.data(Qt.ItemDataRole.UserRole)
            self.cell_chosen.emit(int(theme_id), int(group_id))
