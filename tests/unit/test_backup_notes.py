"""Rotating daily backups through SQLite's backup API, and restoring one."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from companion.notes import demo
from companion.notes.notebook import Notebook
from companion.store import backup
from companion.store.database import open_database


def _book(path: Path, notes: int) -> tuple[int, int]:
    book = Notebook(open_database(path))
    try:
        session, group = demo.group_session(book, "Group A")
        demo.fill(book, session, group, notes)
        return session, group
    finally:
        book.close()


def test_daily_backups_rotate_after_a_fortnight(tmp_path: Path) -> None:
    database = tmp_path / "data" / "companion.db"
    _book(database, 5)
    folder = tmp_path / "backups"
    start = datetime(2026, 11, 1, tzinfo=timezone.utc)
    for day in range(20):
        made = backup.backup_if_due(database, folder, today=start + timedelta(days=day))
        assert made is not None and made.stat().st_mode & 0o777 == 0o600
    assert backup.backup_if_due(database, folder, today=start + timedelta(days=19)) is None
    kept = backup.backups(folder)
    assert len(kept) == backup.KEEP
    assert kept[0].name == "companion-2026-11-20.db" and kept[-1].name == "companion-2026-11-07.db"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_backup_while_another_connection_writes_is_consistent(tmp_path: Path) -> None:
    database = tmp_path / "companion.db"
    session, group = _book(database, 3)
    book = Notebook(open_database(database))
    try:
        section = book.notes.sections(session, group)[0]
        book.db.execute("BEGIN")
        book.db.execute(
            "INSERT INTO notes (uid, section_id, session_id, group_id, kind, text, created_at,"
            " updated_at) VALUES ('open', ?, ?, ?, 'note', 'uncommitted', 'x', 'x')",
            [section.id, session, group],
        )
        made = backup.make_backup(database, tmp_path / "b")
        book.db.execute("ROLLBACK")
    finally:
        book.close()
    connection = sqlite3.connect(made)
    assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert connection.execute("SELECT count(*) FROM notes").fetchone()[0] == 3
    connection.close()


def test_restore_brings_back_the_backup_and_keeps_a_safety_copy(tmp_path: Path) -> None:
    database = tmp_path / "companion.db"
    _book(database, 4)
    made = backup.make_backup(database, tmp_path / "b")
    book = Notebook(open_database(database))
    book.db.execute("DELETE FROM notes")
    book.close()
    safety = backup.restore(made, database, tmp_path / "b")
    assert safety is not None and safety.exists()
    book = Notebook(open_database(database))
    try:
        assert book.db.execute("SELECT count(*) FROM notes").fetchone()[0] == 4
        assert book.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        book.close()


def test_damaged_or_foreign_backups_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"SQLite format 3\x00" + b"\xff" * 2000)
    with pytest.raises(backup.BackupError):
        backup.restore(junk, tmp_path / "companion.db")
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(backup.BackupError, match="not a Companion database"):
        backup.check_backup(other)
    with pytest.raises(backup.BackupError, match="no backup"):
        backup.check_backup(tmp_path / "missing.db")
