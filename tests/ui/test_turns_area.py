"""The Turns area: keys and clicks mark speakers, scoped to the area; queue, undo, voice."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.events import LevelChanged, StreamStopped
from companion.store.database import open_database
from companion.turns.queue import QueueOrder
from companion.turns.roster import MemberDetails
from ui.adapter import CoreBridge
from ui.settings.store import SettingsStore
from ui.turns.area import TurnsArea
from ui.turns.driver import TurnsDriver
from ui.turns.model import Column

NAMES = ["Aisha", "Bartosz", "Siobhán", "Jonathan", "Mei-Ling", "Kwame", "Óscar", "Priya"]


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "turns.db")
    yield database
    database.close()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def make_area(
    qtbot: QtBot, db: Database, store: SettingsStore, bridge: CoreBridge, clock: ManualClock
) -> Iterator[Callable[..., TurnsArea]]:
    made: list[TurnsArea] = []

    def make(names: list[str] | None = None, **options: object) -> TurnsArea:
        area = TurnsArea(
            TurnsDriver(db, store=store, bridge=bridge, clock=clock, autotick=False, **options)
        )
        qtbot.addWidget(area)
        if names:
            area.driver.roster.add_many([MemberDetails(n) for n in names])
        area.resize(1000, 700)
        area.show()
        qtbot.waitExposed(area)
        area.activateWindow()
        qtbot.waitActive(area)
        if names:
            area.table.setFocus()
            qtbot.waitUntil(area.table.hasFocus)
        made.append(area)
        return area

    yield make
    for area in made:
        area.driver.shutdown()


def run(area: TurnsArea, clock: ManualClock, seconds: int) -> None:
    for _ in range(seconds):
        clock.advance(1.0)
        area.driver.tick()


def speaker_label(area: TurnsArea) -> str | None:
    speaker = area.driver.session.speaker if area.driver.session else None
    return area.driver.roster.label(speaker) if speaker is not None else None


def test_digit_keys_mark_the_first_ten_and_escape_marks_nobody(
    qtbot: QtBot, make_area: Callable[..., TurnsArea]
) -> None:
    area = make_area(NAMES)
    qtbot.keyClick(area.table, Qt.Key.Key_3)
    assert speaker_label(area) == "Siobhán"
    assert area.now.label.text() == "Siobhán"
    qtbot.keyClick(area.table, Qt.Key.Key_8)
    assert speaker_label(area) == "Priya"
    qtbot.keyClick(area.table, Qt.Key.Key_Escape)
    assert speaker_label(area) is None
    qtbot.keyClick(area.table, Qt.Key.Key_1)
    qtbot.keyClick(area.table, Qt.Key.Key_Period)
    assert speaker_label(area) is None
    qtbot.keyClick(area.table, Qt.Key.Key_9)  # only eight members: says so
    assert "No member has the key 9" in area.message.text()


def test_key_zero_is_the_tenth_member(qtbot: QtBot, make_area: Callable[..., TurnsArea]) -> None:
    area = make_area([f"P{i}" for i in range(1, 13)])
    qtbot.keyClick(area.table, Qt.Key.Key_0)
    assert speaker_label(area) == "P10"
    assert [r.key for r in area.model.rows()][9:] == ["0", "", ""]


def test_digits_typed_elsewhere_do_not_mark(qtbot: QtBot, db: Database, clock: ManualClock) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    elsewhere = QLineEdit()
    elsewhere.setAccessibleName("Notes")
    area = TurnsArea(TurnsDriver(db, clock=clock, autotick=False))
    area.driver.roster.add_many([MemberDetails(n) for n in NAMES])
    layout.addWidget(elsewhere)
    layout.addWidget(area)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitActive(window)
    elsewhere.setFocus()
    qtbot.waitUntil(elsewhere.hasFocus)
    qtbot.keyClicks(elsewhere, "123")
    qtbot.keyClick(elsewhere, Qt.Key.Key_Escape)
    assert elsewhere.text() == "123"
    assert area.driver.session is not None and area.driver.session.speaker is None
    # Inside the area, the search box takes digits as text too.
    area.search.setFocus()
    qtbot.keyClicks(area.search, "2")
    assert area.search.text() == "2" and area.driver.session.speaker is None
    area.driver.shutdown()


def test_click_or_enter_marks_a_member(qtbot: QtBot, make_area: Callable[..., TurnsArea]) -> None:
    area = make_area(NAMES)
    index = area.table.model().index(1, Column.MEMBER)
    rect = area.table.visualRect(index)
    qtbot.mouseClick(area.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert speaker_label(area) == "Bartosz"
    area.table.select_member(area.driver.roster.ids[4])
    qtbot.keyClick(area.table, Qt.Key.Key_Return)
    assert speaker_label(area) == "Mei-Ling"


def test_pass_undo_and_fix_on_the_selected_member(
    qtbot: QtBot, make_area: Callable[..., TurnsArea], clock: ManualClock
) -> None:
    area = make_area(NAMES)
    qtbot.keyClick(area.table, Qt.Key.Key_1)
    run(area, clock, 20)
    area.table.select_member(area.driver.roster.ids[7])
    qtbot.keyClick(area.table, Qt.Key.Key_P)
    assert "Priya passed" in area.message.text()
    assert "Passed" in area.model.rows()[7].status
    qtbot.keyClick(area.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert "Not heard yet" in area.model.rows()[7].status
    qtbot.keyClick(area.table, Qt.Key.Key_2)  # a slip: it was Siobhán
    run(area, clock, 10)
    area.table.select_member(area.driver.roster.ids[2])
    qtbot.keyClick(area.table, Qt.Key.Key_R)
    assert speaker_label(area) == "Siobhán"
    assert area.driver.session is not None
    assert area.driver.session.stats.member(area.driver.roster.ids[2]).talk == 10
    assert area.driver.session.stats.member(area.driver.roster.ids[1]).talk == 0


def test_raised_hands_queue_with_progressive_stack(
    qtbot: QtBot, make_area: Callable[..., TurnsArea], clock: ManualClock
) -> None:
    area = make_area(NAMES)
    qtbot.keyClick(area.table, Qt.Key.Key_1)
    run(area, clock, 60)
    qtbot.keyClick(area.table, Qt.Key.Key_2)
    run(area, clock, 5)
    for member in (0, 5, 1):  # Aisha (60 s), Kwame (0 s), Bartosz (5 s so far)
        area.table.select_member(area.driver.roster.ids[member])
        qtbot.keyClick(area.table, Qt.Key.Key_H)
    assert area.queue.list.item(0).text().startswith("1. Aisha")
    assert "Hand up (2nd)" in area.model.rows()[5].status
    area.queue.order.setCurrentIndex(1)
    area.queue.order.activated.emit(1)
    assert (
        area.driver.session is not None and area.driver.session.queue.order is QueueOrder.LEAST_TALK
    )
    assert [area.queue.list.item(i).text().split(" —")[0] for i in range(3)] == [
        "1. Kwame",
        "2. Bartosz",
        "3. Aisha",
    ]
    area.queue.list.setCurrentRow(2)
    qtbot.mouseClick(area.queue.up_button, Qt.MouseButton.LeftButton)  # the facilitator overrides
    assert area.driver.session.queue.order is QueueOrder.ARRANGED
    assert area.queue.order.currentText() == "As arranged"
    qtbot.keyClick(area.table, Qt.Key.Key_N)
    assert speaker_label(area) == "Kwame"
    assert area.queue.list.count() == 2


def test_find_a_member_among_two_hundred(qtbot: QtBot, make_area: Callable[..., TurnsArea]) -> None:
    area = make_area([f"Person {i:03d}" for i in range(200)] + ["Zoë Ndlovu"])
    assert area.table.model().rowCount() == 201
    qtbot.keyClick(area.table, Qt.Key.Key_Slash)
    assert area.search.hasFocus()
    qtbot.keyClicks(area.search, "zoe")
    assert area.table.visible_members() == [area.driver.roster.ids[200]]
    qtbot.keyClick(area.search, Qt.Key.Key_Return)
    assert speaker_label(area) == "Zoë Ndlovu"
    assert area.search.text() == "" and area.table.model().rowCount() == 201


def test_voice_assisted_counts_only_while_voice_is_heard(
    qtbot: QtBot, make_area: Callable[..., TurnsArea], bridge: CoreBridge, clock: ManualClock
) -> None:
    area = make_area(NAMES)
    area.voice_box.setChecked(True)
    qtbot.keyClick(area.table, Qt.Key.Key_1)
    for heard in [True] * 20 + [False] * 30 + [True] * 10:
        clock.advance(0.1)
        bridge.level.emit(LevelChanged(0.5, -20.0, heard, clock()))
    area.driver.tick()  # the figures on screen follow the once-a-second tick
    assert area.driver.session is not None
    talk = area.driver.session.stats.member(area.driver.roster.ids[0]).talk
    assert 2.9 < talk < 3.2  # 2 s + 1 s of voice; the 3 s of silence did not count
    bridge.stopped.emit(StreamStopped())
    assert area.driver.session.tracker.ledger.voice == "unknown"


def test_voice_assisted_silence_ends_the_turn(
    qtbot: QtBot, make_area: Callable[..., TurnsArea], bridge: CoreBridge, clock: ManualClock
) -> None:
    area = make_area(NAMES)
    area.voice_box.setChecked(True)
    qtbot.keyClick(area.table, Qt.Key.Key_4)
    for heard in [True] * 10 + [False] * 60:
        clock.advance(0.1)
        bridge.level.emit(LevelChanged(0.5, -20.0, heard, clock()))
    assert speaker_label(area) is None
    assert area.now.label.text() == "Nobody"


def test_start_again_asks_first(qtbot: QtBot, make_area: Callable[..., TurnsArea]) -> None:
    area = make_area(NAMES)
    qtbot.keyClick(area.table, Qt.Key.Key_1)
    qtbot.mouseClick(area.reset_button, Qt.MouseButton.LeftButton)
    box = area.findChild(QMessageBox, "turns_reset_question")
    assert box is not None
    qtbot.waitExposed(box)
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    assert area.driver.session is not None and not area.driver.session.started
    assert "Tracking starts at the first mark" in area.group_summary.text()


def test_group_choice_loads_that_groups_roster(
    qtbot: QtBot, make_area: Callable[..., TurnsArea], db: Database, store: SettingsStore
) -> None:
    area = make_area(NAMES)
    first = area.driver.group_id
    area.group_combo.setEditText("Group 4")
    area.group_combo.lineEdit().returnPressed.emit()
    assert area.driver.group_name == "Group 4" and len(area.driver.roster) == 0
    assert area.stack.currentWidget() is area.empty
    assert store.current.turns.group == "Group 4"
    area.group_combo.setCurrentIndex(area.group_combo.findData(first))
    area.group_combo.activated.emit(area.group_combo.currentIndex())
    assert len(area.driver.roster) == 8
    qtbot.keyClick(area.table, Qt.Key.Key_1)
    assert not area.group_combo.isEnabled()  # tracking: keep or start again first


def test_row_menu_offers_the_same_actions(
    qtbot: QtBot, make_area: Callable[..., TurnsArea]
) -> None:
    area = make_area(NAMES)
    menu = area._on_row_menu(area.driver.roster.ids[2], area.mapToGlobal(QPoint(10, 10)))
    texts = [a.text() for a in menu.actions()]
    assert texts[0] == "Siobhán is speaking" and "Passed" in texts
    menu.actions()[0].trigger()
    assert speaker_label(area) == "Siobhán"
    menu.close()


def test_the_area_is_accessible(
    qtbot: QtBot, make_area: Callable[..., TurnsArea], a11y: Callable[..., None]
) -> None:
    area = make_area()
    a11y(area, require_tooltips=False)
    area.driver.roster.add_many([MemberDetails(n) for n in NAMES])
    area.table.setFocus()
    qtbot.waitUntil(area.table.hasFocus)
    qtbot.keyClick(area.table, Qt.Key.Key_1)
    area.table.select_member(area.driver.roster.ids[2])
    qtbot.keyClick(area.table, Qt.Key.Key_H)
    a11y(area)


def test_in_the_main_window(
    qtbot: QtBot, main_window: object, db: Database, a11y: Callable[..., None]
) -> None:
    from ui.main_window import MainWindow

    assert isinstance(main_window, MainWindow)
    area = TurnsArea(TurnsDriver(db, clock=ManualClock(), autotick=False))
    action = main_window.add_area(area, "&Turns", "Ctrl+3")
    area.driver.roster.add_many([MemberDetails(n) for n in NAMES])
    action.trigger()
    assert main_window.tabs.currentWidget() is area
    assert area.table.hasFocus()  # straight into the table, where the keys work
    qtbot.keyClick(area.table, Qt.Key.Key_2)
    assert speaker_label(area) == "Bartosz"
    a11y(main_window)
    area.driver.shutdown()


def test_a_member_added_reaches_the_running_captions_without_a_restart(
    qtbot: QtBot, make_area: Callable[..., TurnsArea], bridge: CoreBridge
) -> None:
    from companion.speech.stream import CaptionStream
    from tests.fakes import EchoEngine

    class Listening(EchoEngine):
        terms: tuple[str, ...] = ()

        def set_vocabulary(self, terms: object, heard: object = ()) -> None:
            self.terms = tuple(terms)  # type: ignore[call-overload]

    class Idle:
        name, live = "idle", False

    engine = Listening()
    stream = CaptionStream(Idle(), lambda: engine)  # type: ignore[arg-type]
    stream.engine = engine  # as if loaded and listening
    bridge.attach(stream)
    area = make_area(["Aisha"])
    area.driver.roster.add_many([MemberDetails("Siobhan Kelly", pronunciation="shi-VAWN")])
    qtbot.waitUntil(lambda: "Siobhan Kelly" in engine.terms)
    assert {"Aisha", "Siobhan"} <= set(engine.terms)
