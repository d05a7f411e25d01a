"""Importing group bundles into the lead's database: all or nothing, never twice.

A bundle is read and checked in memory first (``bundle_read``); then one
transaction adds its programme, session, group, sections, themes, notes and
evidence. Notes, themes and evidence keep the ids they were given when
written, so importing the same bundle again, or a later bundle of the same
group, adds nothing twice: a later version of a note replaces the earlier.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.notes.bundle_read import Bundle, read_bundle, refuse
from companion.notes.events import NotesChanged
from companion.notes.evidence import safe_filename, sniff_media_type
from companion.notes.notebook import Notebook
from companion.notes.store import rows
from companion.store.db import ensure_group, ensure_programme, now, write_transaction


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What one bundle brought."""

    path: str
    programme: str
    session: str
    group: str
    session_id: int
    group_id: int
    added: int  # new notes
    updated: int  # notes replaced by a later version
    evidence: int  # new evidence items
    already: bool  # this exact bundle had been imported before: nothing changed

    def sentence(self) -> str:
        where = f"{self.group}, {self.session}"
        if self.already:
            return f"{where}: already imported, nothing changed."
        return (
            f"{where}: {self.added} new notes, {self.updated} updated, "
            f"{self.evidence} evidence files."
        )


def import_bundle(notebook: Notebook, path: Path) -> ImportResult:
    """Import one bundle file; raises ``BundleError`` (database unchanged) if refused."""
    bundle = read_bundle(path)
    return import_checked(notebook, bundle, str(path))


def import_checked(notebook: Notebook, bundle: Bundle, where: str = "") -> ImportResult:
    db = notebook.db
    data = bundle.notes
    previous = rows(db, "SELECT * FROM notes_imports WHERE sha256 = ?", [bundle.sha256])
    if previous:
        return ImportResult(
            where,
            data["programme"],
            data["session"],
            data["group"],
            int(previous[0]["session_id"] or 0),
            int(previous[0]["group_id"] or 0),
            0,
            0,
            0,
            True,
        )
    # Files first (content-addressed, harmless if the transaction then fails).
    kept = [notebook.evidence.keep_bytes(blob) for blob in bundle.files.values()]
    try:
        with write_transaction(db):
            result = _write(notebook, bundle, where)
    except BaseException:
        notebook.evidence.remove_unused(kept)
        raise
    notebook.events.emit(NotesChanged("bundle imported"))
    return result


def _write(notebook: Notebook, bundle: Bundle, where: str) -> ImportResult:
    db = notebook.db
    data = bundle.notes
    programme_id = ensure_programme(db, data["programme"])
    group_id = ensure_group(db, programme_id, data["group"])
    found = rows(
        db,
        "SELECT id FROM sessions WHERE programme_id = ? AND title = ? ORDER BY id",
        [programme_id, data["session"]],
    )
    if found:
        session_id = int(found[0]["id"])
    else:
        session_id = int(
            db.execute(
                "INSERT INTO sessions (programme_id, title, plan, created_at) VALUES (?, ?, ?, ?)",
                [programme_id, data["session"], data.get("plan"), now()],
            ).lastrowid
            or 0
        )
    sections = {
        s["title"]: notebook.notes.ensure_section(
            session_id, group_id, s["title"], question_key=s.get("question_key")
        ).id
        for s in sorted(data["sections"], key=lambda s: int(s.get("position") or 0))
    }
    themes = {t["name"]: _theme(notebook, programme_id, t) for t in data["themes"]}
    added = updated = 0
    anonymised = data.get("anonymised") is True
    for note in data["notes"]:
        outcome = _note(db, note, sections[note["section"]], session_id, group_id, anonymised)
        added += outcome == "added"
        updated += outcome == "updated"
        note_id = int(db.execute("SELECT id FROM notes WHERE uid = ?", [note["uid"]]).fetchone()[0])
        for name in note.get("themes", []):
            db.execute(
                "INSERT OR IGNORE INTO note_themes (note_id, theme_id) VALUES (?, ?)",
                [note_id, themes[name]],
            )
    new_evidence = 0
    for item in data["evidence"]:
        if db.execute("SELECT 1 FROM evidence WHERE uid = ?", [item["uid"]]).fetchone():
            if anonymised:  # its words, and its section's title, may have named someone
                db.execute(
                    "UPDATE evidence SET filename = ?, caption = ?, alt_text = ?, section_id = ? "
                    "WHERE uid = ?",
                    [
                        safe_filename(item["filename"]),
                        item.get("caption") or "",
                        item.get("alt_text") or "",
                        sections.get(item.get("section") or ""),
                        item["uid"],
                    ],
                )
            continue
        blob = bundle.files[item["sha256"]]
        name = safe_filename(item["filename"])
        db.execute(
            "INSERT INTO evidence (uid, session_id, group_id, section_id, sha256, filename, "
            "media_type, size, caption, alt_text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                item["uid"],
                session_id,
                group_id,
                sections.get(item.get("section") or ""),
                item["sha256"],
                name,
                sniff_media_type(blob[:64], name),
                len(blob),
                item.get("caption") or "",
                item.get("alt_text") or "",
                now(),
            ],
        )
        new_evidence += 1
    if anonymised:
        _drop_named_sections(db, session_id, group_id, set(sections.values()))
    db.execute(
        "INSERT INTO notes_imports (sha256, imported_at, session_id, group_id, notes_added) "
        "VALUES (?, ?, ?, ?, ?)",
        [bundle.sha256, now(), session_id, group_id, added],
    )
    return ImportResult(
        where,
        data["programme"],
        data["session"],
        data["group"],
        session_id,
        group_id,
        added,
        updated,
        new_evidence,
        False,
    )


