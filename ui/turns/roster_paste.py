"""Paste names, one per line, into the roster: all of them are added, or none."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from companion.errors import CompanionError
from companion.turns.roster import Member, Roster
from companion.turns.roster_import import parse_pasted
from ui.widgets.a11y import announce, name


def added_message(added: list[Member], roster: Roster, source: str = "") -> str:
    """ "Added 8 members." plus how duplicates are told apart."""
    count = len(added)
    where = f" from {source}" if source else ""
    text = f"Added {count} {'member' if count == 1 else 'members'}{where}."
    labels = roster.labels()
    renamed = [labels[m.id] for m in added if labels[m.id] != m.name]
    if renamed:
        shown = ", ".join(f"'{label}'" for label in renamed[:5])
        more = f" and {len(renamed) - 5} more" if len(renamed) > 5 else ""
        text += f" Names already in the roster are told apart as {shown}{more}."
    if len(roster) > 10:
        text += " Keys 1–9 and 0 mark the first ten; find the others with the search box."
    return text


class RosterPasteDialog(QDialog):
    """A box to paste or type names into; Add puts them all in the roster."""

    added = Signal(str)  # the sentence saying what was added

    def __init__(self, roster: Roster, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.roster = roster
        self.setObjectName("roster_paste")
        self.setWindowTitle("Paste names")
        self.setAccessibleName("Paste names")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Paste or type one name on each line, as each person wants to be called. "
            "Bullets and numbers at the start of a line are left out."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        label = QLabel("&Names:")
        self.text = QPlainTextEdit()
        self.text.setObjectName("roster_paste_text")
        name(self.text, "Names, one per line")
        self.text.setTabChangesFocus(True)
        label.setBuddy(self.text)
        layout.addWidget(label)
        layout.addWidget(self.text, 1)
        self.problem = QLabel()
        self.problem.setObjectName("roster_paste_problem")
        self.problem.setWordWrap(True)
        self.problem.setTextFormat(Qt.TextFormat.PlainText)
        self.problem.hide()
        layout.addWidget(self.problem)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.add_button = buttons.addButton("&Add names", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("roster_paste_add")
        buttons.accepted.connect(self.add_names)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(420, 420)

    def add_names(self) -> bool:
        """Add every name, or say why none were added; True when added."""
        try:
            added = self.roster.add_many(parse_pasted(self.text.toPlainText()))
        except CompanionError as error:
            self.problem.setText(str(error))
            self.problem.setAccessibleName(str(error))
            self.problem.show()
            announce(self, str(error), assertive=True)
            return False
        self.added.emit(added_message(added, self.roster))
        self.accept()
        return True
