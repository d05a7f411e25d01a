"""Keeping a participation summary from the area, anonymising, and the nudge settings."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.store import db as store_db
from companion.store.database import open_database
from companion.turns.nudges import NudgeRules
from companion.turns.roster import MemberDetails
from companion.turns.summary import load_summaries
from ui.settings.store import SettingsStore
from ui.turns.area import TurnsArea
from ui.turns.driver import TurnsDriver


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "keep.db")
    yield database
    database.close()


@pytest.fixture
def area(qtbot: QtBot, db: Database, store: SettingsStore) -> Iterator[TurnsArea]:
    clock = ManualClock()
    turns = TurnsArea(TurnsDriver(db, store=store, clock=clock, autotick=False))
    qtbot.addWidget(turns)
    turns.driver.roster.add_many(
        [MemberDetails(n, role="Band 6") for n in ("Aisha", "Kwame", "Priya")]
    )
    turns.resize(1000, 700)
    turns.show()
    qtbot.waitExposed(turns)
    a, k, _p = turns.driver.roster.ids
    for member, seconds in ((a, 90), (k, 30)):
        turns.driver.mark(member)
        for _ in range(seconds):
            clock.advance(1)
            turns.driver.tick()
    yield turns
    turns.driver.shutdown()


def test_nothing_to_keep_before_the_first_mark(qtbot: QtBot, db: Database) -> None:
    fresh = TurnsArea(TurnsDriver(db, clock=ManualClock(), autotick=False))
    qtbot.addWidget(fresh)
    assert not fresh.keep_button.isEnabled()
    assert fresh.open_keep() is None
    fresh.driver.shutdown()


def test_keep_with_one_member_anonymised(
    qtbot: QtBot, area: TurnsArea, db: Database, a11y: Callable[..., None]
) -> None:
    assert db["turns_summaries"].count == 0  # nothing is stored while tracking
    qtbot.mouseClick(area.keep_button, Qt.MouseButton.LeftButton)
    dialog = area.keep_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    a11y(dialog)
    assert dialog.list.item(0).text() == "Aisha — 1 minute 30 seconds, 1 turn"
    dialog.list.item(1).setCheckState(Qt.CheckState.Checked)
    with qtbot.waitSignal(area.driver.kept) as kept:
        qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    session_id = kept.args[0]
    [summary] = load_summaries(db, session_id)
    assert [(m.label, m.talk_seconds, m.role) for m in summary.members] == [
        ("Aisha", 90.0, "Band 6"),
        ("Participant 2", 30.0, ""),
        ("Priya", 0.0, "Band 6"),
    ]
    assert f"companion turns export {session_id}" in area.message.text()
    # Keeping again in the same sitting replaces the summary, it does not add another.
    area.driver.keep(set())
    assert db["turns_summaries"].count == 1


def test_keep_uses_a_session_given_by_the_plan(area: TurnsArea, db: Database) -> None:
    programme = area.driver.programme_id
    session_id = store_db.create_session(db, programme, "Webinar 3")
    area.driver.session_id = session_id
    area.driver._session_given = True
    assert area.driver.keep() == session_id
    area.driver.reset()
    assert area.driver.session_id == session_id


def test_anonymise_everyone_button(qtbot: QtBot, area: TurnsArea) -> None:
    dialog = area.open_keep()
    assert dialog is not None
    qtbot.mouseClick(dialog.all_button, Qt.MouseButton.LeftButton)
    assert dialog.anonymised() == set(area.driver.roster.ids)
    qtbot.mouseClick(dialog.none_button, Qt.MouseButton.LeftButton)
    assert dialog.anonymised() == set()
    dialog.reject()


def test_nudge_settings_are_applied_and_remembered(
    qtbot: QtBot, area: TurnsArea, store: SettingsStore, a11y: Callable[..., None]
) -> None:
    dialog = area.open_rules()
    qtbot.waitExposed(dialog)
    a11y(dialog)
    dialog.not_heard.setValue(1)
    dialog.long_turn.setValue(2)
    dialog.silence.setValue(8)
    dialog.accept()
    assert area.driver.rules.not_heard_after == 60 and area.driver.rules.long_turn == 120
    assert area.driver.session is not None and area.driver.session.tracker.config.silence_end == 8
    saved = store.current.turns
    assert saved.rules == area.driver.rules and saved.silence_end == 8
    area.driver.tick()
    assert any(n.label == "Priya" for n in area.nudge_list.nudges())  # 2 min in, not heard
    dialog = area.open_rules()
    dialog.enabled.setChecked(False)
    assert not dialog.not_heard.isEnabled()
    dialog.accept()
    assert area.nudge_list.nudges() == []
    assert "Nudges are off" in area.nudge_list.empty.text()


def test_dismissing_a_nudge(qtbot: QtBot, area: TurnsArea) -> None:
    area.driver.set_rules(NudgeRules(not_heard_after=60))
    area.driver.tick()
    [nudge] = [n for n in area.nudge_list.nudges() if n.label == "Priya"]
    card = area.nudge_list.card(nudge.id)
    assert card is not None
    assert card.words.text() == (
        "“We haven't heard from Priya yet — would you like to add anything? It's fine to pass.”"
    )
    assert card.dismiss.accessibleName() == "Dismiss nudge about Priya"
    qtbot.mouseClick(card.dismiss, Qt.MouseButton.LeftButton)
    assert all(n.id != nudge.id for n in area.nudge_list.nudges())
