from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from companion.store import db as store
from companion.store.database import (
    MIGRATION_SETS,
    DatabaseError,
    applied_migrations,
    known_migrations,
    open_database,
)
from companion.store.migrations.core import migrations as core_migrations


def test_store_is_private_durable_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "data" / "companion.db"
    database = open_database(path)
    try:
        assert path.stat().st_mode & 0o777 == 0o600
        assert path.parent.stat().st_mode & 0o777 == 0o700
        assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert {"programmes", "groups", "sessions", "members"} <= set(database.table_names())
    finally:
        database.close()


def test_reopening_applies_nothing_twice_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    first = open_database(path)
    programme = store.ensure_programme(first, "Inclusive leadership")
    group = store.ensure_group(first, programme, "Group 3")
    first.close()
    second = open_database(path)
    try:
        assert store.ensure_programme(second, "Inclusive leadership") == programme
        assert store.ensure_group(second, programme, "Group 3") == group
        assert second["groups"].count == 1
    finally:
        second.close()


def test_every_feature_set_is_applied_in_the_fixed_order(tmp_path: Path) -> None:
    database = open_database(tmp_path / "f.db")
    try:
        applied = [name for name, _migration in applied_migrations(database)]
        assert sorted(set(applied), key=applied.index) == [m.name for m in MIGRATION_SETS]
        assert set(applied_migrations(database)) == known_migrations()
        assert {"plan_runs", "turns_summaries", "notes", "themes"} <= set(database.table_names())
    finally:
        database.close()


@pytest.mark.parametrize(
    "imports",
    [
        [],
        ["companion.notes.notebook", "companion.turns.summary", "companion.facilitation.record"],
        ["companion.facilitation.record", "companion.turns.summary", "companion.notes.notebook"],
    ],
)
def test_the_schema_does_not_depend_on_what_was_imported_first(
    tmp_path: Path, imports: list[str]
) -> None:
    path = tmp_path / "order.db"
    code = (
        "import importlib, sys\n"
        f"for name in {imports!r}:\n"
        "    importlib.import_module(name)\n"
        "from companion.store.database import applied_migrations, open_database\n"
        "db = open_database(__import__('pathlib').Path(sys.argv[1]))\n"
        "print(applied_migrations(db), sorted(db.table_names()))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(path)], capture_output=True, text=True, check=True
    )
    expected = open_database(tmp_path / "reference.db")
    try:
        reference = f"{applied_migrations(expected)} {sorted(expected.table_names())}"
    finally:
        expected.close()
    assert result.stdout.strip() == reference


@pytest.mark.parametrize("migration_set", [m.name for m in MIGRATION_SETS] + ["transcripts"])
def test_a_database_from_a_newer_version_is_refused_untouched(
    tmp_path: Path, migration_set: str
) -> None:
    path = tmp_path / "c.db"
    open_database(path).close()
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) VALUES (?, ?, ?)",
        [migration_set, "m099_from_the_future", "later"],
    )
    connection.commit()
    connection.close()
    before = path.read_bytes()
    with pytest.raises(DatabaseError, match="newer version of Companion"):
        open_database(path)
    assert path.read_bytes() == before


def test_a_damaged_database_is_a_sentence_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "damaged.db"
    path.write_bytes(b"this is not a database" * 100)
    with pytest.raises(DatabaseError, match=r"is damaged.*companion restore"):
        open_database(path)


def test_a_forgotten_member_keeps_no_name_and_leaves_the_roster(tmp_path: Path) -> None:
    database = open_database(tmp_path / "m.db")
    try:
        programme = store.ensure_programme(database, "P")
        group = store.ensure_group(database, programme, "G")
        member = store.insert(
            database,
            "members",
            {"group_id": group, "name": "Aisha Rahman", "pronouns": "she/her", "position": 0},
        )
        store.insert(database, "members", {"group_id": group, "name": "removed", "position": 1})
        store.forget_member_row(database, member)
        row = database.execute("SELECT * FROM members WHERE id = ?", [member]).fetchone()
        assert "Aisha" not in repr(row) and "she/her" not in repr(row)
        forgotten = database.execute(
            "SELECT name FROM members WHERE forgotten_at IS NOT NULL"
        ).fetchall()
        # A person really called "removed" is not mistaken for a forgotten member.
        kept = database.execute("SELECT name FROM members WHERE forgotten_at IS NULL").fetchall()
        assert forgotten == [("",)] and kept == [("removed",)]
    finally:
        database.close()


def test_an_old_removed_marker_becomes_a_forgotten_member(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    database = Database(store.connect(path))
    core_migrations.apply(database, stop_before="m002_members_forgotten")
    programme = store.ensure_programme(database, "P")
    group = store.ensure_group(database, programme, "G")
    database.execute(
        "INSERT INTO members (group_id, name, position, created_at) VALUES (?, 'removed', 0, 'x')",
        [group],
    )
    database.conn.commit()
    database.close()
    database = open_database(path)
    try:
        rows = database.execute("SELECT name, forgotten_at FROM members").fetchall()
        assert rows == [("", "x")]
    finally:
        database.close()


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    database = open_database(tmp_path / "fk.db")
    try:
        try:
            database["groups"].insert({"programme_id": 999, "name": "x"})
        except sqlite3.IntegrityError:
            pass
        else:
            raise AssertionError("a group without its programme was accepted")
    finally:
        database.close()
