"""One handle on the notes feature: notes, themes and evidence over one database."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from sqlite_utils import Database

from companion.notes.evidence import EvidenceStore
from companion.notes.model import GroupNotes, NotesError
from companion.notes.store import NotesStore, rows
from companion.notes.themes import Themes
from companion.store.db import create_session, ensure_group, ensure_programme, name_order


class Notebook:
    """Notes, themes and evidence sharing one database and one event signal."""

    def __init__(self, db: Database, evidence_folder: Path | None = None) -> None:
        self.db = db
        self.notes = NotesStore(db)
        self.events = self.notes.events
        self.themes = Themes(db, self.notes)
        self.evidence = EvidenceStore(db, evidence_folder, self.events)

    def close(self) -> None:
        self.db.close()

    # Programmes, sessions and groups.

    def start_session(
        self,
        programme: str,
        title: str,
        group: str,
        sections: Sequence[str] = (),
        *,
        plan: str | None = None,
        session_id: int | None = None,
        question_keys: Sequence[str] | None = None,
        plan_run_id: int | None = None,
    ) -> tuple[int, int]:
        """A session (new unless ``session_id``) and group with these sections; their ids.

        ``question_keys`` are the plan's ids for the questions, in the same order;
        the sections are linked to the facilitation plan run of this session and
        group where there is one (or to ``plan_run_id``).
        """
        programme_id = ensure_programme(self.db, programme)
        if session_id is None:
            session_id = create_session(self.db, programme_id, title, plan)
        group_id = ensure_group(self.db, programme_id, group)
        self.add_sections(session_id, group_id, sections, question_keys, plan_run_id)
        return session_id, group_id

    def add_sections(
        self,
        session_id: int,
        group_id: int,
        sections: Sequence[str],
        question_keys: Sequence[str] | None = None,
        plan_run_id: int | None = None,
    ) -> None:
        """Make sure the group has these sections in the session (kept if already there)."""
        run = plan_run_id or self.plan_run_for(session_id, group_id)
        keys = list(question_keys or [])
        for index, section in enumerate(sections):
            self.notes.ensure_section(
                session_id,
                group_id,
                section,
                question_key=keys[index] if index < len(keys) else None,
                plan_run_id=run,
            )

    def plan_run_for(self, session_id: int, group_id: int) -> int | None:
        """The latest facilitation plan run of this session and group, if that feature ran."""
        if "plan_runs" not in self.db.table_names():
            return None  # the facilitation feature is not installed or never ran
        row = self.db.execute(
            "SELECT id FROM plan_runs WHERE session_id = ? AND group_id = ? ORDER BY id DESC",
            [session_id, group_id],
        ).fetchone()
        return int(row[0]) if row else None

    def session(self, session_id: int) -> dict[str, object]:
        found = rows(
            self.db,
            "SELECT s.*, p.name AS programme FROM sessions s "
            "JOIN programmes p ON p.id = s.programme_id WHERE s.id = ?",
            [session_id],
        )
        if not found:
            raise NotesError(
                f"There is no session {session_id}; list them with 'companion sessions'."
            )
        return found[0]

    def programme_id(self, session_id: int) -> int:
        return int(str(self.session(session_id)["programme_id"]))

    def find_session(self, spec: str) -> int:
        """A session by id, or by title (the latest of that title)."""
        if spec.isdigit():
            return int(str(self.session(int(spec))["id"]))
        found = rows(
            self.db,
            "SELECT id FROM sessions WHERE title = ? COLLATE NOCASE ORDER BY id DESC",
            [spec],
        )
        if not found:
            raise NotesError(
                f"There is no session called “{spec}”; list them with 'companion sessions'."
            )
        return int(found[0]["id"])

    def find_group(self, session_id: int, spec: str) -> int:
        """A group of the session's programme, by id or by name."""
        programme_id = self.programme_id(session_id)
        column = "id" if spec.isdigit() else "name"
        found = rows(
            self.db,
            f"SELECT id FROM groups WHERE programme_id = ? AND {column} = ? COLLATE NOCASE",
            [programme_id, int(spec) if spec.isdigit() else spec],
        )
        if not found:
            raise NotesError(
                f"The session's programme has no group “{spec}”; "
                "list them with 'companion sessions'."
            )
        return int(found[0]["id"])

    def group_name(self, group_id: int) -> str:
        found = rows(self.db, "SELECT name FROM groups WHERE id = ?", [group_id])
        return str(found[0]["name"]) if found else f"Group {group_id}"

    def groups_with_notes(self, session_id: int) -> list[tuple[int, str]]:
        found = rows(
            self.db,
            "SELECT DISTINCT g.id, g.name FROM groups g JOIN notes_sections s "
            "ON s.group_id = g.id WHERE s.session_id = ?",
            [session_id],
        )
        named = [(int(r["id"]), str(r["name"])) for r in found]
        return sorted(named, key=lambda group: name_order(group[1]))

    def list_sessions(self) -> list[dict[str, object]]:
        return rows(
            self.db,
            "SELECT s.id, s.title, s.created_at, s.ended_at, p.name AS programme, "
            "(SELECT group_concat(name, ', ') FROM (SELECT DISTINCT g.name FROM groups g "
            " JOIN notes_sections x ON x.group_id = g.id WHERE x.session_id = s.id)) AS groups "
            "FROM sessions s JOIN programmes p ON p.id = s.programme_id ORDER BY s.id",
        )

    def end_session(self, session_id: int) -> None:
        self.db.execute(
            "UPDATE sessions SET ended_at = coalesce(ended_at, datetime('now')) WHERE id = ?",
            [session_id],
        )

    # Everything for an export.

    def group_notes(
        self, session_id: int, group_id: int, *, shared_only: bool = True
    ) -> GroupNotes:
        session = self.session(session_id)
        notes = self.notes.notes(session_id, group_id)
        if shared_only:
            notes = [n for n in notes if n.shared]
        used = {t for n in notes for t in n.theme_ids}
        themes = [
            t for t in self.themes.in_programme(self.programme_id(session_id)) if t.id in used
        ]
        return GroupNotes(
            programme=str(session["programme"]),
            session=str(session["title"]),
            group=self.group_name(group_id),
            sections=tuple(self.notes.sections(session_id, group_id)),
            notes=tuple(notes),
            themes=tuple(themes),
            evidence=tuple(self.evidence.of_group(session_id, group_id)),
            plan=None if session["plan"] is None else str(session["plan"]),
            people=tuple(
                str(r["name"])
                for r in rows(self.db, "SELECT name FROM members WHERE group_id = ?", [group_id])
                if r["name"]
            ),
        )
