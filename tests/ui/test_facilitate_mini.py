"""The mini window: small, on top, with the segment, time left and next prompt."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from companion.clock import ManualClock
from companion.facilitation.events import RunState
from ui.facilitation.area import FacilitateArea
from ui.facilitation.mini_window import MINI_SIZE, MiniWindow

MIN = 60.0


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture
def area(qtbot: QtBot, clock: ManualClock) -> Iterator[FacilitateArea]:
    area = FacilitateArea(clock=clock)
    qtbot.addWidget(area)
    area.resize(1000, 700)
    area.show()
    qtbot.waitExposed(area)
    yield area
    area.shutdown()


def _mini(area: FacilitateArea, qtbot: QtBot) -> MiniWindow:
    area.commands.mini.trigger()
    mini = area.mini
    assert isinstance(mini, MiniWindow)
    qtbot.waitExposed(mini)
    return mini


def test_mini_is_small_on_top_and_says_nothing_runs_yet(area: FacilitateArea, qtbot: QtBot) -> None:
    mini = _mini(area, qtbot)
    assert mini.isWindow()
    assert mini.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert (mini.width(), mini.height()) == MINI_SIZE
    assert mini.segment_label.text() == "No plan running"
    assert area.commands.mini.isChecked()
    mini.close()
    assert not area.commands.mini.isChecked()


def test_mini_follows_the_run(area: FacilitateArea, clock: ManualClock, qtbot: QtBot) -> None:
    area.select_plan("webinar-2")
    area.commands.start.trigger()
    mini = _mini(area, qtbot)
    assert mini.segment_label.text() == "▶ Now: Welcome and plenary"
    assert mini.time_label.text() == "25:00 left"
    assert mini.due_label.text() == "Due: Captions and IT help"
    assert mini.next_label.text() == "Next prompt in 22:00: Get ready for your group"
    clock.advance(26 * MIN)
    area.driver.tick()
    assert mini.time_label.text() == "1:00 over"
    assert mini.time_label.accessibleName() == "1 minute over"
    assert mini.due_label.text() == "Due: Captions and IT help (+1 more)"
    assert mini.next_label.text() == "Next prompt when you move on: Names, and how to say them"
    qtbot.mouseClick(mini.done_button, Qt.MouseButton.LeftButton)
    assert mini.due_label.text() == "Due: Get ready for your group"
    qtbot.mouseClick(mini.next_button, Qt.MouseButton.LeftButton)
    assert mini.segment_label.text() == "▶ Now: Check-in"
    qtbot.mouseClick(mini.pause_button, Qt.MouseButton.LeftButton)
    assert area.driver.state == RunState.PAUSED
    assert mini.segment_label.text() == "▶ Now: Check-in (paused)"
    mini.close()


def test_mini_keys_work_while_it_is_the_active_window(area: FacilitateArea, qtbot: QtBot) -> None:
    area.select_plan("breakout-30")
    area.commands.start.trigger()
    mini = _mini(area, qtbot)
    mini.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is mini)
    qtbot.keyClick(
        mini, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    qtbot.waitUntil(lambda: mini.segment_label.text() == "▶ Now: Discussion")
    mini.close()


def test_full_window_brings_the_area_back(area: FacilitateArea, qtbot: QtBot) -> None:
    mini = _mini(area, qtbot)
    qtbot.mouseClick(mini.full_button, Qt.MouseButton.LeftButton)
    assert area.isVisible()
    mini.close()


def test_mini_is_accessible(area: FacilitateArea, qtbot: QtBot, a11y: Callable[..., None]) -> None:
    area.select_plan("breakout-30")
    area.commands.start.trigger()
    mini = _mini(area, qtbot)
    a11y(mini)
    mini.close()
