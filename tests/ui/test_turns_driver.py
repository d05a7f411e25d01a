"""The Turns driver without a view: typed events across groups, the store session kept."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import get_args

import pytest
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.signal import Signal as CoreSignal
from companion.store import db as store_db
from companion.store.database import open_database
from companion.turns.events import PassMarked, StatsChanged, TurnChanged, TurnsEvent
from companion.turns.nudges import NudgeRules
from companion.turns.roster import MemberDetails
from companion.turns.settings import TurnsSettings
from ui.adapter import TurnsSignals
from ui.settings.store import SettingsStore
from ui.turns.driver import TurnsDriver


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "driver.db")
    yield database
    database.close()


@pytest.fixture
def driver(db: Database) -> Iterator[TurnsDriver]:
    made = TurnsDriver(db, clock=ManualClock(), autotick=False)
    made.roster.add_many([MemberDetails(n) for n in ("Aisha", "Kwame", "Priya")])
    yield made
    made.shutdown()


def test_every_turns_event_has_a_typed_signal() -> None:
    assert set(TurnsSignals.SIGNALS) == set(get_args(TurnsEvent))
    core: CoreSignal[object] = CoreSignal()
    signals = TurnsSignals(core)
    with pytest.raises(TypeError, match="no signal for str"):
        core.emit("not a turns event")
    signals.close()


def test_events_reach_the_typed_signals_after_the_group_changes(
    qtbot: QtBot, driver: TurnsDriver, db: Database
) -> None:
    aisha = driver.roster.ids[0]
    with qtbot.waitSignal(driver.events.turn_changed) as turn:
        driver.mark(aisha)
    assert isinstance(turn.args[0], TurnChanged) and turn.args[0].speaker == aisha
    other = store_db.ensure_group(db, driver.programme_id, "Group 2")
    with qtbot.waitSignal(driver.group_changed):
        driver.reset()
        driver.use_group(other)
    driver.roster.add_many([MemberDetails("Óscar")])
    with qtbot.waitSignal(driver.events.pass_marked) as passed:
        driver.pass_turn(driver.roster.ids[0])
    assert isinstance(passed.args[0], PassMarked)
    with qtbot.waitSignal(driver.events.stats_changed) as stats:
        driver.tick()
    assert isinstance(stats.args[0], StatsChanged)


def test_the_group_stays_while_tracking(qtbot: QtBot, driver: TurnsDriver) -> None:
    driver.mark(driver.roster.ids[1])
    with qtbot.waitSignal(driver.said) as said:
        assert not driver.choose_group("Group 9")
    assert "before changing group" in said.args[0]
    assert driver.group_name == "My group"
    driver.reset()
    assert driver.choose_group("Group 9") and driver.group_name == "Group 9"


def test_a_store_session_given_by_a_plan_outlives_starting_again(
    driver: TurnsDriver, db: Database
) -> None:
    session_id = store_db.create_session(db, driver.programme_id, "Webinar 2")
    driver.set_context(driver.programme_id, driver.group_id, session_id)
    driver.mark(driver.roster.ids[0])
    driver.reset()
    assert driver.session_id == session_id
    driver.mark(driver.roster.ids[0])
    assert driver.keep() == session_id
    driver.set_context(driver.programme_id, driver.group_id)  # no plan session any more
    assert driver.session_id is None


def test_the_remembered_turns_settings_are_used(db: Database, store: SettingsStore) -> None:
    rules = NudgeRules(enabled=False, long_turn=120.0)
    store.update(
        turns=TurnsSettings(group="Group 7", voice_assisted=True, silence_end=9.0, rules=rules)
    )
    driver = TurnsDriver(db, store=store, clock=ManualClock(), autotick=False)
    assert driver.group_name == "Group 7"
    assert driver.voice_assisted and driver.session.tracker.voice_assisted
    assert driver.config.silence_end == 9.0 and driver.rules == rules
    driver.set_voice_assisted(False)
    assert store.current.turns == TurnsSettings(
        group="Group 7", voice_assisted=False, silence_end=9.0, rules=rules
    )
    driver.shutdown()
