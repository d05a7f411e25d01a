"""Edits waiting to be written: kept in memory until the store takes them.

The UI hands every change here and calls ``flush`` on a short timer (well
within a second). When a write fails (disk full, database locked) the edit is
kept, ``SaveFailed`` says so in words, and the next ``flush`` tries again, so
nothing typed is lost while the person frees space.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass

from companion.clock import Clock, system_clock
from companion.notes.events import SaveFailed
from companion.notes.model import Note, NotesError
from companion.notes.store import NotesStore
from companion.signal import Signal


@dataclass
class _Pending:
    fields: dict[str, object]
    since: float  # clock time of the first unsaved change


def failure_sentence(error: Exception) -> str:
    text = str(error).lower()
    if "full" in text or "no space" in text:
        return (
            "The disk is full, so the last edits are not saved yet. They are kept here "
            "and saved as soon as there is space: free some disk space."
        )
    if "locked" in text or "busy" in text:
        return "The notes database is busy; the last edits will be saved in a moment."
    if isinstance(error, NotesError):
        return str(error)
    return f"The last edits could not be saved ({error}); they are kept here and retried."


class Autosave:
    """Collects field changes per note and writes them in one go."""

    def __init__(
        self,
        store: NotesStore,
        clock: Clock = system_clock,
        on_saved: Callable[[Note, dict[str, object]], None] | None = None,
    ) -> None:
        self.store = store
        self.clock = clock
        self.on_saved = on_saved  # e.g. to record undo steps: (note after, fields written)
        self.failed: Signal[SaveFailed] = Signal()
        self._pending: dict[int, _Pending] = {}
        self.last_error: str | None = None

    @property
    def pending(self) -> int:
        return len(self._pending)

    def change(self, note_id: int, **fields: object) -> None:
        """Remember a change to write at the next flush (later values win)."""
        entry = self._pending.setdefault(note_id, _Pending({}, self.clock()))
        entry.fields.update(fields)

    def pending_fields(self, note_id: int) -> dict[str, object]:
        entry = self._pending.get(note_id)
        return dict(entry.fields) if entry else {}

    def oldest_age(self) -> float:
        """Seconds the oldest unsaved change has waited (0 when all is saved)."""
        if not self._pending:
            return 0.0
        return self.clock() - min(p.since for p in self._pending.values())

    def flush(self) -> bool:
        """Write every pending change; True when nothing is left waiting."""
        for note_id in list(self._pending):
            entry = self._pending[note_id]
            try:
                note = self.store.update(note_id, **entry.fields)
            except NotesError as error:
                if "no longer exists" in str(error):
                    del self._pending[note_id]  # deleted meanwhile: nothing to keep
                    continue
                return self._fail(error)
            except sqlite3.Error as error:
                return self._fail(error)
            del self._pending[note_id]
            if self.on_saved is not None:
                self.on_saved(note, entry.fields)
        self.last_error = None
        return True

    def discard(self, note_id: int) -> None:
        self._pending.pop(note_id, None)

    def _fail(self, error: Exception) -> bool:
        self.last_error = failure_sentence(error)
        self.failed.emit(SaveFailed(self.last_error, len(self._pending)))
        return False
