"""The roster editor: add, edit, reorder and remove members; paste names or import a CSV.

Every change is saved at once for the group, so the roster is there at the
group's next session. The first ten members get the keys 1–9 and 0.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from companion.errors import CompanionError
from companion.turns.roster import KEYS, Member, MemberDetails, Roster
from companion.turns.roster_import import EXAMPLE_HEADER, read_csv_file
from ui.turns.roster_paste import RosterPasteDialog, added_message
from ui.widgets.a11y import announce, name

FIELDS = ("name", "pronouns", "pronunciation", "role", "access_needs", "call_me")
HEADINGS = (
    "Key",
    "Name",
    "Pronouns",
    "How to say the name",
    "Role or grade",
    "Access needs",
    "Call me (in prompts)",
)
_MEMBER = Qt.ItemDataRole.UserRole + 1


class RosterDialog(QDialog):
    """Edit the group's members; changes are kept as they are made."""

    def __init__(self, roster: Roster, group: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.roster = roster
        self.setObjectName("roster_dialog")
        title = f"Roster — {group}" if group else "Roster"
        self.setWindowTitle(title)
        self.setAccessibleName(title)
        self._filling = False
        self.paste_dialog: RosterPasteDialog | None = None
        layout = QVBoxLayout(self)
        intro = QLabel(
            "The group's members, remembered for its next sessions. Type each name as the "
            "person wants to be called; how to say it, pronouns, role and access needs are "
            "optional and shown only to you. \u201cCall me\u201d is a short name prompts and "
            "nudges use (\u201cJon\u201d). The first ten get the keys 1–9 and 0."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)

        add_row = QHBoxLayout()
        add_label = QLabel("New &member:")
        self.new_name = QLineEdit()
        self.new_name.setObjectName("roster_new_name")
        name(self.new_name, "New member's name", "Type a name and press Enter to add it")
        add_label.setBuddy(self.new_name)
        self.add_button = QPushButton("&Add")
        name(self.add_button, "Add member", "Add the name typed here to the roster")
        add_row.addWidget(add_label)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        layout.addLayout(add_row)

        self.table = QTableWidget(0, len(HEADINGS))
        self.table.setObjectName("roster_table")
        name(self.table, "Members", "Edit a cell to change it; changes are kept at once")
        self.table.setHorizontalHeaderLabels(list(HEADINGS))
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setTabKeyNavigation(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.setColumnWidth(0, 44)
        for column in range(2, len(HEADINGS)):
            self.table.setColumnWidth(column, 130)
        layout.addWidget(self.table, 1)

        buttons = QGridLayout()
        self.paste_button = QPushButton("&Paste names…")
        self.import_button = QPushButton("&Import CSV…")
        self.up_button = QPushButton("Move &up")
        self.down_button = QPushButton("Move do&wn")
        self.remove_button = QPushButton("&Remove")
        name(self.paste_button, "Paste names…", "Paste a list of names, one per line")
        name(
            self.import_button,
            "Import CSV…",
            f"Add members from a CSV file whose first line is, for example: {EXAMPLE_HEADER}",
        )
        name(self.up_button, "Move up", "Move the selected member up (earlier keys)")
        name(self.down_button, "Move down", "Move the selected member down")
        name(self.remove_button, "Remove", "Remove the selected member from this group")
        for column, button in enumerate(
            (self.paste_button, self.import_button, self.up_button, self.down_button)
        ):
            buttons.addWidget(button, 0, column)
        buttons.addWidget(self.remove_button, 0, 4)
        layout.addLayout(buttons)

        self.message = QLabel()
        self.message.setObjectName("roster_message")
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.message)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        layout.addWidget(close)

        self.new_name.returnPressed.connect(self.add_typed)
        self.add_button.clicked.connect(self.add_typed)
        self.paste_button.clicked.connect(self.open_paste)
        self.import_button.clicked.connect(self.choose_csv)
        self.up_button.clicked.connect(lambda: self._move(-1))
        self.down_button.clicked.connect(lambda: self._move(+1))
        self.remove_button.clicked.connect(self.remove_selected)
        self.table.itemChanged.connect(self._on_item_changed)
        self.table.currentCellChanged.connect(lambda *_: self._update_buttons())
        self._disconnect = roster.changed.connect(lambda _members: self.refresh())
        self.finished.connect(lambda _result: self._disconnect())
        self.refresh()
        self.resize(860, 520)

    # -- showing ---------------------------------------------------------

    def refresh(self) -> None:
        """Show the roster as it is now, keeping the selected member selected."""
        selected = self.selected_member()
        self._filling = True
        try:
            members = self.roster.members
            self.table.setRowCount(len(members))
            for row, member in enumerate(members):
                key = KEYS[row] if row < len(KEYS) else ""
                key_item = QTableWidgetItem(key)
                key_item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
                key_item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                key_item.setData(_MEMBER, member.id)
                self.table.setItem(row, 0, key_item)
                for column, field in enumerate(FIELDS, start=1):
                    value = str(getattr(member.details, field))
                    item = QTableWidgetItem(value)
                    item.setData(_MEMBER, member.id)
                    item.setToolTip(value)
                    self.table.setItem(row, column, item)
                if member.id == selected:
                    self.table.setCurrentCell(row, max(1, self.table.currentColumn()))
        finally:
            self._filling = False
        self._update_buttons()

    def selected_member(self) -> int | None:
        item = self.table.item(self.table.currentRow(), 0) if self.table.currentRow() >= 0 else None
        value = item.data(_MEMBER) if item is not None else None
        return int(value) if value is not None else None

    def say(self, text: str, *, problem: bool = False) -> None:
        self.message.setText(text)
        self.message.setAccessibleName(text)
        announce(self, text, assertive=problem)

    # -- changing --------------------------------------------------------

    def add_typed(self) -> Member | None:
        try:
            member = self.roster.add(MemberDetails(self.new_name.text()))
        except CompanionError as error:
            self.say(str(error), problem=True)
            return None
        self.new_name.clear()
        self.say(added_message([member], self.roster))
        return member

    def open_paste(self) -> RosterPasteDialog:
        self.paste_dialog = RosterPasteDialog(self.roster, self)
        self.paste_dialog.added.connect(self.say)
        self.paste_dialog.open()
        return self.paste_dialog

    def choose_csv(self) -> None:
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        path, _filter = QFileDialog.getOpenFileName(
            self, "Import members from a CSV file", folder, "CSV files (*.csv);;All files (*)"
        )
        if path:
            self.import_csv(Path(path))

    def import_csv(self, path: Path) -> bool:
        """Add every member in the file, or none with a sentence saying why."""
        try:
            added = self.roster.add_many(read_csv_file(path))
        except CompanionError as error:
            self.say(str(error), problem=True)
            return False
        self.say(added_message(added, self.roster, f"'{path.name}'"))
        return True

    def remove_selected(self) -> None:
        member = self.selected_member()
        if member is None:
            return
        label = self.roster.label(member)
        row = self.table.currentRow()
        self.roster.remove(member)
        self.say(f"Removed {label} from this group.")
        if self.table.rowCount():
            self.table.setCurrentCell(min(row, self.table.rowCount() - 1), 1)

    def _move(self, step: int) -> None:
        member = self.selected_member()
        if member is None:
            return
        column = max(1, self.table.currentColumn())
        place = self.roster.position(member) + step
        self.roster.move(member, place)
        self.table.setCurrentCell(self.roster.position(member), column)
        key = self.roster.key_of(member)
        where = f"key {key}" if key else "no key"
        self.say(f"{self.roster.label(member)} is now number {place + 1} ({where}).")

    def _on_item_changed(self, item: QTableWidgetItem) -> None:
        if self._filling or item.column() == 0:
            return
        member = item.data(_MEMBER)
        field = FIELDS[item.column() - 1]
        try:
            self.roster.edit(int(member), **{field: item.text()})
        except CompanionError as error:
            self.say(str(error), problem=True)
            self.refresh()

    def _update_buttons(self) -> None:
        row = self.table.currentRow()
        count = self.table.rowCount()
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < count - 1)
        self.remove_button.setEnabled(row >= 0)
