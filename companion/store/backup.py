"""Rotating backups of the database with SQLite's online backup API, and restoring one.

One backup a day (``companion-YYYY-MM-DD.db``), the newest fourteen kept.
A backup is a consistent copy even while the app is writing. The database is
checked before it is copied and the copy after, so a damaged or empty
database never replaces a good backup: older good ones are never rotated out
by bad ones. Restoring first backs up the current database
(``companion-before-restore-…``), then copies the chosen backup over it page
by page through SQLite, so the WAL stays right; it refuses while the app has
the database open. Evidence files are kept by hash beside the database and
are not copied.
"""

from __future__ import annotations

import os
import re
import shutil
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database

from companion.errors import CompanionError
from companion.paths import data_dir, private_dir
from companion.store.app_lock import app_is_running
from companion.store.database import damage, schema_problem

KEEP = 14
_DAILY = re.compile(r"companion-\d{4}-\d{2}-\d{2}\.db")


class BackupError(CompanionError):
    """A backup could not be made or restored."""


def backup_dir() -> Path:
    return private_dir(data_dir() / "backups")


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of the database ``source`` at ``target`` (atomic, 0600)."""
    tmp = target.with_name(target.name + ".tmp")
    tmp.unlink(missing_ok=True)
    os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT, 0o600))
    src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    dst = sqlite3.connect(str(tmp))
    try:
        src.backup(dst)
        dst.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
    except sqlite3.Error as error:
        tmp.unlink(missing_ok=True)
        raise BackupError(f"Could not back up {source} ({error}).") from error
    finally:
        dst.close()
        src.close()
    os.replace(tmp, target)
    os.chmod(target, 0o600)


def make_backup(
    database: Path, folder: Path | None = None, *, today: datetime | None = None, keep: int = KEEP
) -> Path:
    """Back up ``database`` as today's backup (replacing one made earlier today); rotate.

    Refuses, keeping every backup as it is, when the database is damaged or
    not a Companion database: the backups are then the only good copies.
    """
    database = Path(database)
    if not database.is_file():
        raise BackupError(f"There is no database at {database} to back up yet.")
    try:
        check_backup(database)
    except BackupError as error:
        raise BackupError(
            f"The database was not backed up, so the backups stay as they are: {error} "
            "Restore the newest good backup with 'companion restore' "
            "(list them with 'companion backup --list')."
        ) from error
    folder = private_dir(folder or backup_dir())
    stamp = (today or datetime.now(timezone.utc)).strftime("%Y-%m-%d")
    target = folder / f"companion-{stamp}.db"
    scratch = folder / f".companion-{stamp}.checking"
    _copy(database, scratch)
    try:
        check_backup(scratch)  # the copy itself reads back whole before it replaces anything
    except BackupError:
        scratch.unlink(missing_ok=True)
        raise
    os.replace(scratch, target)
    rotate(folder, keep)
    return target


def backup_if_due(
    database: Path, folder: Path | None = None, *, today: datetime | None = None
) -> Path | None:
    """Make today's backup unless it exists (call at start and now and then)."""
    folder = folder or backup_dir()
    stamp = (today or datetime.now(timezone.utc)).strftime("%Y-%m-%d")
    if (folder / f"companion-{stamp}.db").exists() or not Path(database).is_file():
        return None
    return make_backup(database, folder, today=today)


def backups(folder: Path | None = None) -> list[Path]:
    """Daily backups, newest first."""
    folder = folder or backup_dir()
    return sorted(
        (p for p in folder.glob("companion-*.db") if _DAILY.fullmatch(p.name)), reverse=True
    )


def rotate(folder: Path, keep: int = KEEP) -> list[Path]:
    """Delete all but the newest ``keep`` daily backups; return those deleted."""
    old = backups(folder)[keep:]
    for path in old:
        path.unlink(missing_ok=True)
    return old


def check_backup(path: Path) -> None:
    """Refuse a file that is not a whole, readable Companion database (by its schema)."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"There is no backup at {path}.")
    if path.stat().st_size == 0:
        raise BackupError(f"{path} is empty.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            problem = schema_problem(Database(connection))
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BackupError(f"{path} is not a readable database ({error}).") from error
    if result != "ok":
        raise BackupError(f"{path} is damaged ({result}).")
    if problem is not None:
        raise BackupError(f"{path} is not a Companion database ({problem}).")


def restore(backup: Path, database: Path, folder: Path | None = None) -> Path | None:
    """Replace ``database`` with ``backup``; returns the safety copy of what was there.

    Refuses while the app has the database open: its open connection would
    keep writing into pages that the restore replaced.
    """
    check_backup(backup)
    if app_is_running(Path(database)):
        raise BackupError(
            "The Companion app has this database open. Close the app, then restore again."
        )
    safety = None
    if Path(database).is_file():
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d-%H%M%S")
        safety = private_dir(folder or backup_dir()) / f"companion-before-restore-{stamp}.db"
        if damage(Path(database)) is None:
            _copy(Path(database), safety)
        else:  # a damaged database cannot be copied page by page: keep the file as it is
            shutil.copyfile(database, safety)
            os.chmod(safety, 0o600)
    private_dir(Path(database).parent)
    if not Path(database).exists():
        os.close(os.open(database, os.O_WRONLY | os.O_CREAT, 0o600))
    src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
    dst = sqlite3.connect(str(database), timeout=5)
    try:
        src.backup(dst)
    except sqlite3.Error as error:
        raise BackupError(
            f"Could not restore {backup} ({error}); close Companion and try again."
        ) from error
    finally:
        dst.close()
        src.close()
    return safety
