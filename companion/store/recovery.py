"""What to do when the database cannot be opened at start: keep it aside, offer a backup.

The app never works on a damaged file and never silently starts empty over
one that had data. ``set_aside`` keeps the damaged file (and its WAL) under a
clear name beside it; ``newest_good_backup`` finds the backup to offer; the
person chooses between restoring it and starting with an empty database,
while captions and facilitation work either way.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from companion.store.backup import BackupError, backups, check_backup, restore


@dataclass(frozen=True, slots=True)
class Recovery:
    """A damaged or missing database, and what can be done about it."""

    problem: str  # the sentence that says what is wrong
    kept_as: Path | None  # where the damaged file was put aside, if there was one
    backup: Path | None  # the newest backup that reads back whole, if any

    def question(self) -> str:
        """The sentence the person answers: restore the backup, or start empty."""
        kept = f" The damaged file is kept as {self.kept_as.name}." if self.kept_as else ""
        if self.backup is None:
            return (
                f"{self.problem}{kept} There is no good backup to restore, so Companion "
                "starts with an empty database; captions and facilitation work as usual."
            )
        return (
            f"{self.problem}{kept} Restore the newest good backup, {self.backup.name}? "
            "Notes written since that backup are not in it."
        )


def set_aside(database: Path, now: datetime | None = None) -> Path | None:
    """Move ``database`` and its sidecars to ``companion-damaged-<time>.db``; the new name."""
    if not database.exists():
        return None
    stamp = (now or datetime.now(timezone.utc)).strftime("%Y-%m-%d-%H%M%S")
    kept = database.with_name(f"{database.stem}-damaged-{stamp}{database.suffix}")
    for suffix in ("-wal", "-shm"):
        sidecar = Path(f"{database}{suffix}")
        if sidecar.exists():
            os.replace(sidecar, Path(f"{kept}{suffix}"))
    os.replace(database, kept)
    return kept


def newest_good_backup(folder: Path) -> Path | None:
    """The newest daily backup in ``folder`` that is a whole Companion database."""
    for candidate in backups(folder):
        try:
            check_backup(candidate)
        except BackupError:
            continue
        return candidate
    return None


def prepare_recovery(database: Path, problem: str) -> Recovery:
    """Keep the unusable database aside and find the backup to offer."""
    return Recovery(problem, set_aside(database), newest_good_backup(database.parent / "backups"))


def restore_backup(recovery: Recovery, database: Path) -> None:
    """Put the offered backup in place of the database that was set aside."""
    if recovery.backup is None:
        raise BackupError("There is no good backup to restore.")
    restore(recovery.backup, database, database.parent / "backups")
