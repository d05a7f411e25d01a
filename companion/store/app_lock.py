"""The app's claim on its database, so a restore never swaps the file under it.

The running app holds an OS file lock beside the database for as long as it
has it open (released by the OS even if the app is killed). Commands that
would replace the whole file ask ``app_is_running`` first; ordinary commands
share the database with the app through SQLite's own locking.
"""

from __future__ import annotations

from pathlib import Path

from filelock import FileLock, Timeout


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".app-lock")


def hold_for_app(database: Path) -> FileLock | None:
    """Claim ``database`` for this app; keep the returned lock until the app quits.

    None when another app holds it already (the two share it through SQLite),
    or when the folder does not let the lock file be made (read-only): the app
    still opens, it only cannot keep a restore from running under it.
    """
    lock = FileLock(lock_path(database), mode=0o600)
    try:
        lock.acquire(timeout=0)
    except (Timeout, OSError):
        return None
    return lock


def app_is_running(database: Path) -> bool:
    """Whether an app holds ``database`` open now."""
    path = lock_path(database)
    if not path.exists():
        return False
    probe = FileLock(path, mode=0o600)
    try:
        probe.acquire(timeout=0)
    except Timeout:
        return True
    except OSError:  # cannot even take the lock to look: assume the app may have it
        return True
    probe.release()
    return False
