"""Look-alike theme names on the lead's board, and joining them once the lead confirms.

Under the board a line names the themes that look like one ("Voice &
inclusion" and "Voice and inclusion"); "Join look-alike themes…" asks which
name to keep (the most used is offered first) and, only on "Join them",
moves every note of the others into it and removes the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.notes.model import NotesError, Theme
from companion.notes.theme_names import near_duplicates, theme_uses
from ui.widgets.a11y import announce, name

if TYPE_CHECKING:
    from ui.lead.area import LeadArea


def _quoted(themes: tuple[Theme, ...]) -> str:
    names = [f"“{t.name}”" for t in themes]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


class JoinDialog(QDialog):
    """Which of the look-alike names to keep; nothing changes until "Join them"."""

    def __init__(
        self, themes: tuple[Theme, ...], uses: dict[int, int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("lead_join_themes")
        self.setWindowTitle("Join look-alike themes")
        self.setAccessibleName("Join look-alike themes")
        self.themes = themes
        intro = QLabel(
            f"{_quoted(themes)} look like one theme. Keep one name: every note tagged with "
            "the others moves to it and the other names are removed. This cannot be undone."
        )
        intro.setWordWrap(True)
        self.keep = name(QComboBox(self), "Name to keep", "The theme the others are joined into")
        for theme in themes:
            count = uses.get(theme.id, 0)
            self.keep.addItem(f"{theme.name} ({count} {'note' if count == 1 else 'notes'})")
        label = QLabel("&Keep the name:")
        label.setBuddy(self.keep)
        row = QHBoxLayout()
        row.addWidget(label)
        row.addWidget(self.keep, 1)
        buttons = QDialogButtonBox(self)
        self.join_button = buttons.addButton("&Join them", QDialogButtonBox.ButtonRole.AcceptRole)
        name(self.join_button, "Join them", "Move the notes into the kept theme")
        cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        name(cancel, "Cancel", "Keep the themes as they are")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def kept(self) -> Theme:
        return self.themes[max(self.keep.currentIndex(), 0)]


class AlikeThemes:
    """The look-alike line under the board, and joining what it names."""

    def __init__(self, area: LeadArea) -> None:
        self.area = area
        self.groups: list[tuple[Theme, ...]] = []
        self._uses: dict[int, int] = {}
        self.dialog: JoinDialog | None = None
        self.label = QLabel(area)
        self.label.setObjectName("lead_alike")
        self.label.setWordWrap(True)
        self.button = name(
            QPushButton("&Join look-alike themes…", area),
            "Join look-alike themes",
            "Join themes whose names look like one (you choose the name to keep)",
        )
        self.button.setObjectName("lead_join_alike")
        self.button.clicked.connect(self.ask_join)
        self.row = QHBoxLayout()
        self.row.addWidget(self.label, 1)
        self.row.addWidget(self.button)
        self.update(None)

    def update(self, programme_id: int | None) -> None:
        """Look again at the programme's theme names."""
        self.groups, self._uses = [], {}
        if programme_id is not None:
            themes = self.area.notebook.themes
            self._uses = theme_uses(self.area.notebook.db, programme_id)
            self.groups = near_duplicates(themes.in_programme(programme_id), self._uses)
        text = ""
        if self.groups:
            text = f"These look like one theme: {_quoted(self.groups[0])}."
            if len(self.groups) > 1:
                more = len(self.groups) - 1
                text += f" {more} more {'set' if more == 1 else 'sets'} of look-alikes."
        self.label.setText(text)
        self.label.setAccessibleName(text)
        self.label.setVisible(bool(text))
        self.button.setVisible(bool(self.groups))

    def ask_join(self) -> JoinDialog | None:
        """Ask which name to keep for the first look-alike set; join only on "Join them"."""
        if not self.groups:
            return None
        dialog = JoinDialog(self.groups[0], self._uses, self.area)
        dialog.accepted.connect(lambda: self.join(dialog.themes, dialog.kept()))
        self.dialog = dialog
        dialog.open()
        return dialog

    def join(self, themes: tuple[Theme, ...], keep: Theme) -> None:
        try:
            self.area.notebook.themes.merge([t.id for t in themes], keep.id)
        except NotesError as error:
            self.area.status.setText(str(error))
            return
        said = f"Joined {_quoted(tuple(t for t in themes if t.id != keep.id))} into “{keep.name}”."
        self.area.status.setText(said)
        announce(self.area.status, said)
