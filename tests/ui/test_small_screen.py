"""A small or zoomed screen: at 200 % on 1280×720 (640×360 in Qt's units) every control of
every area can still be reached, because the areas scroll instead of running off screen."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QScrollArea
from pytestqt.qtbot import QtBot

from tests.ui.walker import interactive_widgets
from ui.app import build_window
from ui.main_window import MainWindow

SMALL = (640, 360)  # 1280×720 at QT_SCALE_FACTOR=2


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    window = build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_every_control_can_be_scrolled_into_view_on_a_small_screen(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() <= SMALL[0] + 1 and window.height() <= SMALL[1] + 1)
    scroller = window.findChild(QScrollArea, "work_area_scroller")
    assert scroller is not None
    out_of_reach = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        area = window.tabs.widget(index)
        for widget in interactive_widgets(area):
            if not widget.isVisibleTo(area) or not widget.isEnabled():
                continue
            scroller.ensureWidgetVisible(widget, 0, 0)
            top_left = widget.mapTo(window, QPoint(0, 0))
            shown = QRect(top_left, widget.size()).intersected(window.rect())
            if shown.isEmpty():
                out_of_reach.append(f"{window.tabs.tabText(index)}: {widget.accessibleName()}")
    assert out_of_reach == []


def test_the_first_window_uses_most_of_the_screen(window: MainWindow) -> None:
    screen = window.screen().availableGeometry()
    assert window.width() >= 0.75 * screen.width() or window.width() >= 1000
    assert window.height() >= 0.8 * screen.height()


def test_the_captions_grow_with_the_window_in_whole_lines(window: MainWindow, qtbot: QtBot) -> None:
    display = window.captions.display
    chosen = window.settings_store.current.lines
    window.resize(1400, 1000)
    qtbot.waitUntil(lambda: display.shown_lines() > chosen + 2)
    assert display.height() == display.lines_height(display.shown_lines())  # whole lines
    scroller = window.findChild(QScrollArea, "work_area_scroller")
    assert scroller is not None
    assert not scroller.verticalScrollBar().isVisible()  # it fits the window
    big = display.shown_lines()
    window.resize(1000, 520)
    qtbot.waitUntil(lambda: display.shown_lines() < big)
    assert display.shown_lines() >= chosen  # never fewer than the setting
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: display.shown_lines() == chosen)
