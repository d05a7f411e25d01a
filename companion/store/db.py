"""The database's low level: a private, durable connection, the core tables, row helpers.

Opening and migrating is ``companion.store.database.open_database``; this
module holds what every feature's schema and queries build on, so it imports
no feature.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.db import Table

from companion.paths import data_dir, private_dir

BUSY_TIMEOUT_MS = 5_000


def default_path() -> Path:
    return data_dir() / "companion.db"


def connect(path: Path) -> sqlite3.Connection:
    """A connection with the settings every Companion database uses."""
    private_dir(path.parent)
    if not path.exists():
        # Create the file 0600 before SQLite does, so it is never readable by others.
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
    # Implicit transactions take the write lock at BEGIN (IMMEDIATE): a transaction
    # that read first and then upgrades gets SQLITE_BUSY at once, busy timeout or not.
    connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level="IMMEDIATE")
    connection.execute("PRAGMA journal_mode=WAL")
    connection.execute("PRAGMA synchronous=FULL")  # an acknowledged edit survives a crash
    connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys=ON")
    return connection


@contextmanager
def write_transaction(db: Database) -> Iterator[Database]:
    """All of it or none of it, holding the write lock from the start.

    ``BEGIN IMMEDIATE`` waits out another writer (the app and a command share
    the file) instead of failing half way; a nested call is a savepoint.
    """
    connection = db.conn
    if connection.in_transaction:
        with db.atomic():
            yield db
        return
    connection.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        connection.rollback()
        raise
    connection.commit()


def database_path(db: Database) -> Path:
    """The file a database was opened from."""
    row = db.execute("PRAGMA database_list").fetchone()
    return Path(row[2])


def table(db: Database, name: str) -> Table:
    """``db[name]`` as a table (sqlite-utils types it as a table or a view)."""
    return db.table(name)


def insert(db: Database, name: str, record: dict[str, object]) -> int:
    """Insert a row and return its id."""
    pk = table(db, name).insert(record).last_pk
    assert pk is not None
    return int(pk)


def now() -> str:
    """The current time as stored: ISO 8601 in UTC."""
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def forget_member_row(db: Database, member_id: int) -> None:
    """Clear every field that names member ``member_id``; the row stays, marked forgotten."""
    db.execute(
        "UPDATE members SET name = '', pronouns = NULL, pronunciation = NULL, role = NULL,"
        " access_needs = NULL, call_me = NULL, forgotten_at = ? WHERE id = ?",
        [now(), member_id],
    )


def name_order(name: str) -> tuple[tuple[int, int, str], ...]:
    """Sort key for names people number: "Group 2" before "Group 10", case ignored."""
    return tuple(
        (0, int(piece), "") if piece.isdigit() else (1, 0, piece)
        for piece in re.split(r"(\d+)", name.casefold())
        if piece
    )


# The programme for groups no plan names a series for: Turns opened on its own
# and a plan without a series both file their groups here, so they meet.
DEFAULT_PROGRAMME = "Workshops"


def ensure_programme(db: Database, name: str) -> int:
    """The id of the programme called ``name``, created if new."""
    row = next(table(db, "programmes").rows_where("name = ?", [name], limit=1), None)
    if row is not None:
        return int(row["id"])
    return insert(db, "programmes", {"name": name, "created_at": now()})


def ensure_group(db: Database, programme_id: int, name: str) -> int:
    """The id of the group ``name`` in a programme, created if new."""
    row = next(
        table(db, "groups").rows_where(
            "programme_id = ? and name = ?", [programme_id, name], limit=1
        ),
        None,
    )
    if row is not None:
        return int(row["id"])
    record: dict[str, object] = {"programme_id": programme_id, "name": name, "created_at": now()}
    return insert(db, "groups", record)


def create_session(db: Database, programme_id: int, title: str, plan: str | None = None) -> int:
    record: dict[str, object] = {
        "programme_id": programme_id,
        "title": title,
        "plan": plan,
        "created_at": now(),
    }
    return insert(db, "sessions", record)


def ensure_session(db: Database, programme_id: int, title: str, plan_name: str) -> int:
    """Today's session of ``plan_name`` in the programme, created if there is none yet."""
    today = now()[:10]
    row = next(
        table(db, "sessions").rows_where(
            "programme_id = ? and plan = ? and substr(created_at, 1, 10) = ?",
            [programme_id, plan_name, today],
            order_by="id desc",
            limit=1,
        ),
        None,
    )
    if row is not None:
        return int(row["id"])
    return create_session(db, programme_id, title, plan_name)