def _theme(notebook: Notebook, programme_id: int, theme: dict[str, Any]) -> int:
    """The lead's theme for a bundle's theme: same id, else same name (any case), else new."""
    db = notebook.db
    same = db.execute(
        "SELECT id FROM themes WHERE uid = ? AND programme_id = ?", [theme["uid"], programme_id]
    ).fetchone()
    if same:
        return int(same[0])
    named = notebook.themes.find(programme_id, theme["name"])
    if named is not None:
        return named.id
    uid_taken = db.execute("SELECT 1 FROM themes WHERE uid = ?", [theme["uid"]]).fetchone()
    return notebook.themes.create(
        programme_id,
        theme["name"],
        theme.get("description") or "",
        colour=theme.get("colour") or None,
        symbol=theme.get("symbol") or None,
        uid=None if uid_taken else theme["uid"],
    ).id


_NAMED = ("text", "speaker", "consent", "owner", "due")  # the fields anonymising changes


def _drop_named_sections(db: Any, session_id: int, group_id: int, kept: set[int]) -> None:
    """Remove the group's sections an anonymised bundle left empty (their titles named people)."""
    for row in db.execute(
        "SELECT id FROM notes_sections s WHERE session_id = ? AND group_id = ? "
        "AND NOT EXISTS (SELECT 1 FROM notes n WHERE n.section_id = s.id) "
        "AND NOT EXISTS (SELECT 1 FROM evidence e WHERE e.section_id = s.id)",
        [session_id, group_id],
    ).fetchall():
        if int(row[0]) not in kept:
            db.execute("DELETE FROM notes_sections WHERE id = ?", [int(row[0])])


def _note(
    db: Any,
    note: dict[str, Any],
    section_id: int,
    session_id: int,
    group_id: int,
    anonymised: bool = False,
) -> str:
    values = {
        "section_id": section_id,
        "session_id": session_id,
        "group_id": group_id,
        "kind": note["kind"],
        "text": note["text"],
        "speaker": note.get("speaker") or "",
        "consent": note.get("consent") or "not_asked",
        "owner": note.get("owner") or "",
        "due": note.get("due") or "",
        "position": int(note.get("position") or 0),
        "updated_at": note.get("updated_at") or now(),
    }
    existing = db.execute(
        "SELECT updated_at, session_id, group_id, " + ", ".join(_NAMED) + ", section_id FROM notes "
        "WHERE uid = ?",
        [note["uid"]],
    ).fetchone()
    if existing is not None and (existing[1], existing[2]) != (session_id, group_id):
        raise refuse("it reuses the ids of notes that belong to another group or session.")
    if existing is None:
        values.update(
            uid=note["uid"], origin="imported", created_at=note.get("created_at") or now()
        )
        columns = ", ".join(values)
        db.execute(
            f"INSERT INTO notes ({columns}) VALUES ({', '.join('?' * len(values))})",
            list(values.values()),
        )
        return "added"
    if str(values["updated_at"]) <= str(existing[0]):
        if not anonymised:
            return "same"
        # An anonymised bundle of the same (or an older) version still takes the
        # names out: the lead must not keep what the group chose not to share.
        wanted = {k: values[k] for k in _NAMED}
        if str(values["updated_at"]) < str(existing[0]):
            wanted = {k: values[k] for k in ("speaker", "consent", "owner")}
        same = all(existing[3 + _NAMED.index(k)] == v for k, v in wanted.items())
        if same and existing[len(_NAMED) + 3] == section_id:
            return "same"
        # Its section too: a title that named someone is replaced by the anonymised one.
        values = {**wanted, "member_id": None, "section_id": section_id}
        if same:
            db.execute("UPDATE notes SET section_id = ? WHERE uid = ?", [section_id, note["uid"]])
            return "same"
    assignments = ", ".join(f"{k} = ?" for k in values)
    db.execute(f"UPDATE notes SET {assignments} WHERE uid = ?", [*values.values(), note["uid"]])
    return "updated"
