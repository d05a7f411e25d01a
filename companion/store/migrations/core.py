"""The core tables every feature refers to: programmes, groups, sessions and members."""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from companion.store.db import table

migrations = Migrations("companion-core")


@migrations()
def m001_programmes_sessions_groups(db: Database) -> None:
    table(db, "programmes").create(
        {"id": int, "name": str, "created_at": str}, pk="id", not_null={"name"}
    )
    table(db, "programmes").create_index(["name"], unique=True)
    # A group keeps its name and roster across the sessions of a programme.
    table(db, "groups").create(
        {"id": int, "programme_id": int, "name": str, "created_at": str},
        pk="id",
        foreign_keys=[("programme_id", "programmes", "id")],
        not_null={"programme_id", "name"},
    )
    table(db, "groups").create_index(["programme_id", "name"], unique=True)
    table(db, "sessions").create(
        {
            "id": int,
            "programme_id": int,
            "title": str,
            "plan": str,  # the plan's name, where one was used
            "created_at": str,
            "ended_at": str,
        },
        pk="id",
        foreign_keys=[("programme_id", "programmes", "id")],
        not_null={"programme_id", "title"},
    )
    table(db, "members").create(
        {
            "id": int,
            "group_id": int,
            "position": int,  # order in the roster
            "name": str,
            "pronouns": str,
            "pronunciation": str,  # how to say the name, free text
            "role": str,  # role or grade, only if the group records it
            "access_needs": str,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("group_id", "groups", "id")],
        not_null={"group_id", "name"},
    )


@migrations()
def m002_members_forgotten(db: Database) -> None:
    # A forgotten member keeps their row (turns summaries and plan runs point at
    # it) but nothing that names them. Companion 0.1 marked such rows with the
    # name 'removed' and every other field cleared; those become forgotten too.
    db.execute("ALTER TABLE members ADD COLUMN forgotten_at TEXT")
    db.execute(
        "UPDATE members SET forgotten_at = created_at, name = '' WHERE name = 'removed' "
        "AND pronouns IS NULL AND pronunciation IS NULL AND role IS NULL "
        "AND access_needs IS NULL"
    )


@migrations()
def m003_members_call_me(db: Database) -> None:
    # A short name the member asked to be called in prompts and nudges ("Jon"
    # for "Dr Jonathan Whitworth-Pemberton"); empty means their name.
    db.execute("ALTER TABLE members ADD COLUMN call_me TEXT")
