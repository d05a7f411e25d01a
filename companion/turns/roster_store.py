"""A group's roster in the database: the core ``members`` table, one row per member.

``GroupRoster(db, group_id)`` is a ``RosterBackend``: every add, edit, move and
removal is committed at once, so the roster is there next session (and after
a crash). Rosters belong to a group, which lasts across a programme's sessions.
"""

from __future__ import annotations

from dataclasses import asdict

from sqlite_utils import Database

from companion.store.db import insert, name_order, now, table, write_transaction
from companion.turns.roster import Member, MemberDetails, Roster

_DETAILS = ("name", "pronouns", "pronunciation", "role", "access_needs", "call_me")


class GroupRoster:
    """The members of group ``group_id``, kept in the ``members`` table."""

    def __init__(self, db: Database, group_id: int) -> None:
        self.db = db
        self.group_id = group_id

    def load(self) -> list[Member]:
        rows = table(self.db, "members").rows_where(
            "group_id = ? AND forgotten_at IS NULL", [self.group_id], order_by="position, id"
        )
        return [
            Member(int(row["id"]), MemberDetails(**{k: row[k] or "" for k in _DETAILS}))
            for row in rows
        ]

    def insert(self, details: MemberDetails, position: int) -> int:
        with write_transaction(self.db):
            return self._insert(details, position)

    def insert_many(self, details: list[MemberDetails], first_position: int) -> list[int]:
        with write_transaction(self.db):  # one transaction: all of them or none
            return [self._insert(d, first_position + i) for i, d in enumerate(details)]

    def _insert(self, details: MemberDetails, position: int) -> int:
        record: dict[str, object] = {
            "group_id": self.group_id,
            "position": position,
            **asdict(details),
            "created_at": now(),
        }
        return insert(self.db, "members", record)

    def update(self, member: Member) -> None:
        with write_transaction(self.db):
            table(self.db, "members").update(member.id, asdict(member.details))

    def delete(self, member_id: int) -> None:
        with write_transaction(self.db):
            self.db.execute(
                "delete from members where id = ? and group_id = ?", [member_id, self.group_id]
            )

    def reorder(self, member_ids: list[int]) -> None:
        with write_transaction(self.db):
            self.db.conn.executemany(
                "update members set position = ? where id = ? and group_id = ?",
                [(index, member_id, self.group_id) for index, member_id in enumerate(member_ids)],
            )


def load_roster(db: Database, group_id: int) -> Roster:
    """The group's roster, remembered from earlier sessions; changes are saved as made."""
    return Roster(GroupRoster(db, group_id))


def group_names(db: Database, programme_id: int) -> list[tuple[int, str]]:
    """(id, name) of each group in a programme, by name."""
    rows = table(db, "groups").rows_where("programme_id = ?", [programme_id])
    named = [(int(row["id"]), str(row["name"])) for row in rows]
    return sorted(named, key=lambda group: name_order(group[1]))


def group_name(db: Database, group_id: int) -> str:
    """The name of group ``group_id``; empty if there is no such group."""
    row = db.execute("select name from groups where id = ?", [group_id]).fetchone()
    return str(row[0]) if row else ""
