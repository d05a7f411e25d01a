"""The notes tables (sections, notes, themes, evidence, imports): the "notes" migration set."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from companion.store import db as store

migrations = Migrations("notes")

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


@migrations()
def m001_notes_themes_evidence(db: Database) -> None:
    db.executescript(_TABLES)
    store.table(db, "notes").enable_fts(
        ["text", "speaker", "owner"], create_triggers=True, tokenize="porter unicode61"
    )
