"""Keeping a participation summary: per member totals only, anonymisable, exported."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.store import db as store
from companion.store.database import open_database
from companion.store.migrations.core import migrations as core_migrations
from companion.turns.export import anonymise_all, to_csv, to_json
from companion.turns.roster import MemberDetails
from companion.turns.roster_store import load_roster
from companion.turns.session import TurnsSession
from companion.turns.summary import (
    SummaryError,
    anonymise_kept,
    keep_summary,
    load_summaries,
    sessions_with_summaries,
)


@pytest.fixture
def db(tmp_path: Path) -> Database:
    database = open_database(tmp_path / "c.db")
    yield database  # type: ignore[misc]
    database.close()


def _session(db: Database) -> tuple[TurnsSession, int, int, ManualClock]:
    programme = store.ensure_programme(db, "Inclusive leadership")
    group = store.ensure_group(db, programme, "Group 3")
    session_id = store.create_session(db, programme, "Webinar 2")
    roster = load_roster(db, group)
    roster.add_many(
        [MemberDetails("Aisha", role="Band 6"), MemberDetails("=Bartosz"), MemberDetails("陈美玲")]
    )
    clock = ManualClock()
    turns = TurnsSession(roster, clock)
    a, b, _c = roster.ids
    for member, seconds in ((a, 40), (b, 20), (a, 30)):
        turns.speak(member)
        for _ in range(seconds):
            clock.advance(1)
            turns.tick()
    return turns, session_id, group, clock


def test_nothing_is_stored_until_kept_and_then_no_timeline(db: Database) -> None:
    turns, session_id, group, _clock = _session(db)
    before = {name: db[name].count for name in db.table_names()}
    assert "turns_summaries" in before and before["turns_summaries"] == 0
    summary_id = keep_summary(db, session_id, group, turns.summary(group="Group 3"))
    after = {name: db[name].count for name in db.table_names()}
    changed = {name for name in after if after[name] != before.get(name)}
    assert changed == {"turns_summaries", "turns_summary_members"}
    assert after["turns_summary_members"] == 3  # one row per member: totals, not turns
    columns = {c.name for c in db["turns_summary_members"].columns}
    assert not columns & {"start", "end", "time", "started_at", "turn_start"}
    [kept] = load_summaries(db, session_id)
    assert kept.group == "Group 3" and kept.turns == 3 and kept.elapsed_seconds == 90
    assert [(m.label, m.talk_seconds, m.turns) for m in kept.members] == [
        ("Aisha", 70.0, 2),
        ("=Bartosz", 20.0, 1),
        ("陈美玲", 0.0, 0),
    ]
    assert kept.members[0].longest_turn_seconds == 40 and kept.members[0].role == "Band 6"
    assert summary_id > 0


def test_keeping_again_replaces_and_anonymising_later(db: Database) -> None:
    turns, session_id, group, _clock = _session(db)
    keep_summary(db, session_id, group, turns.summary())
    summary_id = keep_summary(db, session_id, group, turns.summary(anonymise={turns.roster.ids[1]}))
    assert db["turns_summaries"].count == 1
    anonymise_kept(db, summary_id, 1)
    [kept] = load_summaries(db, session_id)
    assert [m.label for m in kept.members] == ["Participant 1", "Participant 2", "陈美玲"]
    assert kept.members[0].role == "" and kept.members[0].anonymised
    with pytest.raises(SummaryError, match="no member number 9"):
        anonymise_kept(db, summary_id, 9)
    [(listed, title, created, groups)] = sessions_with_summaries(db)
    assert (listed, title, groups) == (session_id, "Webinar 2", 1) and created


def test_unknown_session_says_how_to_find_one(db: Database) -> None:
    with pytest.raises(SummaryError, match="companion turns list"):
        load_summaries(db, 42)


def test_csv_and_json_exports(db: Database) -> None:
    turns, session_id, group, _clock = _session(db)
    keep_summary(db, session_id, group, turns.summary())
    kept = load_summaries(db, session_id)
    rows = list(csv.DictReader(io.StringIO(to_csv(session_id, "Webinar 2", kept))))
    assert [r["member"] for r in rows] == ["Aisha", "'=Bartosz", "陈美玲"]  # no formula
    assert rows[0]["talk_seconds"] == "70.0" and rows[0]["share_percent"] == "77.8"
    assert rows[0]["equal_share_percent"] == "33.3" and rows[0]["group"] == "Group 3"
    document = json.loads(to_json(session_id, "Webinar 2", kept))
    assert document["session"] == {"id": session_id, "title": "Webinar 2"}
    [group_doc] = document["groups"]
    assert group_doc["members"][2]["member"] == "陈美玲" and group_doc["turns"] == 3
    hidden = json.loads(to_json(session_id, "Webinar 2", anonymise_all(kept)))
    assert [m["member"] for m in hidden["groups"][0]["members"]] == [
        "Participant 1",
        "Participant 2",
        "Participant 3",
    ]
    assert all(m["role"] == "" for m in hidden["groups"][0]["members"])


def test_a_database_from_before_the_feature_gets_its_tables_when_opened(
    tmp_path: Path,
) -> None:
    path = tmp_path / "old.db"
    database = Database(store.connect(path))
    core_migrations.apply(database)  # only the core tables, as before this feature existed
    assert "turns_summaries" not in database.table_names()
    database.close()
    database = open_database(path)
    try:
        assert sessions_with_summaries(database) == []
        assert "turns_summaries" in database.table_names()
    finally:
        database.close()
