"""The Notes area: a group's notes per question, typed fast, saved continuously.

Type a note and press Enter; start it with "q:", "a:", "d:", "?:" or "t:" (or
press Ctrl+K) for a quote, action, decision, question or trio evidence. The
details of the selected note are edited below the list and saved within a
second; the saved state is always in words. Evidence files are dropped,
pasted or added; a caption line becomes a quote with Ctrl+Shift+Q.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QShowEvent
from PySide6.QtWidgets import (
    QListWidgetItem,
    QWidget,
)

from companion.errors import CompanionError
from companion.notes.autosave import Autosave
from companion.notes.events import NotesChanged, SaveFailed
from companion.notes.history import History
from companion.notes.listings import member_names
from companion.notes.model import Note, NoteKind, NotesError, Theme
from companion.notes.notebook import Notebook
from companion.notes.retention import apply_retention, keep_days
from companion.notes.search import search
from companion.signal import weakly
from companion.store.backup import backup_if_due
from companion.store.db import database_path as db_path
from companion.timefmt import local_time
from ui.adapter import NotebookSignals
from ui.notes.layout import NotesLayout, note_label, parse_entry
from ui.notes.session import NotesSession
from ui.widgets.a11y import announce

if TYPE_CHECKING:
    from ui.notes.retention import RetentionDialog

SAVE_DELAY_MS = 300  # typing pauses this long before the edit is written (well under 1 s)
RETRY_MS = 2_000  # after a failed write
HOUSEKEEPING_MS = 6 * 3600 * 1000  # daily backup and retention, checked this often
# Changes made elsewhere (the lead's view, an import) that the shown notes must reflect.
_REFRESH_REASONS = ("bundle imported", "themes merged", "theme renamed", "theme created")


class NotesArea(NotesLayout):
    """Capture of one group's notes in one session, over a ``Notebook``."""

    saved_state_changed = Signal(str)  # e.g. "Notes: saved 14:03:05", for the status line
    session_changed = Signal(int, int)  # session id, group id now shown
    ending_session = Signal(int, int)  # "End session…" opened for this session and group

    def __init__(
        self,
        notebook: Notebook,
        finals: Callable[[], Sequence[str]] | None = None,
        parent: QWidget | None = None,
        said_by: Callable[[], Sequence[str | None]] | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("notes_area")
        self.notebook = notebook
        self.finals = finals or (lambda: [])
        self.said_by = said_by or (lambda: [])  # the speaker of each final, when known (#14)
        self.history = History(notebook.notes)
        # Weakly: the area owns its autosave, which must not hold the area back (#10).
        self.autosave = Autosave(notebook.notes, on_saved=weakly(self._on_autosaved))
        self._before: dict[int, Note] = {}
        self.session_id = self.group_id = 0
        self.notebook_signals = NotebookSignals(notebook.events, self)
        self.notebook_signals.notes_changed.connect(self._on_notes_changed)
        self.autosave_signals = NotebookSignals(self.autosave.failed, self)
        # Queued: a failed write is reported after the save call that failed has returned.
        self.autosave_signals.save_failed.connect(
            self._on_save_failed, Qt.ConnectionType.QueuedConnection
        )
        self._save_timer = QTimer(self, singleShot=True, interval=SAVE_DELAY_MS)
        self._save_timer.timeout.connect(self.save_now)
        self._build()
        self.retention_action = self._action(
            "Data and rete&ntion…",
            "Set how long sessions are kept; delete a session or a member's data",
            "Ctrl+Shift+Y",
            self.open_retention,
            "retention",
        )
        self.codebook_action = self._action(
            "Import co&debook…",
            "Add the programme's themes from the lead's codebook file (.qdc, .qdpx or .csv)",
            "Ctrl+Shift+C",
            self.import_codebook,
            "codebook",
        )
        self.codebook_chooser: Callable[[], str] | None = None  # tests: a path without asking
        self.session = NotesSession(self)
        self.session.restore()
        self._housekeeping_timer = QTimer(self, interval=HOUSEKEEPING_MS)
        self._housekeeping_timer.timeout.connect(self.housekeeping)
        self._housekeeping_timer.start()
        QTimer.singleShot(0, self.housekeeping)

    # Building.

    def housekeeping(self) -> None:
        """Today's backup if not made yet, and sessions past their kept days deleted."""
        try:
            backup_if_due(db_path(self.notebook.db))
            if keep_days(self.notebook) is not None:
                apply_retention(self.notebook)
        except (CompanionError, OSError, sqlite3.Error) as error:
            self._set_saved(f"Notes: the daily backup failed ({error}).")

    # Showing.

    def show_group(self, session_id: int, group_id: int) -> None:
        """Show the notes of ``group_id`` in ``session_id``."""
        self.save_now()
        self.session_id, self.group_id = session_id, group_id
        info = self.notebook.session(session_id)
        self.header.setText(f"{info['title']} — {self.notebook.group_name(group_id)}")
        self.history.clear()
        self.sections.clear()
        for section in self.notebook.notes.sections(session_id, group_id):
            item = QListWidgetItem(f"{section.position + 1}. {section.title}", self.sections)
            item.setData(Qt.ItemDataRole.UserRole, section.id)
        self.sections.setCurrentRow(0)
        self.editor.set_names(self.member_names())
        self._update_evidence()
        self._update_undo()
        self.session_changed.emit(session_id, group_id)

    def showEvent(self, event: QShowEvent) -> None:
        # The roster may have changed in Turns since the page opened.
        if self.group_id:
            self.editor.set_names(self.member_names())
        super().showEvent(event)

    def current_section(self) -> int | None:
        item = self.sections.currentItem()
        return int(item.data(Qt.ItemDataRole.UserRole)) if item is not None else None

    def selected_note(self) -> Note | None:
        item = self.list.currentItem()
        note = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        return note if isinstance(note, Note) else None

    def _themes(self) -> list[Theme]:
        if not self.session_id:
            return []
        return self.notebook.themes.in_programme(self.notebook.programme_id(self.session_id))

    def _update_notes(self, select_id: int | None = None) -> None:
        section = self.current_section()
        keep = select_id if select_id is not None else getattr(self.selected_note(), "id", None)
        symbols = {t.id: f"{t.symbol} {t.name}" for t in self._themes()}
        self.list.blockSignals(True)
        self.list.clear()
        if section is not None:
            for note in self.notebook.notes.notes(self.session_id, self.group_id, section):
                item = QListWidgetItem(note_label(note, symbols), self.list)
                item.setData(Qt.ItemDataRole.UserRole, note)
                if note.id == keep:
                    self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._update_editor()

    def _update_editor(self) -> None:
        note = self.selected_note()
        if note is not None:
            note = self.notebook.notes.get(note.id)
        self.editor.show_note(note, self._themes())

    def _update_evidence(self) -> None:
        if self.session_id:
            self.evidence.show_items(
                self.notebook.evidence.of_group(self.session_id, self.group_id)
            )

    def _update_undo(self) -> None:
        self.undo_action.setEnabled(self.history.can_undo())
        self.redo_action.setEnabled(self.history.can_redo())

    def _set_saved(self, text: str) -> None:
        self.saved.setText(text)
        self.saved.setAccessibleName(text)
        self.saved_state_changed.emit(text)

    # Editing.

    def add_from_entry(self) -> Note | None:
        section = self.current_section()
        kind, text = parse_entry(self.entry.text(), NoteKind(self.kind.currentData()))
        if section is None or not text:
            return None
        try:
            note = self.notebook.notes.add(section, kind, text)
        except NotesError as error:
            self._set_saved(f"Notes: not added. {error}")
            return None
        self.history.record(None, note, "add note")
        self.entry.clear()
        self._after_edit(note.id)
        announce(self.entry, f"{kind.label} added")
        return note

    def add_quote(self, text: str, speaker: str, consent: object) -> Note | None:
        section = self.current_section()
        if section is None or not text:
            return None
        note = self.notebook.notes.add(
            section, NoteKind.QUOTE, text, speaker=speaker, consent=consent, origin="caption"
        )
        self.history.record(None, note, "add quote")
        self._after_edit(note.id)
        return note

    def delete_selected(self) -> None:
        note = self.selected_note()
        if note is None:
            return
        self.save_now()
        self.history.record(self.notebook.notes.delete(note.id), None, "delete note")
        self._after_edit(None)
        announce(self.list, "Note deleted; Ctrl+Z brings it back")

    def undo(self) -> None:
        self.save_now()
        note = self.history.undo()
        self._after_edit(note.id if note else None)

    def redo(self) -> None:
        note = self.history.redo()
        self._after_edit(note.id if note else None)

    def next_kind(self) -> None:
        self.kind.setCurrentIndex((self.kind.currentIndex() + 1) % self.kind.count())
        announce(self.kind, self.kind.currentText())

    def _after_edit(self, select_id: int | None) -> None:
        self._update_notes(select_id)
        self._update_undo()
        self._set_saved(f"Notes: saved {local_time()}")

    def _on_editor_changed(self, note_id: int, fields: dict[str, object]) -> None:
        if "themes" in fields:
            themes = fields.pop("themes")
            assert isinstance(themes, list)
            self.notebook.themes.set_note_themes(note_id, themes)
            self._set_saved(f"Notes: saved {local_time()}")
        if fields:
            if note_id not in self._before:
                self._before[note_id] = self.notebook.notes.get(note_id)
            self.autosave.change(note_id, **fields)
            self._set_saved("Notes: saving…")
            self._save_timer.start()

    def save_now(self) -> bool:
        """Write pending edits now; False (and a retry later) if the disk refused."""
        if not self.autosave.pending:
            return True
        if self.autosave.flush():
            self._set_saved(f"Notes: saved {local_time()}")
            self._update_labels()
            return True
        return False

    def _on_autosaved(self, note: Note, fields: dict[str, object]) -> None:
        before = self._before.pop(note.id, None)
        self.history.record(before, note, "edit note", tuple(sorted(fields)))
        self._update_undo()

    def _on_save_failed(self, event: SaveFailed) -> None:
        self._set_saved(f"Notes: NOT saved yet. {event.message}")
        announce(self.saved, self.saved.text(), assertive=True)
        self._save_timer.start(RETRY_MS)

    def _update_labels(self) -> None:
        symbols = {t.id: f"{t.symbol} {t.name}" for t in self._themes()}
        for row in range(self.list.count()):
            item = self.list.item(row)
            if item is None:
                continue
            note = self.notebook.notes.get(item.data(Qt.ItemDataRole.UserRole).id)
            item.setData(Qt.ItemDataRole.UserRole, note)
            item.setText(note_label(note, symbols))

    def _on_notes_changed(self, event: NotesChanged) -> None:
        if event.reason == "data deleted":
            self._after_data_deleted()
            return
        if event.reason in _REFRESH_REASONS and self.session_id:
            self._update_notes()

    def _after_data_deleted(self) -> None:
        """Sessions or a member's data were deleted: nothing deleted may come back or stay shown."""
        self.history.clear()  # undo must not bring deleted words back
        self._update_undo()
        if not self.session_id:
            self.session.update_switch()
            return
        if not self._session_exists():  # the session shown was deleted: show another, or none
            self.session_id = self.group_id = 0
            self.header.setText("No session yet.")
            self.sections.clear()
            self.evidence.show_items([])
            self.session.restore()
            if not self._session_exists():  # restore tried the deleted one and found no other
                self.session_id = self.group_id = 0
            return
        self.session.update_switch()
        self._update_notes()
        self._update_evidence()

    def _session_exists(self) -> bool:
        try:
            self.notebook.session(self.session_id)
        except NotesError:
            return False
        return True

    # Dialogs (in notes_session.py, end_session.py and notes_retention.py).

    def actions_for_menu(self) -> list[QAction]:
        return [*super().actions_for_menu(), self.codebook_action, self.retention_action]

    def import_codebook(self) -> object:
        """Import the lead's codebook: its themes join this programme's picker."""
        from ui.notes.codebook_import import import_codebook

        return import_codebook(self, self.codebook_chooser)

    def open_retention(self) -> RetentionDialog:
        """The "Data and retention…" dialog: how long sessions are kept, delete, forget."""
        from ui.notes.retention import RetentionDialog

        self.save_now()
        dialog = RetentionDialog(self.notebook, self)
        dialog.reported.connect(self._set_saved)
        self.session._open(dialog)
        return dialog

    def open_quote(self) -> object:
        return self.session.open_quote()

    def open_search(self) -> object:
        return self.session.open_search(self.search_box.text())

    def open_end_session(self) -> object:
        return self.session.open_end_session()

    def add_evidence_files(self, paths: list[str]) -> None:
        self.session.add_evidence_files([Path(p) for p in paths])

    def member_names(self) -> list[str]:
        return member_names(self.notebook, self.group_id)

    def search_results(self, text: str) -> list[tuple[Note, str]]:
        programme = self.notebook.programme_id(self.session_id) if self.session_id else None
        found = search(self.notebook.notes, text, programme_id=programme)
        return [
            (
                n,
                f"{self.notebook.group_name(n.group_id)}, "
                f"{self.notebook.session(n.session_id)['title']}",
            )
            for n in found
        ]
