"""Help for the main window: the keyboard shortcuts table and the About box."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion import __version__
from ui.widgets.a11y import name, plain_text, shortcut_text


def about_box(parent: QWidget) -> QMessageBox:
    """The About box: version, licence and what Companion does (deleted on close)."""
    box = QMessageBox(
        QMessageBox.Icon.NoIcon,
        "About Companion",
        f"<p><b>Companion {__version__}</b></p>"
        "<p>Offline live captions, facilitation prompts, turn-taking and notes for "
        "inclusive online workshops. No audio or text leaves this computer.</p>"
        "<p>MIT licence. Captions can use the Atkinson Hyperlegible font "
        "(SIL Open Font Licence).</p>",
        QMessageBox.StandardButton.Close,
        parent,
    )
    box.setObjectName("about")
    box.setAccessibleName("About Companion")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    return box


class ShortcutsDialog(QDialog):
    """Every menu action and its keyboard shortcut, in a table a screen reader can walk."""

    def __init__(self, actions: list[tuple[str, QAction]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every action in the menus, and the keys that do it from anywhere in Companion."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("shortcuts_table")
        name(self.table, "Keyboard shortcuts", "Every action and its keyboard shortcut")
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Shortcut"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the Close button
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.set_actions(actions)
        self.resize(560, 480)

    def set_actions(self, actions: list[tuple[str, QAction]]) -> None:
        self.table.setRowCount(0)
        for menu, action in actions:
            row = self.table.rowCount()
            self.table.insertRow(row)
            keys = shortcut_text(action) or "none"
            for column, text in enumerate((menu, plain_text(action.text()), keys)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's contents as (menu, action, shortcut) rows."""

        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]
