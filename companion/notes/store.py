"""Notes and sections of one database: every call commits before it returns.

A method that returns has made its edit durable (WAL, ``synchronous=FULL``),
and ``events`` then says so with ``NoteSaved``; that is what "acknowledged"
means for the SIGKILL test and the UI's saved state.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from sqlite_utils import Database

from companion.notes.events import NoteDeleted, NoteSaved, NotesChanged, NotesEvent
from companion.notes.model import (
    EDITABLE,
    MAX_NOTE_CHARS,
    Consent,
    Note,
    NoteKind,
    NotesError,
    Section,
    hidden_defaults,
)
from companion.signal import Signal
from companion.store.db import now, write_transaction


def note_from_row(row: dict[str, Any], theme_ids: Iterable[int] = ()) -> Note:
    return Note(
        id=int(row["id"]),
        uid=str(row["uid"]),
        section_id=int(row["section_id"]),
        session_id=int(row["session_id"]),
        group_id=int(row["group_id"]),
        kind=NoteKind(row["kind"]),
        text=str(row["text"]),
        speaker=str(row["speaker"]),
        member_id=None if row["member_id"] is None else int(row["member_id"]),
        consent=Consent(row["consent"]),
        owner=str(row["owner"]),
        due=str(row["due"]),
        shared=bool(row["shared"]),
        position=int(row["position"]),
        origin=str(row["origin"]),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        theme_ids=tuple(theme_ids),
    )


def section_from_row(row: dict[str, Any]) -> Section:
    return Section(
        id=int(row["id"]),
        session_id=int(row["session_id"]),
        group_id=int(row["group_id"]),
        position=int(row["position"]),
        title=str(row["title"]),
        question_key=row["question_key"],
        plan_run_id=row["plan_run_id"],
    )


def rows(db: Database, sql: str, params: Iterable[object] = ()) -> list[dict[str, Any]]:
    cursor = db.execute(sql, list(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


def check_text(text: str) -> str:
    if len(text) > MAX_NOTE_CHARS:
        raise NotesError(
            f"That text is {len(text):,} characters long; a note holds at most "
            f"{MAX_NOTE_CHARS:,}. Split it into several notes, or add it as an evidence file."
        )
    return text


class NotesStore:
    """Sections and notes per (session, group); emits ``NoteSaved`` after each commit."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self.events: Signal[NotesEvent] = Signal()

    # Sections.

    def ensure_section(
        self,
        session_id: int,
        group_id: int,
        title: str,
        *,
        question_key: str | None = None,
        plan_run_id: int | None = None,
    ) -> Section:
        """The section ``title`` of a group's session notes, created at the end if new."""
        title = " ".join(title.split())
        if not title:
            raise NotesError("A section needs a title: type the question or a few words.")
        found = rows(
            self.db,
            "SELECT * FROM notes_sections WHERE session_id = ? AND group_id = ? AND title = ?",
            [session_id, group_id, title],
        )
        if found:
            return section_from_row(found[0])
        with write_transaction(self.db):
            position = self._next(
                "notes_sections", "session_id = ? AND group_id = ?", [session_id, group_id]
            )
            cursor = self.db.execute(
                "INSERT INTO notes_sections (session_id, group_id, position, title, question_key,"
                " plan_run_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [session_id, group_id, position, title, question_key, plan_run_id, now()],
            )
        return self.section(int(cursor.lastrowid or 0))

    def section(self, section_id: int) -> Section:
        found = rows(self.db, "SELECT * FROM notes_sections WHERE id = ?", [section_id])
        if not found:
            raise NotesError("That section no longer exists; it may have been deleted.")
        return section_from_row(found[0])

    def sections(self, session_id: int, group_id: int) -> list[Section]:
        return [
            section_from_row(r)
            for r in rows(
                self.db,
                "SELECT * FROM notes_sections WHERE session_id = ? AND group_id = ? "
                "ORDER BY position, id",
                [session_id, group_id],
            )
        ]

    def rename_section(self, section_id: int, title: str) -> None:
        title = " ".join(title.split())
        if not title:
            raise NotesError("A section needs a title.")
        self.db.execute("UPDATE notes_sections SET title = ? WHERE id = ?", [title, section_id])
        self.events.emit(NotesChanged("section renamed"))

    # Notes.

    def add(
        self,
        section_id: int,
        kind: NoteKind,
        text: str,
        *,
        uid: str | None = None,
        position: int | None = None,
        origin: str = "typed",
        **fields: object,
    ) -> Note:
        """Add a note at the end of a section (or at ``position``); committed on return."""
        section = self.section(section_id)
        check_text(text)
        unknown = set(fields) - EDITABLE
        if unknown:
            raise ValueError(f"unknown note fields: {sorted(unknown)}")
        stamp = now()
        record: dict[str, object] = {
            "uid": uid or uuid.uuid4().hex,
            "section_id": section_id,
            "session_id": section.session_id,
            "group_id": section.group_id,
            "kind": NoteKind(kind).value,
            "text": text,
            "origin": origin,
            "created_at": stamp,
            "updated_at": stamp,
            **{k: _column_value(v) for k, v in fields.items()},
        }
        with write_transaction(self.db):
            record["position"] = (
                position
                if position is not None
                else self._next("notes", "section_id = ?", [section_id])
            )
            columns = ", ".join(record)
            marks = ", ".join("?" for _ in record)
            cursor = self.db.execute(
                f"INSERT INTO notes ({columns}) VALUES ({marks})", list(record.values())
            )
        note = self.get(int(cursor.lastrowid or 0))
        self.events.emit(NoteSaved(note.id, note.section_id, stamp))
        return note

    def update(self, note_id: int, **fields: object) -> Note:
        """Change some fields of a note; committed on return."""
        unknown = set(fields) - EDITABLE
        if unknown:
            raise ValueError(f"unknown note fields: {sorted(unknown)}")
        if "text" in fields:
            check_text(str(fields["text"]))
        if not fields:
            return self.get(note_id)
        if "kind" in fields:
            old = self.get(note_id).kind
            new = NoteKind(str(_column_value(fields["kind"])))
            if new != old:
                # A quote made a note keeps no speaker, an action made a decision no
                # owner; a quote's speaker (a name) never becomes a trio's role either.
                fields = {"speaker": "", **fields, **hidden_defaults(new)}
        stamp = now()
        values = {k: _column_value(v) for k, v in fields.items()}
        values["updated_at"] = stamp
        if "section_id" in fields:
            section = self.section(int(str(fields["section_id"])))
            values["session_id"], values["group_id"] = section.session_id, section.group_id
        assignments = ", ".join(f"{k} = ?" for k in values)
        cursor = self.db.execute(
            f"UPDATE notes SET {assignments} WHERE id = ?", [*values.values(), note_id]
        )
        if cursor.rowcount == 0:
            raise NotesError("That note no longer exists; it may have been deleted.")
        note = self.get(note_id)
        self.events.emit(NoteSaved(note.id, note.section_id, stamp))
        return note

    def delete(self, note_id: int) -> Note:
        """Remove a note (its theme links go with it); returns it as it was, for undo."""
        note = self.get(note_id)
        self.db.execute("DELETE FROM notes WHERE id = ?", [note_id])
        self.events.emit(NoteDeleted(note.id, note.section_id))
        return note

    def restore(self, note: Note) -> Note:
        """Put back a deleted note with its uid, place and themes (undo of delete)."""
        fields = {k: getattr(note, k) for k in EDITABLE if k != "section_id"}
        kept = self.add(
            note.section_id,
            note.kind,
            fields.pop("text"),
            uid=note.uid,
            position=note.position,
            origin=note.origin,
            **{k: v for k, v in fields.items() if k != "kind"},
        )
        for theme_id in note.theme_ids:
            self.db.execute(
                "INSERT OR IGNORE INTO note_themes (note_id, theme_id) VALUES (?, ?)",
                [kept.id, theme_id],
            )
        return self.get(kept.id)

    def get(self, note_id: int) -> Note:
        found = rows(self.db, "SELECT * FROM notes WHERE id = ?", [note_id])
        if not found:
            raise NotesError("That note no longer exists; it may have been deleted.")
        themes = [
            r["theme_id"]
            for r in rows(
                self.db,
                "SELECT theme_id FROM note_themes WHERE note_id = ? ORDER BY theme_id",
                [note_id],
            )
        ]
        return note_from_row(found[0], themes)

    def notes(self, session_id: int, group_id: int, section_id: int | None = None) -> list[Note]:
        """A group's notes in a session (or one section), in section and entry order."""
        where = "n.session_id = ? AND n.group_id = ?"
        params: list[object] = [session_id, group_id]
        if section_id is not None:
            where += " AND n.section_id = ?"
            params.append(section_id)
        return self.query(where, params)

    def query(self, where: str, params: Iterable[object]) -> list[Note]:
        """Notes matching a WHERE clause over ``notes n`` (with their themes)."""
        found = rows(
            self.db,
            "SELECT n.*, s.position AS section_position, "
            "(SELECT group_concat(theme_id) FROM note_themes t WHERE t.note_id = n.id) AS tids "
            f"FROM notes n JOIN notes_sections s ON s.id = n.section_id WHERE {where} "
            "ORDER BY n.session_id, n.group_id, s.position, n.position, n.id",
            params,
        )
        return [
            note_from_row(r, sorted(int(t) for t in (r["tids"] or "").split(",") if t))
            for r in found
        ]

    def _next(self, table: str, where: str, params: list[object]) -> int:
        row = self.db.execute(
            f"SELECT coalesce(max(position), -1) + 1 FROM {table} WHERE {where}", params
        ).fetchone()
        return int(row[0])


def _column_value(value: object) -> object:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, NoteKind | Consent):
        return value.value
    return value
