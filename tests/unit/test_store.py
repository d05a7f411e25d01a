from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Migrations

from companion.store import db as store


def test_store_is_private_durable_and_migrated(tmp_path: Path) -> None:
    path = tmp_path / "data" / "companion.db"
    database = store.open_store(path)
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
    first = store.open_store(path)
    programme = store.ensure_programme(first, "Inclusive leadership")
    group = store.ensure_group(first, programme, "Group 3")
    first.close()
    second = store.open_store(path)
    try:
        assert store.ensure_programme(second, "Inclusive leadership") == programme
        assert store.ensure_group(second, programme, "Group 3") == group
        assert second["groups"].count == 1
    finally:
        second.close()


def test_feature_migrations_run_after_the_core(tmp_path: Path) -> None:
    feature = store.register(Migrations("test-feature"))

    @feature()
    def m001_widgets(database):  # type: ignore[no-untyped-def]
        database["widgets"].create(
            {"id": int, "group_id": int}, pk="id", foreign_keys=[("group_id", "groups", "id")]
        )

    try:
        database = store.open_store(tmp_path / "f.db")
        assert "widgets" in database.table_names()
        database.close()
    finally:
        store._feature_sets.remove(feature)


def test_foreign_keys_are_enforced(tmp_path: Path) -> None:
    database = store.open_store(tmp_path / "fk.db")
    try:
        try:
            database["groups"].insert({"programme_id": 999, "name": "x"})
        except sqlite3.IntegrityError:
            pass
        else:
            raise AssertionError("a group without its programme was accepted")
    finally:
        database.close()
