"""The events the notes feature emits (through ``companion.signal.Signal``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class NoteSaved:
    """A note was written and committed: it survives the app being killed."""

    note_id: int
    section_id: int
    saved_at: str  # ISO time of the commit


@dataclass(frozen=True, slots=True)
class NoteDeleted:
    """A note was removed."""

    note_id: int
    section_id: int


@dataclass(frozen=True, slots=True)
class SaveFailed:
    """An edit could not be written; it is kept in memory and retried."""

    message: str  # a sentence for the person, e.g. the disk is full
    pending: int  # edits still waiting


@dataclass(frozen=True, slots=True)
class NotesChanged:
    """Many notes changed at once (an import, a merge, undo of several)."""

    reason: str


NotesEvent = NoteSaved | NoteDeleted | SaveFailed | NotesChanged
