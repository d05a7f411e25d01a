"""The database is never lost: damaged or emptied files, backups, restore, concurrent writers."""

from __future__ import annotations

import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

import pytest

from companion.cli.commands import main
from companion.notes import demo
from companion.notes.bundle import write_bundle
from companion.notes.notebook import Notebook
from companion.store import backup
from companion.store.app_lock import hold_for_app
from companion.store.database import (
    DatabaseDamaged,
    DatabaseMissing,
    check_usable,
    open_database,
)
from companion.store.db import default_path
from companion.store.recovery import newest_good_backup, prepare_recovery, set_aside


def _fill(path: Path, notes: int, group: str = "Group A") -> None:
    book = Notebook(open_database(path))
    try:
        session, group_id = demo.group_session(book, group)
        demo.fill(book, session, group_id, notes)
    finally:
        book.close()


def _damage(path: Path) -> None:
    """Scribble over the pages after the first, as a failing disk would."""
    data = bytearray(path.read_bytes())
    assert len(data) > 8192
    data[4096:8192] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def _notes(path: Path) -> int:
    db = open_database(path)
    try:
        return int(db.execute("SELECT count(*) FROM notes").fetchone()[0])
    finally:
        db.close()


def test_a_damaged_database_is_refused_with_a_sentence_and_left_untouched(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    _fill(path, 30)
    _damage(path)
    before = path.read_bytes()
    with pytest.raises(DatabaseDamaged, match=r"is damaged .*companion restore"):
        open_database(path)
    assert path.read_bytes() == before


def test_an_emptied_or_missing_database_is_not_recreated_when_backups_exist(
    tmp_path: Path,
) -> None:
    path = tmp_path / "companion.db"
    _fill(path, 3)
    backup.make_backup(path, tmp_path / "backups")
    path.write_bytes(b"")
    with pytest.raises(DatabaseDamaged, match="is empty, but backups of it exist"):
        check_usable(path)
    path.unlink()
    with pytest.raises(DatabaseMissing, match="is missing, but backups of it exist"):
        open_database(path)
    assert not path.exists()
    # A first start, with no backups anywhere, makes a new database as before.
    fresh = tmp_path / "new" / "companion.db"
    open_database(fresh).close()
    assert fresh.exists()


def test_backup_of_a_damaged_database_keeps_the_good_backup(
    companion_home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = default_path()
    _fill(path, 20)
    assert main(["backup"]) == 0
    (good,) = backup.backups()
    kept = good.read_bytes()
    _damage(path)
    assert main(["backup"]) == 2
    error = capsys.readouterr().err
    assert "backups stay as they are" in error and "Traceback" not in error
    assert backup.backups() == [good] and good.read_bytes() == kept
    # The good backup brings the data back; what was damaged is kept as a safety copy.
    assert main(["restore", good.name]) == 0
    assert _notes(path) == 20


def test_an_empty_database_never_replaces_a_backup(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    _fill(path, 2)
    folder = tmp_path / "backups"
    good = backup.make_backup(path, folder)
    path.write_bytes(b"")
    with pytest.raises(backup.BackupError, match="empty"):
        backup.make_backup(path, folder)
    assert backup.backups(folder) == [good] and _notes(good) == 2


def test_a_backup_must_be_a_companion_database_by_its_schema(tmp_path: Path) -> None:
    lookalike = tmp_path / "lookalike.db"
    import sqlite3

    connection = sqlite3.connect(lookalike)
    connection.executescript(
        "CREATE TABLE _sqlite_migrations (id INTEGER PRIMARY KEY, migration_set TEXT, name TEXT,"
        " applied_at TEXT); CREATE TABLE sessions (x);"
    )
    connection.close()
    with pytest.raises(backup.BackupError, match="not a Companion database"):
        backup.check_backup(lookalike)


def test_restore_refuses_while_the_app_has_the_database_open(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    _fill(path, 2)
    made = backup.make_backup(path, tmp_path / "backups")
    lock = hold_for_app(path)
    assert lock is not None
    try:
        with pytest.raises(backup.BackupError, match="Close the app"):
            backup.restore(made, path, tmp_path / "backups")
    finally:
        lock.release()
    assert backup.restore(made, path, tmp_path / "backups") is not None


def test_recovery_keeps_the_damaged_file_and_offers_the_newest_good_backup(
    tmp_path: Path,
) -> None:
    path = tmp_path / "companion.db"
    _fill(path, 5)
    folder = tmp_path / "backups"
    older = backup.make_backup(path, folder, today=datetime(2026, 11, 1, tzinfo=timezone.utc))
    newer = backup.make_backup(path, folder, today=datetime(2026, 11, 2, tzinfo=timezone.utc))
    newer.write_bytes(b"not a database at all" * 300)  # the newest backup went bad too
    _damage(path)
    recovery = prepare_recovery(path, "The database is damaged.")
    assert recovery.backup == older == newest_good_backup(folder)
    assert recovery.kept_as is not None and recovery.kept_as.exists() and not path.exists()
    assert "damaged" in recovery.kept_as.name and older.name in recovery.question()


def test_set_aside_moves_the_write_ahead_log_with_the_file(tmp_path: Path) -> None:
    path = tmp_path / "companion.db"
    db = open_database(path)
    db.execute("CREATE TABLE kept (x)")
    wal = Path(f"{path}-wal")
    assert wal.exists()
    kept = set_aside(path, datetime(2026, 11, 30, 9, 0, tzinfo=timezone.utc))
    db.close()
    assert kept == tmp_path / "companion-damaged-2026-11-30-090000.db"
    assert not path.exists() and not wal.exists()


def test_four_imports_started_together_all_land(tmp_path: Path, companion_home: Path) -> None:
    bundles = []
    for index in range(4):
        group_db = tmp_path / f"group{index}" / "companion.db"
        _fill(group_db, 40, group=f"Group {index + 1}")
        book = Notebook(open_database(group_db))
        try:
            target = tmp_path / f"group{index}.companion-notes.zip"
            bundles.append(write_bundle(book, 1, 1, target))
        finally:
            book.close()
    open_database().close()  # the lead's database exists before they race
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "companion.cli", "import", str(bundle)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for bundle in bundles
    ]
    results = [(run.wait(timeout=120), run.stderr.read() if run.stderr else "") for run in runs]
    for run in runs:
        for stream in (run.stdout, run.stderr):
            if stream is not None:
                stream.close()
    assert results == [(0, "")] * 4
    lead = open_database()
    try:
        groups = lead.execute("SELECT count(DISTINCT group_id) FROM notes").fetchone()[0]
        assert groups == 4
        assert lead.execute("SELECT count(*) FROM notes").fetchone()[0] == 160
    finally:
        lead.close()
