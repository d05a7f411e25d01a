"""The details of the selected note: kind, words, who said it and consent, owner, themes.

Every change is reported at once with ``changed(note_id, fields)``; the Notes
area hands it to the autosave, which writes it well within a second.
"""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)

from companion.notes.model import Consent, Note, NoteKind, Theme
from ui.widgets.a11y import name

CONSENT_LABELS = {
    Consent.NAMED: "Agreed to be named",
    Consent.ANONYMOUS: "Keep anonymous",
    Consent.NOT_ASKED: "Not asked yet (shared as anonymous)",
}


def kind_combo(parent: QWidget | None = None) -> QComboBox:
    combo = QComboBox(parent)
    for kind in NoteKind:
        combo.addItem(kind.label, kind)
    return combo


class NoteEditor(QWidget):
    """Edits one note; shows nothing (disabled) when no note is selected."""

    changed = Signal(int, dict)  # note id, the fields that changed
    new_theme_requested = Signal()  # the person wants to add a theme

    def set_names(self, names: list[str]) -> None:
        """The group's members, offered as "Said by" and the action's "Who" are typed."""
        self.names.setStringList(names)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("note_editor")
        self._note: Note | None = None
        self._loading = False
        self.kind = name(
            kind_combo(self), "Kind of note", "What this note is (Ctrl+K in the entry)"
        )
        self.text = name(QPlainTextEdit(self), "Note text", "The words of the note")
        self.text.setTabChangesFocus(True)
        self.text.setMaximumHeight(90)
        self.speaker = name(QLineEdit(self), "Said by", "Who said it (quotes) or their role (trio)")
        self.consent = name(QComboBox(self), "Consent", "May the speaker be named?")
        for consent, label in CONSENT_LABELS.items():
            self.consent.addItem(label, consent)
        self.owner = name(QLineEdit(self), "Who", "Who does the action")
        self.due = name(QLineEdit(self), "By when", "When the action is due, e.g. 2027-01-31")
        self.shared = QCheckBox("Sha&re this note at session end", self)
        self.shared.setToolTip("Untick to keep this note out of documents and the bundle")
        self.themes = name(QListWidget(self), "Themes", "Tick the themes this note belongs to")
        self.themes.setMaximumHeight(110)
        # The group's roster names are offered wherever a person is named.
        self.names = QStringListModel(self)
        for field in (self.speaker, self.owner):
            completer = QCompleter(self.names, field)
            completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
            completer.setFilterMode(Qt.MatchFlag.MatchContains)
            field.setCompleter(completer)

        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self._rows: dict[str, QWidget] = {}
        for label, widget, key in (
            ("&Kind:", self.kind, "kind"),
            ("Te&xt:", self.text, "text"),
            ("Said b&y:", self.speaker, "speaker"),
            ("C&onsent:", self.consent, "consent"),
            ("&Who:", self.owner, "owner"),
            ("&By when:", self.due, "due"),
            ("The&mes:", self.themes, "themes"),
        ):
            buddy = QLabel(label, self)
            buddy.setBuddy(widget)
            form.addRow(buddy, widget)
            self._rows[key] = widget
        self.new_theme_button = QPushButton("New th&eme…", self)
        self.new_theme_button.setToolTip("Add a theme to the programme and tick it for this note")
        self.new_theme_button.clicked.connect(self.new_theme_requested)
        row = QHBoxLayout()
        row.addWidget(self.shared, 1)
        row.addWidget(self.new_theme_button)
        form.addRow("", row)

        self.kind.currentIndexChanged.connect(lambda _i: self._emit(kind=self.kind.currentData()))
        self.text.textChanged.connect(lambda: self._emit(text=self.text.toPlainText()))
        self.speaker.textEdited.connect(lambda t: self._emit(speaker=t))
        self.consent.currentIndexChanged.connect(
            lambda _i: self._emit(consent=self.consent.currentData())
        )
        self.owner.textEdited.connect(lambda t: self._emit(owner=t))
        self.due.textEdited.connect(lambda t: self._emit(due=t))
        self.shared.toggled.connect(lambda on: self._emit(shared=on))
        self.themes.itemChanged.connect(self._on_theme_ticked)
        self.show_note(None, [])

    @property
    def note(self) -> Note | None:
        return self._note

    def show_note(self, note: Note | None, themes: list[Theme]) -> None:
        """Show ``note`` (None: nothing selected) with the programme's ``themes`` to tick."""
        self._loading = True
        self._note = note
        self.setEnabled(note is not None)
        self.kind.setCurrentIndex(max(0, self.kind.findData(note.kind if note else NoteKind.NOTE)))
        if note is None or self.text.toPlainText() != note.text:
            self.text.setPlainText(note.text if note else "")
        self.speaker.setText(note.speaker if note else "")
        self.consent.setCurrentIndex(
            max(0, self.consent.findData(note.consent if note else Consent.NOT_ASKED))
        )
        self.owner.setText(note.owner if note else "")
        self.due.setText(note.due if note else "")
        self.shared.setChecked(note.shared if note else True)
        self.themes.clear()
        for theme in themes:
            item = QListWidgetItem(f"{theme.symbol} {theme.name}", self.themes)
            item.setData(Qt.ItemDataRole.UserRole, theme.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = note is not None and theme.id in note.theme_ids
            item.setCheckState(Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked)
        self._update_rows(note.kind if note else NoteKind.NOTE)
        self._loading = False

    def ticked_themes(self) -> list[int]:
        found = []
        for row in range(self.themes.count()):
            item = self.themes.item(row)
            if item is not None and item.checkState() == Qt.CheckState.Checked:
                found.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return found

    def _update_rows(self, kind: NoteKind) -> None:
        shown = {
            "speaker": kind in (NoteKind.QUOTE, NoteKind.TRIO),
            "consent": kind == NoteKind.QUOTE,
            "owner": kind == NoteKind.ACTION,
            "due": kind == NoteKind.ACTION,
        }
        layout = self.layout()
        assert isinstance(layout, QFormLayout)
        for key, visible in shown.items():
            layout.setRowVisible(self._rows[key], visible)
        self.speaker.setPlaceholderText(
            "Their role, never their name" if kind == NoteKind.TRIO else "Name, or leave empty"
        )

    def _emit(self, **fields: object) -> None:
        if self._loading or self._note is None:
            return
        if "kind" in fields:
            self._update_rows(NoteKind(str(fields["kind"])))
        self.changed.emit(self._note.id, fields)

    def _on_theme_ticked(self, _item: QListWidgetItem) -> None:
        if not self._loading and self._note is not None:
            self.changed.emit(self._note.id, {"themes": self.ticked_themes()})
