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

from sqlite_utils import Database

from companion.errors import CompanionError
from companion.store.db import connect, default_path
from companion.store.migrations import MIGRATION_SETS


class DatabaseError(CompanionError):
    """The database cannot be opened: newer than this Companion, or damaged."""


class DatabaseNewer(DatabaseError):
    """A newer Companion migrated this database further than this one knows."""


RESTORE_ADVICE = (
    "Restore the newest backup with 'companion restore' (see 'companion backup --list')."
)


class DatabaseUnusable(DatabaseError):
    """Opening the file would lose data; ``problem`` says what is wrong, without advice.

    The command line prints the problem and how to restore; the app asks instead.
    """

    def __init__(self, problem: str) -> None:
        super().__init__(f"{problem} {RESTORE_ADVICE}")
        self.problem = problem


class DatabaseDamaged(DatabaseUnusable):
    """The file is not a whole SQLite database, or an empty file where data was kept."""


class DatabaseMissing(DatabaseUnusable):
    """No database, though backups say there was one: never recreated empty silently."""


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


# The core tables and the columns every version of Companion has had in them.
_CORE_COLUMNS = {
    "programmes": {"id", "name"},
    "groups": {"id", "programme_id", "name"},
    "sessions": {"id", "programme_id", "title"},
    "members": {"id", "group_id", "name"},
}


def schema_problem(db: Database) -> str | None:
    """Why ``db`` is not a Companion database of this or an older version (None: it is)."""
    applied = set(applied_migrations(db))
    if ("companion-core", "m001_programmes_sessions_groups") not in applied:
        return "it has none of Companion's tables"
    if applied - known_migrations():
        return "a newer version of Companion wrote it"
    for name, columns in _CORE_COLUMNS.items():
        found = {str(row[1]) for row in db.execute(f"PRAGMA table_info([{name}])").fetchall()}
        if not columns <= found:
            return f"its {name} table is not Companion's"
    return None


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
        raise DatabaseNewer(
            f"The database {path} was written by a newer version of Companion. "
            "Update Companion to open it, or restore a backup made by this version."
        )


def damage(path: Path) -> str | None:
    """What is wrong with the SQLite file at ``path`` (None: it reads back whole)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = str(connection.execute("PRAGMA quick_check").fetchone()[0])
        finally:
            connection.close()
    except sqlite3.Error as error:
        return str(error)
    return None if result == "ok" else result


def check_usable(path: Path) -> None:
    """Refuse a file that opening would harm: damaged, or empty/missing where data was kept.

    Backups beside the database (``backups/``) are the sign that there was data:
    a new install has none, so it starts with an empty database as it should.
    """
    had_data = any((path.parent / "backups").glob("companion-*.db"))
    if not path.exists():
        if had_data:
            raise DatabaseMissing(f"The database {path} is missing, but backups of it exist.")
        return
    if path.stat().st_size == 0:
        if had_data:
            raise DatabaseDamaged(f"The database {path} is empty, but backups of it exist.")
        return
    problem = damage(path)
    if problem is not None:
        raise DatabaseDamaged(f"The database {path} is damaged ({problem}).")


def open_database(path: Path | None = None, *, start_empty: bool = False) -> Database:
    """The database at ``path`` (default: the user data folder) with every feature's tables.

    Raises a ``DatabaseError`` with a sentence, and writes nothing, when the
    file is damaged, newer than this Companion, or gone while backups exist
    (unless the person chose ``start_empty`` after the old one was set aside).
    """
    path = path or default_path()
    if not (start_empty and not path.exists()):
        check_usable(path)
    check_not_newer(path)
    try:
        db = Database(connect(path))
        for migrations in MIGRATION_SETS:
            migrations.apply(db)
    except sqlite3.DatabaseError as error:
        raise DatabaseError(
            f"Could not open the database {path} ({error}). "
            "If another Companion is busy with it, try again in a moment."
        ) from error
    for suffix in ("", "-wal", "-shm"):
        sidecar = Path(f"{path}{suffix}")
        try:
            if sidecar.exists() and sidecar.stat().st_mode & 0o777 != 0o600:
                os.chmod(sidecar, 0o600)
        except OSError:
            pass  # a read-only folder or medium: reading still works
    return db
