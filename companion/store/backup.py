"""Rotating backups of the database with SQLite's online backup API, and restoring one.

One backup a day (``companion-YYYY-MM-DD.db``), the newest fourteen kept.
A backup is a consistent copy even while the app is writing. Restoring first
backs up the current database (``companion-before-restore-…``), then copies
the chosen backup over it page by page through SQLite, so the WAL stays right.
Evidence files are kept by hash beside the database and are not copied.
"""

from __future__ import annotations

import os
import re
import sqlite3
from datetime import datetime, timezone
from pathlib import Path

from companion.errors import CompanionError
from companion.paths import data_dir, private_dir

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
    """Back up ``database`` as today's backup (replacing one made earlier today); rotate."""
    if not Path(database).is_file():
        raise BackupError(f"There is no database at {database} to back up yet.")
    folder = private_dir(folder or backup_dir())
    stamp = (today or datetime.now(timezone.utc)).strftime("%Y-%m-%d")
    target = folder / f"companion-{stamp}.db"
    _copy(Path(database), target)
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
    """Refuse a file that is not a whole, readable Companion database."""
    if not Path(path).is_file():
        raise BackupError(f"There is no backup at {path}.")
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            result = connection.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {r[0] for r in connection.execute("SELECT name FROM sqlite_master")}
        finally:
            connection.close()
    except sqlite3.Error as error:
        raise BackupError(f"{path} is not a readable database ({error}).") from error
    if result != "ok":
        raise BackupError(f"{path} is damaged ({result}); choose another backup.")
    if "_sqlite_migrations" not in tables or "sessions" not in tables:
        raise BackupError(f"{path} is not a Companion database.")


def restore(backup: Path, database: Path, folder: Path | None = None) -> Path | None:
    """Replace ``database`` with ``backup``; returns the safety copy of what was there."""
    check_backup(backup)
    safety = None
    if Path(database).is_file():
        stamp = datetime.now(timezone.utc).strftime("%Y-%m-%d-%H%M%S")
        safety = private_dir(folder or backup_dir()) / f"companion-before-restore-{stamp}.db"
        _copy(Path(database), safety)
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
