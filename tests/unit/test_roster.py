"""The roster: members in order, keys for the first ten, duplicates told apart, kept per group."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.store import db as store
from companion.store.database import open_database
from companion.turns.roster import MemberDetails, Roster, RosterError, clean_text
from companion.turns.roster_store import group_name, group_names, load_roster


def _roster(*names: str) -> Roster:
    roster = Roster()
    roster.add_many([MemberDetails(n) for n in names])
    return roster


def test_add_edit_move_remove_in_order() -> None:
    roster = _roster("Aisha", "Bartosz", "Chen")
    aisha, bartosz, chen = roster.members
    roster.edit(bartosz.id, pronouns="he/him", pronunciation="BAR-tosh", role="Band 7")
    assert roster.get(bartosz.id).details == MemberDetails(
        "Bartosz", "he/him", "BAR-tosh", "Band 7"
    )
    roster.move(chen.id, 0)
    assert [m.name for m in roster] == ["Chen", "Aisha", "Bartosz"]
    roster.remove(aisha.id)
    assert [m.name for m in roster] == ["Chen", "Bartosz"]
    with pytest.raises(RosterError):
        roster.get(aisha.id)


def test_keys_for_the_first_ten_only() -> None:
    roster = _roster(*(f"Member {i}" for i in range(1, 13)))
    assert roster.at_key("1") is roster.members[0]
    assert roster.at_key("0") is roster.members[9]
    assert roster.key_of(roster.members[9].id) == "0"
    assert roster.key_of(roster.members[10].id) is None
    assert roster.at_key("x") is None
    assert _roster("Solo").at_key("2") is None


def test_duplicates_are_told_apart_without_changing_the_names() -> None:
    roster = _roster("Sam", "Alex", "sam", "Sam")
    assert list(roster.labels().values()) == ["Sam", "Alex", "sam (2)", "Sam (3)"]
    assert [m.name for m in roster] == ["Sam", "Alex", "sam", "Sam"]
    roster.edit(roster.members[2].id, name="Samira")
    assert list(roster.labels().values()) == ["Sam", "Alex", "Samira", "Sam (2)"]


def test_any_script_and_very_long_names_are_kept_whole() -> None:
    long_name = "Dr " + "Whitworth-Pemberton " * 20 + "Jr"
    names = ["陈美玲", "Siobhán Ní Bhriain", "Олена Коваленко", "محمد عبد الله", long_name]
    roster = _roster(*names)
    assert [m.name for m in roster] == [clean_text(n) for n in names]
    assert roster.members[-1].name.endswith("Jr") and len(roster.members[-1].name) > 300


def test_names_are_cleaned_and_must_not_be_empty() -> None:
    roster = Roster()
    member = roster.add(MemberDetails("  Sio\u0301bhan \t Ní\nBhriain  "))
    assert member.name == "Sióbhan Ní Bhriain"  # NFC, one space, no control characters
    with pytest.raises(RosterError, match="needs a name"):
        roster.add(MemberDetails(" \t "))
    with pytest.raises(RosterError):
        roster.add_many([MemberDetails("Fine"), MemberDetails("")])
    assert len(roster) == 1  # a bad name in a batch adds nobody


def test_search_ignores_case_and_accents() -> None:
    roster = _roster("Siobhán", "Óscar Núñez", "Priya", "oscar")
    assert [m.name for m in roster.search("OSCAR")] == ["Óscar Núñez", "oscar"]
    assert [m.name for m in roster.search("siobhan")] == ["Siobhán"]
    assert len(roster.search("")) == 4


def test_two_hundred_pasted_names_are_accepted() -> None:
    roster = _roster(*(f"Person {i}" for i in range(200)))
    assert len(roster) == 200
    assert roster.key_of(roster.members[150].id) is None
    assert [m.name for m in roster.search("Person 19")][:2] == ["Person 19", "Person 190"]


def test_changes_are_announced() -> None:
    roster = Roster()
    seen: list[int] = []
    roster.changed.connect(lambda members: seen.append(len(members)))
    member = roster.add(MemberDetails("A"))
    roster.add(MemberDetails("B"), position=0)
    roster.edit(member.id, name="A")  # no change: no announcement
    roster.remove(member.id)
    assert seen == [1, 2, 1]


def test_roster_is_remembered_per_group_across_sessions(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = open_database(path)
    programme = store.ensure_programme(db, "Inclusive leadership")
    group3 = store.ensure_group(db, programme, "Group 3")
    group4 = store.ensure_group(db, programme, "Group 4")
    roster = load_roster(db, group3)
    roster.add_many([MemberDetails(n) for n in ("Aisha", "Bartosz", "陈美玲")])
    aisha = roster.members[0]
    roster.edit(aisha.id, pronouns="she/her", access_needs="uses captions")
    roster.move(roster.members[2].id, 0)
    roster.remove(roster.members[2].id)  # Bartosz
    roster.add(MemberDetails("Kwame"), position=1)
    load_roster(db, group4).add(MemberDetails("Someone else"))
    db.close()

    again = open_database(path)
    try:
        kept = load_roster(again, group3)
        assert [m.name for m in kept] == ["陈美玲", "Kwame", "Aisha"]
        assert kept.members[2].details.access_needs == "uses captions"
        assert kept.members[2].id == aisha.id
        assert [m.name for m in load_roster(again, group4)] == ["Someone else"]
        assert [name for _id, name in group_names(again, programme)] == ["Group 3", "Group 4"]
        assert group_name(again, group4) == "Group 4"
        assert group_name(again, group4 + 100) == ""  # no such group
    finally:
        again.close()


def test_a_batch_that_fails_in_the_database_leaves_nothing(tmp_path: Path) -> None:
    db = open_database(tmp_path / "c.db")
    try:
        roster = load_roster(db, 999)  # no such group: the foreign key refuses every row
        with pytest.raises(Exception, match="FOREIGN KEY"):
            roster.add_many([MemberDetails("A"), MemberDetails("B")])
        assert len(roster) == 0
        assert db["members"].count == 0
    finally:
        db.close()
