"""The lead's tables: what the lead keeps about a programme's sessions."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

migrations = Migrations("companion-lead")


@migrations()
def m001_expected_groups(db: Database) -> None:
    # The groups the lead expects notes from in a session, as they typed them
    # (one a line or with commas); no row means every group the programme knows.
    db.execute(
        "CREATE TABLE lead_expected_groups ("
        " session_id INTEGER PRIMARY KEY REFERENCES sessions(id) ON DELETE CASCADE,"
        " typed TEXT NOT NULL,"
        " updated_at TEXT NOT NULL)"
    )
