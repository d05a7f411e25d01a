"""The notes tables, as ``sqlite_utils.Migrations``, and opening a store that has them.

Importing this module registers the ``notes`` migration set with the store, so
every ``open_store`` afterwards creates and upgrades the notes tables too.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from companion.notes.model import NotesError
from companion.store import db as store

notes_migrations = store.register(Migrations("notes"))

_TABLES = """
CREATE TABLE notes_sections (
    id INTEGER PRIMARY KEY,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    title TEXT NOT NULL,
    question_key TEXT,
    plan_run_id INTEGER,
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX notes_sections_title ON notes_sections (session_id, group_id, title);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    section_id INTEGER NOT NULL REFERENCES notes_sections(id) ON DELETE CASCADE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    text TEXT NOT NULL,
    speaker TEXT NOT NULL DEFAULT '',
    member_id INTEGER REFERENCES members(id) ON DELETE SET NULL,
    consent TEXT NOT NULL DEFAULT 'not_asked',
    owner TEXT NOT NULL DEFAULT '',
    due TEXT NOT NULL DEFAULT '',
    shared INTEGER NOT NULL DEFAULT 1,
    position INTEGER NOT NULL DEFAULT 0,
    origin TEXT NOT NULL DEFAULT 'typed',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX notes_by_section ON notes (section_id, position);
CREATE INDEX notes_by_group ON notes (session_id, group_id);
CREATE INDEX notes_by_member ON notes (member_id);
CREATE TABLE themes (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    programme_id INTEGER NOT NULL REFERENCES programmes(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    colour TEXT NOT NULL DEFAULT '#1f77b4',
    symbol TEXT NOT NULL DEFAULT '●',
    created_at TEXT NOT NULL
);
CREATE UNIQUE INDEX themes_name ON themes (programme_id, name COLLATE NOCASE);
CREATE TABLE note_themes (
    note_id INTEGER NOT NULL REFERENCES notes(id) ON DELETE CASCADE,
    theme_id INTEGER NOT NULL REFERENCES themes(id) ON DELETE CASCADE,
    PRIMARY KEY (note_id, theme_id)
);
CREATE INDEX note_themes_by_theme ON note_themes (theme_id);
CREATE TABLE evidence (
    id INTEGER PRIMARY KEY,
    uid TEXT NOT NULL UNIQUE,
    session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
    group_id INTEGER NOT NULL REFERENCES groups(id) ON DELETE CASCADE,
    section_id INTEGER REFERENCES notes_sections(id) ON DELETE SET NULL,
    sha256 TEXT NOT NULL,
    filename TEXT NOT NULL,
    media_type TEXT NOT NULL,
    size INTEGER NOT NULL,
    caption TEXT NOT NULL DEFAULT '',
    alt_text TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX evidence_by_group ON evidence (session_id, group_id);
CREATE INDEX evidence_by_hash ON evidence (sha256);
CREATE TABLE notes_imports (
    sha256 TEXT PRIMARY KEY,
    imported_at TEXT NOT NULL,
    session_id INTEGER REFERENCES sessions(id) ON DELETE CASCADE,
    group_id INTEGER REFERENCES groups(id) ON DELETE CASCADE,
    notes_added INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE notes_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@notes_migrations()
def m001_notes_themes_evidence(db: Database) -> None:
    db.executescript(_TABLES)
    store.table(db, "notes").enable_fts(
        ["text", "speaker", "owner"], create_triggers=True, tokenize="porter unicode61"
    )


def known_migrations() -> set[str]:
    return {m.name for m in notes_migrations._migrations}


def check_not_newer(path: Path) -> None:
    """Refuse a database that a newer Companion has upgraded beyond what this one knows."""
    if not path.exists():
        return
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # open_store will say what is wrong
    try:
        rows = connection.execute(
            "SELECT name FROM _sqlite_migrations WHERE migration_set = 'notes'"
        ).fetchall()
    except sqlite3.Error:
        rows = []  # a new or older database
    finally:
        connection.close()
    unknown = {r[0] for r in rows} - known_migrations()
    if unknown:
        raise NotesError(
            f"The notes database {path} was written by a newer version of Companion. "
            "Update Companion to open it, or restore a backup made by this version."
        )


def open_notes_db(path: Path | None = None) -> Database:
    """The store at ``path`` (default: the user data folder) with the notes tables."""
    path = path or store.default_path()
    check_not_newer(path)
    try:
        return store.open_store(path)
    except sqlite3.DatabaseError as error:
        raise NotesError(
            f"Could not open the notes database {path} ({error}). "
            "If it is damaged, restore a backup with 'companion restore'."
        ) from error


def db_path(db: Database) -> Path:
    """The file a database was opened from."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])
