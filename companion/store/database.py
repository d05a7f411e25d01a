"""Opening the one database: private, durable, every feature's tables in a fixed order.

``open_database`` is called once by whoever starts the app or a command; the
features receive the open ``Database`` and never open their own. The
migration sets are an explicit, ordered list (nothing registers itself on
import), so the schema never depends on which modules happened to load first.
A database that a newer Companion has migrated further is refused with a
sentence before anything is written to it.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlite_utils import Database, Migrations

from companion.errors import CompanionError
from companion.facilitation.schema import migrations as facilitation_migrations
from companion.notes.schema import migrations as notes_migrations
from companion.store.db import connect, core, default_path
from companion.turns.schema import migrations as turns_migrations

# The order tables are created in: the core's programmes, groups, sessions and
# members first, then each feature whose tables refer to them.
MIGRATION_SETS: tuple[Migrations, ...] = (
    core,
    facilitation_migrations,
    turns_migrations,
    notes_migrations,
)


class DatabaseError(CompanionError):
    """The database cannot be opened: newer than this Companion, or damaged."""


def known_migrations() -> set[tuple[str, str]]:
    """Every (migration set, migration name) this version of Companion knows."""
    return {
        (migrations.name, migration.name)
        for migrations in MIGRATION_SETS
        for migration in migrations._migrations
    }


def applied_migrations(db: Database) -> list[tuple[str, str]]:
    """The (set, name) pairs applied to ``db``, oldest first (none for a new file)."""
    if "_sqlite_migrations" not in db.table_names():
        return []
    rows = db.execute("SELECT migration_set, name FROM _sqlite_migrations ORDER BY id").fetchall()
    return [(str(row[0]), str(row[1])) for row in rows]


def check_not_newer(path: Path) -> None:
    """Refuse a database with migrations this Companion does not know (a newer one wrote it)."""
    if not path.exists() or path.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error:
        return  # opening it for real says what is wrong
    try:
        applied = set(applied_migrations(Database(connection)))
    except sqlite3.Error:
        applied = set()  # damaged: opening it for real says so
    finally:
        connection.close()
    unknown = applied - known_migrations()
    if unknown:
        raise DatabaseError(
            f"The database {path} was written by a newer version of Companion. "
            "Update Companion to open it, or restore a backup made by this version."
        )


def open_database(path: Path | None = None) -> Database:
    """The database at ``path`` (default: the user data folder) with every feature's tables."""
    path = path or default_path()
    check_not_newer(path)
    try:
        db = Database(connect(path))
        for migrations in MIGRATION_SETS:
            migrations.apply(db)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            f"Could not open the database {path} ({error}). "
            "If it is damaged, restore a backup with 'companion restore'."
        ) from error
    for suffix in ("", "-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        if sidecar.exists():
            os.chmod(sidecar, 0o600)
    return db
