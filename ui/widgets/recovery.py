"""Opening the database at start, and recovering when it cannot be opened.

A damaged, emptied or missing database never stops the app: it is kept
aside under a clear name, the person is asked whether to restore the newest
good backup, and captions and facilitation work whatever they choose. A
database from a newer Companion is left untouched and the data areas stay
closed, with a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock
from PySide6.QtWidgets import QMessageBox, QWidget
from sqlite_utils import Database

from companion.errors import CompanionError
from companion.store.app_lock import hold_for_app
from companion.store.database import (
    DatabaseError,
    DatabaseUnusable,
    open_database,
)
from companion.store.db import default_path
from companion.store.recovery import Recovery, prepare_recovery, restore_backup

Ask = Callable[[QWidget | None, Recovery], bool]


def ask_restore(parent: QWidget | None, recovery: Recovery) -> bool:
    """Ask whether to restore the offered backup (True) or start with an empty database."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Companion", recovery.question(), parent=parent)
    box.setObjectName("database_recovery")
    box.setAccessibleName("The database could not be opened")
    if recovery.backup is None:
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.exec()
        return False
    restore = box.addButton("&Restore the backup", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("Start &empty", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(restore)
    box.exec()
    return box.clickedButton() is restore


@dataclass
class AppDatabase:
    """The app's database (None while it must stay closed) and what to tell the person."""

    db: Database | None
    notice: str | None = None
    lock: FileLock | None = None  # held until the app quits, so a restore waits for it

    def close(self) -> None:
        if self.db is not None:
            self.db.close()
        if self.lock is not None:
            self.lock.release()


def open_or_recover(
    parent: QWidget | None, ask: Ask = ask_restore, path: Path | None = None
) -> AppDatabase:
    """Open the app's database, recovering from a damaged or missing one as the person chooses."""
    path = path or default_path()
    try:
        return AppDatabase(open_database(path), None, hold_for_app(path))
    except DatabaseUnusable as error:
        try:
            recovery = prepare_recovery(path, error.problem)
        except OSError as problem:  # a read-only or full folder: the file cannot be moved
            return AppDatabase(
                None,
                f"{error} It could not be kept aside ({problem.strerror or problem}), so "
                f"Notes, turns and the lead's view are closed for now.",
            )
    except DatabaseError as error:  # newer than this Companion, or busy: leave it alone
        return AppDatabase(None, f"{error} Notes, turns and the lead's view are closed for now.")
    try:
        if ask(parent, recovery):
            restore_backup(recovery, path)
            notice = f"Restored {recovery.backup.name if recovery.backup else 'the backup'}."
        else:
            notice = "Started with an empty database."
        kept = f" The damaged file is kept as {recovery.kept_as}." if recovery.kept_as else ""
        return AppDatabase(open_database(path, start_empty=True), notice + kept, hold_for_app(path))
    except CompanionError as error:
        return AppDatabase(None, f"{error} Notes, turns and the lead's view are closed for now.")
    except OSError as error:  # a full or read-only folder while restoring
        return AppDatabase(
            None,
            f"The backup could not be put in place ({error.strerror or error}). Free some disk "
            "space or check the data folder, then start Companion again. Notes, turns and the "
            "lead's view are closed for now.",
        )
