"""The widgets and layout of the Notes area, and its keyboard actions.

``NotesLayout`` builds everything a person sees and the actions with their
shortcuts; ``ui.notes.area.NotesArea`` adds the behaviour.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from companion.notes.model import Note, NoteKind
from ui.notes.editor import NoteEditor, kind_combo
from ui.notes.evidence import EvidencePanel
from ui.widgets.a11y import make_action, name
from ui.widgets.stacking import stack_when_narrow

_PREFIX = re.compile(
    r"^\s*(q|quote|a|action|d|decision|\?|question|t|trio|n|note)\s*:\s*(.*)$",
    re.IGNORECASE | re.DOTALL,
)
_PREFIX_KINDS = {
    "q": NoteKind.QUOTE,
    "a": NoteKind.ACTION,
    "d": NoteKind.DECISION,
    "?": NoteKind.QUESTION,
    "t": NoteKind.TRIO,
    "n": NoteKind.NOTE,
}


def parse_entry(text: str, kind: NoteKind) -> tuple[NoteKind, str]:
    """The kind and words of a typed entry; a prefix such as "q:" chooses the kind."""
    match = _PREFIX.match(text)
    if match:
        return _PREFIX_KINDS[match.group(1)[0].lower()], match.group(2).strip()
    return kind, text.strip()


def note_label(note: Note, theme_symbols: dict[int, str]) -> str:
    marks = ", ".join(theme_symbols[t] for t in note.theme_ids if t in theme_symbols)
    extra = ""
    if note.kind == NoteKind.QUOTE:
        extra = f" — {note.attribution()}"
    elif note.kind == NoteKind.ACTION and (note.owner or note.due):
        extra = " — " + ", ".join(x for x in (note.owner, note.due and f"by {note.due}") if x)
    private = " (not shared)" if not note.shared else ""
    return f"{note.kind.label}: {note.text}{extra}{private}" + (f"   [{marks}]" if marks else "")


class NotesLayout(QWidget):
    """The Notes area's widgets, layout, tab order and actions (no behaviour)."""

    # Provided by NotesArea.
    def next_kind(self) -> None: ...
    def add_from_entry(self) -> object: ...
    def _update_notes(self, select_id: int | None = None) -> None: ...
    def _update_editor(self) -> None: ...
    def _update_undo(self) -> None: ...
    def _on_editor_changed(self, note_id: int, fields: dict[str, object]) -> None: ...
    def open_search(self) -> object: ...
    def undo(self) -> None: ...
    def redo(self) -> None: ...
    def delete_selected(self) -> None: ...
    def open_quote(self) -> object: ...
    def open_end_session(self) -> object: ...

    def _build(self) -> None:
        self._build_top()
        self._build_sections()
        self._build_notes()
        self._build_bottom()
        self._lay_out()
        self._tab_order()
        self._connect()

    def _build_top(self) -> None:
        """The header saying whose notes these are, the page switch and search."""
        self.header = QLabel("No session yet.", self)
        self.header.setObjectName("notes_header")
        self.header.setTextFormat(Qt.TextFormat.PlainText)
        font = self.header.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.header.setFont(font)
        self.switch = name(QComboBox(self), "Session and group", "Choose whose notes to show")
        self.start_button = QPushButton("New sess&ion…", self)
        self.start_button.setToolTip("Start notes for a session and group")
        self.search_box = name(
            QLineEdit(self),
            "Search notes",
            "Search every note in the programme; press Enter (Ctrl+F)",
        )
        self.search_box.setPlaceholderText("Search all notes…")

    def _build_sections(self) -> None:
        self.sections = name(
            QListWidget(self),
            "Questions",
            "The questions of this session; notes go under the one selected",
        )
        self.sections.setWordWrap(True)
        self.sections.setSpacing(3)
        self.sections.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.section_button = QPushButton("Add section…", self)
        self.section_button.setToolTip("Add a free section, e.g. for something off-plan")

    def _build_notes(self) -> None:
        """The notes of the chosen section, the entry line, the editor and the evidence."""
        self.list = name(QListWidget(self), "Notes", "The notes under the selected question")
        self.list.setWordWrap(True)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.kind = name(kind_combo(self), "Kind of new note", "Ctrl+K changes it")
        self.entry = name(
            QLineEdit(self),
            "New note",
            "Type and press Enter; start with q: a: d: ?: or t: to choose the kind",
        )
        self.entry.setPlaceholderText(
            "Type a note and press Enter  (q: quote, a: action, d: decision, ?: question, t: trio)"
        )
        self.add_button = QPushButton("A&dd", self)
        self.add_button.setToolTip("Add the note (Enter)")
        self.editor = NoteEditor(self)
        self.evidence = EvidencePanel(self)

    def _build_bottom(self) -> None:
        self.saved = QLabel("Notes: nothing to save yet", self)
        self.saved.setObjectName("notes_saved_state")
        self.saved.setAccessibleName("Notes saved state")
        self.quote_button = QPushButton("&Quote from captions…", self)
        self.end_button = QPushButton("End session…", self)
        self._build_actions()
        self.quote_button.setToolTip(self.quote_action.toolTip())
        self.end_button.setToolTip(self.end_action.toolTip())

    def _lay_out(self) -> None:
        top = QHBoxLayout()
        switch_label = QLabel("&Showing:", self)
        switch_label.setBuddy(self.switch)
        top.addWidget(switch_label)
        top.addWidget(self.switch, 1)
        top.addWidget(self.start_button)
        top.addWidget(self.search_box)
        self.search_box.setMinimumWidth(240)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.sections, 1)
        left_layout.addWidget(self.section_button)
        entry_row = QHBoxLayout()
        entry_row.addWidget(self.kind)
        entry_row.addWidget(self.entry, 1)
        entry_row.addWidget(self.add_button)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.list, 3)
        right_layout.addLayout(entry_row)
        right_layout.addWidget(self.editor, 2)
        right_layout.addWidget(self.evidence)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([300, 700])
        # Narrow: the questions on top, the notes and the editor under them.
        self.stacking = stack_when_narrow(splitter)
        self.splitter = splitter
        bottom = QHBoxLayout()
        bottom.addWidget(self.saved, 1)
        bottom.addWidget(self.quote_button)
        bottom.addWidget(self.end_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.addWidget(self.header)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        layout.addLayout(bottom)

    def _tab_order(self) -> None:
        order = [
            self.switch,
            self.start_button,
            self.search_box,
            self.sections,
            self.section_button,
            self.list,
            self.kind,
            self.entry,
            self.add_button,
            self.editor.kind,
            self.editor.text,
            self.editor.speaker,
            self.editor.consent,
            self.editor.owner,
            self.editor.due,
            self.editor.themes,
            self.editor.shared,
            self.editor.new_theme_button,
            self.evidence.list,
            self.evidence.add_button,
            self.evidence.paste_button,
            self.evidence.describe_button,
            self.evidence.remove_button,
            self.quote_button,
            self.end_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.entry.returnPressed.connect(self.add_from_entry)
        self.add_button.clicked.connect(self.add_from_entry)
        self.sections.currentRowChanged.connect(lambda _r: self._update_notes())
        self.list.currentItemChanged.connect(lambda *_: self._update_editor())
        self.editor.changed.connect(self._on_editor_changed)
        self.search_box.returnPressed.connect(self.open_search)

    def _action(
        self, text: str, tip: str, keys: str, slot: Callable[[], object], key: str
    ) -> QAction:
        action = make_action(
            self, text, tip, shortcut=keys, triggered=slot, object_name=f"notes_{key}"
        )
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.kind_action = self._action(
            "Next &kind", "Change the kind of the new note", "Ctrl+K", self.next_kind, "kind"
        )
        self.undo_action = self._action(
            "&Undo note edit", "Undo the last change to the notes", "Ctrl+Z", self.undo, "undo"
        )
        self.redo_action = self._action(
            "&Redo note edit", "Redo the change just undone", "Ctrl+Shift+Z", self.redo, "redo"
        )
        self.delete_action = self._action(
            "&Delete note", "Delete the selected note", "Del", self.delete_selected, "delete"
        )
        self.delete_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.list.addAction(self.delete_action)
        self.quote_action = self._action(
            "&Quote from captions…",
            "Turn a recent caption line into a quote",
            "Ctrl+Shift+Q",
            self.open_quote,
            "quote",
        )
        self.search_action = self._action(
            "&Search notes",
            "Search every note in the programme",
            "Ctrl+F",
            self.search_box.setFocus,
            "search",
        )
        self.paste_action = self._action(
            "&Paste evidence",
            "Add a screenshot or files from the clipboard",
            "Ctrl+Shift+V",
            self.evidence.paste,
            "paste",
        )
        self.end_action = self._action(
            "&End session…",
            "Check, choose what to share and write the documents and bundle",
            "Ctrl+E",
            self.open_end_session,
            "end",
        )
        self._update_undo()

    def actions_for_menu(self) -> list[QAction]:
        return [
            self.quote_action,
            self.undo_action,
            self.redo_action,
            self.search_action,
            self.paste_action,
            self.end_action,
        ]
