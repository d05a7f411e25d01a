"""The Facilitate area: plans and groups, the timeline, prompts, controls, overrun, record."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QStandardItemModel
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

import ui.facilitation.area as area_module
from companion.clock import ManualClock, ScaledClock
from companion.facilitation.events import RunState
from companion.facilitation.library import user_plans_dir
from companion.facilitation.record import run_review
from companion.store.database import open_database
from companion.workshop.coordinator import Workshop
from tests.ui.walker import find_problems
from ui.facilitation.area import FacilitateArea
from ui.facilitation.timeline import NOW_MARK
from ui.main_window import MainWindow
from ui.settings.store import SettingsStore
from ui.widgets.a11y import shortcut_text

MIN = 60.0
CAPTION_KEYS = {"F5", "F8", "F9", "Ctrl+S", "Ctrl+1", "Ctrl+/"}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "companion.db")
    yield db
    db.close()


@pytest.fixture
def make_area(
    qtbot: QtBot, clock: ManualClock, database: Database
) -> Iterator[Callable[..., FacilitateArea]]:
    made: list[FacilitateArea] = []

    def make(**options: Any) -> FacilitateArea:
        options.setdefault("clock", clock)
        options.setdefault("workshop", Workshop(database))
        area = FacilitateArea(**options)
        qtbot.addWidget(area)
        area.resize(1000, 700)
        area.show()
        qtbot.waitExposed(area)
        made.append(area)
        return area

    yield make
    for area in made:
        area.shutdown()


@pytest.fixture
def area(make_area: Callable[..., FacilitateArea]) -> FacilitateArea:
    return make_area()


def _start(area: FacilitateArea, plan: str = "webinar-2") -> None:
    assert area.select_plan(plan)
    area.start_button.click()
    assert area.driver.state == RunState.RUNNING


def _advance(area: FacilitateArea, clock: ManualClock, seconds: float) -> None:
    clock.advance(seconds)
    area.driver.tick()


def _titles(area: FacilitateArea) -> list[str]:
    return [card.title.text() for card in area.prompts.cards()]


def test_plans_are_offered_in_order_and_the_first_is_chosen(area: FacilitateArea) -> None:
    labels = [area.plan_combo.itemText(i) for i in range(area.plan_combo.count())]
    assert labels[0] == "Webinar 1: Introduction to the project"
    assert labels[1].startswith("Webinar 2: A shared understanding")
    assert "1-2-4-All" in labels and "Trio-outreach debrief" in labels
    assert area.selected_name() == "webinar-1-introduction"
    assert area.plan_info.text() == "120 min · 7 segments · Inclusive and collective leadership"
    assert area.timeline.count() == 7
    assert area.commands.start.isEnabled()
    assert not area.commands.pause.isEnabled()


def test_a_broken_user_plan_is_listed_but_cannot_be_run(
    make_area: Callable[..., FacilitateArea],
) -> None:
    (user_plans_dir() / "mine.toml").write_text('title = "Mine"\n[[segments]]\nminutes = 0\n')
    area = make_area()
    index = area.plan_combo.findData("mine")
    assert area.plan_combo.itemText(index) == "mine (broken)"
    model = area.plan_combo.model()
    assert isinstance(model, QStandardItemModel)
    item = model.item(index)
    assert item is not None and not item.isEnabled()
    tip = area.plan_combo.itemData(index, Qt.ItemDataRole.ToolTipRole)
    assert "mine.toml, line" in tip
    assert "could not be loaded" in area.notice_label.text()
    assert "mine.toml" in area.notice_label.text()
    assert not area.select_plan("mine")
    assert area.selected_name() != "mine"


def test_start_marks_the_current_segment_in_words_and_bold(area: FacilitateArea) -> None:
    _start(area)
    first = area.timeline.item(0)
    assert first.text().startswith(NOW_MARK)
    assert first.font().bold()
    assert not area.timeline.item(1).font().bold()
    assert area.now.segment_label.text() == "▶ Now: Welcome and plenary"
    assert area.now.time_label.text() == "25:00 left"
    assert _titles(area) == ["Captions and IT help"]
    assert not area.plan_combo.isEnabled() and not area.group_combo.isEnabled()
    assert not area.commands.start.isEnabled()


def test_moving_on_updates_timeline_question_and_prompts(
    area: FacilitateArea, clock: ManualClock
) -> None:
    _start(area)
    _advance(area, clock, 25 * MIN)
    area.commands.next.trigger()
    assert area.timeline.item(0).text().startswith("✓")
    assert area.timeline.item(1).text().startswith(NOW_MARK)
    assert area.now.question_heading.text() == "Core question"
    assert "how does leadership feel" in area.now.question_label.text()
    assert _titles(area) == ["Names, and how to say them", "Pronouns, if people wish"]
    assert area.commands.back.isEnabled()
    area.commands.back.trigger()
    assert area.timeline.item(0).text().startswith(NOW_MARK)


def test_done_and_snooze_on_a_card(area: FacilitateArea, clock: ManualClock, qtbot: QtBot) -> None:
    _start(area)
    card = area.prompts.cards()[0]
    qtbot.mouseClick(card.snooze_button, Qt.MouseButton.LeftButton)
    assert area.prompts.cards() == []
    assert area.prompts.heading.text() == "No prompts due"
    _advance(area, clock, 2 * MIN)
    again = area.prompts.cards()
    assert [c.title.text() for c in again] == ["Again: Captions and IT help"]
    assert area.prompts.heading.text() == "Due now (1)"
    qtbot.mouseClick(again[0].done_button, Qt.MouseButton.LeftButton)
    assert area.prompts.cards() == []


def test_done_and_snooze_shortcuts_act_on_the_oldest_prompt(
    area: FacilitateArea, clock: ManualClock
) -> None:
    _start(area)
    _advance(area, clock, 25 * MIN)
    area.commands.next.trigger()
    area.commands.done.trigger()
    assert _titles(area) == ["Pronouns, if people wish"]
    area.commands.snooze.trigger()
    assert _titles(area) == []
    assert not area.commands.done.isEnabled()


def test_pause_stops_the_clock_and_says_so(area: FacilitateArea, clock: ManualClock) -> None:
    _start(area)
    area.commands.pause.trigger()
    assert area.pause_button.text() == "Resume"
    assert area.now.segment_label.text().endswith("(paused)")
    _advance(area, clock, 5 * MIN)
    assert area.now.time_label.text() == "25:00 left"
    area.commands.pause.trigger()
    assert area.pause_button.text() == "Pause"
    _advance(area, clock, 5 * MIN)
    assert area.now.time_label.text() == "20:00 left"


def test_overrun_offers_to_take_time_or_extend(area: FacilitateArea, clock: ManualClock) -> None:
    _start(area, "breakout-30")
    assert area.now.overrun.isHidden()
    _advance(area, clock, 6 * MIN)
    box = area.now.overrun
    assert box.isVisible()
    assert box.message.text() == "Time is up for “Check-in”: 1:00 over."
    assert area.now.time_label.text() == "1:00 over"
    area.minutes_spin.setValue(3)
    assert box.take_button.text() == "Take 3 min from later"
    box.take_button.click()
    assert box.isHidden()
    assert area.now.time_label.text() == "2:00 left"
    lines = area.timeline.lines()
    assert lines[0].endswith("Check-in · 8 min, +3")
    assert lines[1].endswith("Discussion · 14 min, −3")
    assert area.now.session_label.text() == "Session: 24:00 left · on plan"
    _advance(area, clock, 3 * MIN)
    box.extend_button.click()
    assert area.timeline.lines()[0].endswith("Check-in · 11 min, +6")
    assert area.now.session_label.text() == "Session: 24:00 left · 3 min behind"


def test_move_on_from_the_overrun_box(area: FacilitateArea, clock: ManualClock) -> None:
    _start(area, "breakout-30")
    _advance(area, clock, 6 * MIN)
    area.now.overrun.move_on_button.click()
    assert area.driver.current_status() is not None
    assert area.now.segment_label.text() == "▶ Now: Discussion"


def test_moving_on_automatically(area: FacilitateArea, clock: ManualClock) -> None:
    area.auto_check.setChecked(True)
    _start(area, "breakout-30")
    _advance(area, clock, 5 * MIN)
    assert area.now.segment_label.text() == "▶ Now: Discussion"
    assert area.now.overrun.isHidden()


def test_finish_asks_first_unless_at_the_last_segment(
    area: FacilitateArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]
    asked: list[str] = []

    def question(_parent: object, _title: str, text: str, *_a: object) -> object:
        asked.append(text)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", staticmethod(question))
    _start(area, "breakout-30")
    area.commands.finish.trigger()
    assert area.driver.active and "3 segments have not been run" in asked[0]
    area.commands.finish.trigger()
    assert area.driver.state == RunState.FINISHED
    assert area.now.segment_label.text() == "The run is finished. Its record is kept."
    assert area.commands.start.isEnabled() and area.plan_combo.isEnabled()


def test_next_on_the_last_segment_finishes_without_asking(
    area: FacilitateArea, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(QMessageBox, "question", staticmethod(lambda *a: pytest.fail("asked")))
    _start(area, "breakout-30")
    for _ in range(4):
        area.commands.next.trigger()
    assert area.driver.state == RunState.FINISHED


def test_the_run_is_recorded_for_the_chosen_group(
    area: FacilitateArea, clock: ManualClock, database: Database
) -> None:
    area.group_combo.setCurrentText("Group 7")
    _start(area, "breakout-30")
    area.commands.done.trigger()
    _advance(area, clock, 2 * MIN)
    area.commands.snooze.trigger()
    area.commands.next.trigger()
    run_id = area.driver.run_id
    assert run_id is not None
    area.driver.finish()
    stored = run_review(database, run_id)
    assert stored["state"] == "finished" and stored["plan_name"] == "breakout-30"
    group = database["groups"].get(stored["group_id"])
    assert group["name"] == "Group 7"
    outcomes = {p["title"]: p["outcome"] for p in stored["prompts"]}
    assert outcomes["Names, and how to say them"] == "done"
    assert outcomes["Access needs"] == "snoozed"
    assert [s["left_by"] for s in stored["segments"]] == ["next", "finish"]


def test_a_store_that_fails_leaves_the_plan_running(
    make_area: Callable[..., FacilitateArea], tmp_path: Path
) -> None:
    broken = open_database(tmp_path / "broken.db")
    broken.close()  # every write now fails, as on a disk that went away

    area = make_area(workshop=Workshop(broken))
    _start(area, "breakout-30")
    assert "not being saved" in area.notice_label.text()
    assert area.prompts.cards()


def test_announcements_are_polite_and_sound_is_off_by_default(
    area: FacilitateArea, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    said: list[tuple[str, bool]] = []
    beeps: list[int] = []
    monkeypatch.setattr(
        area_module, "announce", lambda _w, text, assertive=False: said.append((text, assertive))
    )
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    assert not area.sound_check.isChecked()
    _start(area, "breakout-30")
    assert ("Prompt: Names, and how to say them", False) in said
    assert beeps == []
    area.sound_check.setChecked(True)
    _advance(area, clock, 1 * MIN)
    assert beeps == [1]
    _advance(area, clock, 5 * MIN)
    assert ("Time is up for Check-in.", False) in said
    area.commands.next.trigger()
    assert ("Now: Discussion, 17 minutes.", False) in said
    assert all(not assertive for _text, assertive in said)


def test_choices_are_remembered(
    make_area: Callable[..., FacilitateArea], store: SettingsStore
) -> None:
    first = make_area(settings=store)
    first.select_plan("trio-debrief")
    first.group_combo.setCurrentText("Blue group")
    first.sound_check.setChecked(True)
    second = make_area(settings=store)
    assert second.selected_name() == "trio-debrief"
    assert second.group_combo.currentText() == "Blue group"
    assert second.sound_check.isChecked() and not second.auto_check.isChecked()


def test_demo_mode_runs_a_faster_clock(
    make_area: Callable[..., FacilitateArea], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPANION_DEMO_SPEED", "60")
    area = make_area(clock=None)
    assert isinstance(area.driver.clock, ScaledClock) and area.driver.speed == 60
    assert "Demo mode" in area.notice_label.text() and "60 times faster" in area.notice_label.text()
    monkeypatch.setenv("COMPANION_DEMO_SPEED", "fast")
    slow = make_area(clock=None)
    assert slow.driver.speed == 1.0
    assert "must be a number" in slow.notice_label.text()


def test_shortcuts_keep_clear_of_the_caption_keys(area: FacilitateArea) -> None:
    keys = {a.text(): shortcut_text(a) for a in area.commands.all()}
    assert keys["&Start plan"] == QKeySequence("Ctrl+Shift+G").toString(
        QKeySequence.SequenceFormat.NativeText
    )
    used = {
        seq.toString(QKeySequence.SequenceFormat.PortableText)
        for a in area.commands.all()
        for seq in a.shortcuts()
    }
    assert used.isdisjoint(CAPTION_KEYS)
    assert all(a.toolTip() and a.text() for a in area.commands.all())


def test_in_the_main_window_the_keys_work_and_the_walker_passes(
    qtbot: QtBot,
    main_window: MainWindow,
    clock: ManualClock,
    database: Database,
) -> None:
    area = FacilitateArea(clock=clock, workshop=Workshop(database))
    main_window.resize(1000, 700)
    show = main_window.add_area(area, "&Facilitate", "Ctrl+2")
    assert shortcut_text(show) == QKeySequence("Ctrl+2").toString(
        QKeySequence.SequenceFormat.NativeText
    )
    show.trigger()
    assert main_window.tabs.currentWidget() is area
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    area.select_plan("breakout-30")
    qtbot.keyClick(
        main_window,
        Qt.Key.Key_G,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    qtbot.waitUntil(lambda: area.driver.state == RunState.RUNNING)
    clock.advance(6 * MIN)
    area.driver.tick()  # prompts showing and the overrun offer up: every control is walked
    assert area.now.overrun.isVisible()
    # The walker also reports the text-less action of Qt's own menu-bar overflow button,
    # which Qt makes whenever the menu bar was once laid out narrow (a walker issue, not
    # this area's): leave that one out and fail on anything else.
    problems = [p for p in find_problems(main_window) if "qt_menubar_ext_button" not in p]
    assert problems == []
    area.shutdown()
