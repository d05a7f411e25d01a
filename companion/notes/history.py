"""Undo and redo of note edits, as inverse operations on the store (no Qt)."""

from __future__ import annotations

from dataclasses import dataclass, field

from companion.notes.model import Note, NotesError
from companion.notes.store import NotesStore

MAX_STEPS = 200


@dataclass
class _Step:
    """One undoable edit: the note before (None if added) and after (None if deleted)."""

    before: Note | None
    after: Note | None
    label: str
    fields: tuple[str, ...] = field(default=())


class History:
    """Records edits made through it and undoes or redoes them in order."""

    def __init__(self, store: NotesStore) -> None:
        self.store = store
        self._undo: list[_Step] = []
        self._redo: list[_Step] = []

    def can_undo(self) -> bool:
        return bool(self._undo)

    def can_redo(self) -> bool:
        return bool(self._redo)

    def undo_label(self) -> str:
        return self._undo[-1].label if self._undo else ""

    def redo_label(self) -> str:
        return self._redo[-1].label if self._redo else ""

    def record(
        self, before: Note | None, after: Note | None, label: str, fields: tuple[str, ...] = ()
    ) -> None:
        """Remember an edit already made; merges typing into one note with the last step."""
        last = self._undo[-1] if self._undo else None
        if (
            last is not None
            and before is not None
            and after is not None
            and last.after is not None
            and last.after.uid == after.uid
            and last.fields == fields == ("text",)
        ):
            last.after = after  # consecutive text edits of one note undo together
        else:
            self._undo.append(_Step(before, after, label, fields))
            del self._undo[:-MAX_STEPS]
        self._redo.clear()

    def undo(self) -> Note | None:
        """Undo the last edit; returns the note now shown (None if it was removed)."""
        if not self._undo:
            return None
        step = self._undo.pop()
        result = self._apply(step.after, step.before, step.fields)
        self._redo.append(step)
        return result

    def redo(self) -> Note | None:
        if not self._redo:
            return None
        step = self._redo.pop()
        result = self._apply(step.before, step.after, step.fields)
        self._undo.append(step)
        return result

    def clear(self) -> None:
        self._undo.clear()
        self._redo.clear()

    def _apply(
        self, current: Note | None, wanted: Note | None, fields: tuple[str, ...]
    ) -> Note | None:
        live = self._find(current.uid) if current is not None else None
        if wanted is None:
            if live is not None:
                self.store.delete(live.id)
            return None
        if live is None:
            return self.store.restore(wanted)
        # A kind change clears the other kinds' fields, so undoing it puts them all back.
        names = (fields if "kind" not in fields else ()) or (
            "kind",
            "text",
            "speaker",
            "member_id",
            "consent",
            "owner",
            "due",
            "shared",
            "section_id",
        )
        return self.store.update(live.id, **{n: getattr(wanted, n) for n in names})

    def _find(self, uid: str) -> Note | None:
        found = self.store.query("n.uid = ?", [uid])
        if not found:
            return None
        return found[0]


__all__ = ["History", "NotesError"]
