"""A roster that respects people: the name they are called, their pronouns, one nudge
for everyone not heard yet, and roster names offered wherever a person is named."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.store.database import open_database
from companion.store.db import ensure_group, ensure_programme
from companion.turns.nudges import NudgeRules
from companion.turns.roster import MemberDetails
from companion.turns.roster_store import load_roster
from tests.ui.walker import assert_accessible
from ui.main_window import MainWindow
from ui.notes.area import NotesArea
from ui.turns.area import TurnsArea
from ui.turns.driver import TurnsDriver
from ui.turns.nudges import TogetherCard

PEOPLE = [
    MemberDetails("Siobhán Ní Bhriain", pronouns="she/her"),
    MemberDetails("Bartosz Nowak"),
    MemberDetails("Mei-Ling Chen", pronouns="she/her"),
    MemberDetails("Dr Jonathan Whitworth-Pemberton", pronouns="he/him", call_me="Jon"),
    MemberDetails("Kwame Mensah", pronouns="he/him"),
    MemberDetails("Ana Lima", pronouns="they/them"),
]


@pytest.fixture
def database(tmp_path) -> Iterator[Database]:  # type: ignore[no-untyped-def]
    db = open_database(tmp_path / "companion.db")
    yield db
    db.close()


@pytest.fixture
def area(qtbot: QtBot, database: Database) -> Iterator[TurnsArea]:
    clock = ManualClock()
    driver = TurnsDriver(database, clock=clock, autotick=False)
    driver.roster.add_many(PEOPLE)
    area = TurnsArea(driver)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    yield area
    driver.shutdown()


def test_call_me_is_kept_in_the_database(database: Database) -> None:
    group = ensure_group(database, ensure_programme(database, "Series"), "Group 4")
    roster = load_roster(database, group)
    jon = roster.add(MemberDetails("Dr Jonathan Whitworth-Pemberton", call_me="Jon"))
    again = load_roster(database, group).get(jon.id)
    assert again.details.call_me == "Jon" and again.details.spoken == "Jon"


def test_pronouns_show_beside_names_in_turns(area: TurnsArea) -> None:
    row = area.model.rows()[2]
    assert row.label == "Mei-Ling Chen (she/her)"
    assert "Mei-Ling Chen (she/her)" in row.sentence  # what a screen reader hears


def test_five_not_heard_yet_come_as_one_nudge_by_call_me_name(
    area: TurnsArea, qtbot: QtBot
) -> None:
    driver = area.driver
    driver.set_rules(NudgeRules(not_heard_after=60))
    driver.mark(driver.roster.members[0].id)  # Siobhán speaks; the other five do not
    clock = driver.clock
    assert isinstance(clock, ManualClock)
    for _ in range(8):  # two minutes, ticking as the timer would
        clock.advance(15)
        driver.tick()
    nudges = area.nudge_list.nudges()
    assert len(nudges) == 5  # each still known, for Dismiss
    card = area.nudge_list.card(nudges[0].id)
    assert isinstance(card, TogetherCard)  # but one card, not five
    assert all(area.nudge_list.card(n.id) is card for n in nudges)
    qtbot.waitUntil(card.isVisible)
    assert card.reason.text() == (
        "<b>Not heard yet: Bartosz Nowak, Mei-Ling Chen (she/her), "
        "Dr Jonathan Whitworth-Pemberton (he/him), Kwame Mensah (he/him), "
        "Ana Lima (they/them).</b>"
    )
    words = card.words.text()
    assert "Jon," in words and "Jonathan" not in words  # the name he asked to be called
    assert "Dr " not in words
    assert_accessible(area)
    card.dismiss.click()  # one Dismiss puts all five away
    qtbot.waitUntil(lambda: area.nudge_list.nudges() == [])


def test_notes_offer_roster_names_for_the_action_owner_and_quote_speaker(
    window: MainWindow, qtbot: QtBot
) -> None:
    facilitate, turns, notes = (window.tabs.widget(i) for i in (1, 2, 3))
    assert isinstance(turns, TurnsArea) and isinstance(notes, NotesArea)
    facilitate.driver.clock = ManualClock()  # type: ignore[attr-defined]
    assert facilitate.select_plan("breakout-30")  # type: ignore[attr-defined]
    facilitate.start()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: notes.group_id != 0 and turns.driver.group_id == notes.group_id)
    turns.driver.roster.add_many(PEOPLE[:3])
    window.show_area(notes)
    for field in (notes.editor.owner, notes.editor.speaker):
        completer = field.completer()
        assert completer is not None
        completer.setCompletionPrefix("ling")
        assert completer.currentCompletion() == "Mei-Ling Chen"
    facilitate.finish()  # type: ignore[attr-defined]
    qtbot.waitUntil(lambda: turns.closing_dialog is not None)
    assert turns.closing_dialog is not None
    turns.closing_dialog.reject()
