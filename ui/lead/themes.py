"""Theme work on the lead's board: new, rename, merge, and recoding the notes of a cell."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.notes.model import Note, NotesError, Theme
from companion.notes.themes import UNCODED
from ui.widgets.a11y import name

if TYPE_CHECKING:
    from ui.lead.area import LeadArea


class RecodeDialog(QDialog):
    """Tick the themes one note belongs to."""

    def __init__(self, note: Note, themes: list[Theme], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recode_dialog")
        self.setWindowTitle("Recode note")
        self.list = name(QListWidget(self), "Themes", "Tick the themes of this note")
        for theme in themes:
            item = QListWidgetItem(f"{theme.symbol} {theme.name}", self.list)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            on = theme.id in note.theme_ids
            item.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        layout.addWidget(buttons)

    def ticked(self) -> list[int]:
        found = []
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                found.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return found


class LeadThemes:
    """The buttons under the board and the cell list, and what they do."""

    def __init__(self, area: LeadArea) -> None:
        self.area = area
        self.new_button = QPushButton("Ne&w theme…", area)
        self.new_button.setToolTip("Add a theme to the programme's codebook")
        self.rename_button = QPushButton("R&ename theme…", area)
        self.rename_button.setToolTip("Rename the chosen theme")
        self.merge_button = QPushButton("&Merge theme into…", area)
        self.merge_button.setToolTip("Move the chosen theme's notes into another theme")
        self.recode_button = QPushButton("Reco&de note…", area)
        self.recode_button.setToolTip("Change the themes of the chosen note")
        self.theme_buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.merge_button):
            self.theme_buttons.addWidget(button)
        self.theme_buttons.addStretch(1)
        self.note_buttons = QHBoxLayout()
        self.note_buttons.addWidget(self.recode_button)
        self.note_buttons.addStretch(1)
        self.new_button.clicked.connect(self.ask_new)
        self.rename_button.clicked.connect(self.ask_rename)
        self.merge_button.clicked.connect(self.ask_merge)
        self.recode_button.clicked.connect(self.ask_recode)
        self.area.cell_notes.itemActivated.connect(lambda _i: self.ask_recode())
        self.dialog: QDialog | None = None

    def update_buttons(self) -> None:
        chosen = self.theme_id() is not None  # "Not yet coded" is no theme to rename or merge
        self.rename_button.setEnabled(chosen)
        self.merge_button.setEnabled(chosen)
        self.new_button.setEnabled(self.area.programme_id() is not None)

    def theme_id(self) -> int | None:
        chosen = self.area.board.chosen()
        return chosen[0] if chosen and chosen[0] != UNCODED else None

    def theme(self) -> Theme | None:
        theme_id = self.theme_id()
        return self.area.notebook.themes.get(theme_id) if theme_id is not None else None

    def _say(self, error: NotesError) -> None:
        self.area.status.setText(str(error))

    def ask_new(self) -> None:
        text, ok = QInputDialog.getText(self.area, "New theme", "Theme name:")
        programme = self.area.programme_id()
        if ok and programme is not None:
            try:
                self.area.notebook.themes.create(programme, text)
            except NotesError as error:
                self._say(error)

    def ask_rename(self) -> None:
        theme = self.theme()
        if theme is None:
            return
        text, ok = QInputDialog.getText(self.area, "Rename theme", "New name:", text=theme.name)
        if ok:
            self.rename(theme.id, text)

    def rename(self, theme_id: int, text: str) -> None:
        try:
            self.area.notebook.themes.rename(theme_id, text)
        except NotesError as error:
            self._say(error)

    def ask_merge(self) -> None:
        theme = self.theme()
        if theme is None:
            return
        others = [
            t
            for t in self.area.notebook.themes.in_programme(theme.programme_id)
            if t.id != theme.id
        ]
        if not others:
            return
        names = [t.name for t in others]
        chosen, ok = QInputDialog.getItem(
            self.area, "Merge theme", f"Merge “{theme.name}” into:", names, 0, False
        )
        if ok:
            self.merge(theme.id, others[names.index(chosen)].id)

    def merge(self, theme_id: int, into_id: int) -> None:
        self.area.notebook.themes.merge([theme_id], into_id)

    def ask_recode(self) -> RecodeDialog | None:
        item = self.area.cell_notes.currentItem()
        programme = self.area.programme_id()
        if item is None or programme is None:
            return None
        note = self.area.notebook.notes.get(item.data(Qt.ItemDataRole.UserRole).id)
        dialog = RecodeDialog(note, self.area.notebook.themes.in_programme(programme), self.area)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(
            lambda: self.area.notebook.themes.set_note_themes(note.id, dialog.ticked())
        )
        self.dialog = dialog
        dialog.finished.connect(lambda _r: setattr(self, "dialog", None))
        dialog.open()
        return dialog
