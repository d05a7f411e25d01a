"""A small or zoomed screen: at 200 % on 1280×720 (640×360 in Qt's units) every control of
every area can still be reached, because the areas scroll instead of running off screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtWidgets import QApplication, QScrollArea
from pytestqt.qtbot import QtBot

from tests.ui.walker import interactive_widgets
from ui.main_window import MainWindow

SMALL = (640, 360)  # 1280×720 at QT_SCALE_FACTOR=2


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
        inner = scroller.widget()  # the area showing sets the room the scroller gives
        qtbot.waitUntil(lambda inner=inner: inner.height() >= inner.minimumSizeHint().height())
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


def test_side_by_side_panes_stack_on_a_small_screen_and_come_back(
    window: MainWindow, qtbot: QtBot
) -> None:
    """At 200 % on 1280×720 the panes go one under the other, what matters most on top,
    instead of squeezing; no area needs a sideways scroll bar. Wide again, side by side."""
    facilitate, turns, notes = (window.tabs.widget(i) for i in (1, 2, 3))
    splitters = {
        "Facilitate": (facilitate.splitter, facilitate.now),  # now and what is due on top
        "Turns": (turns.splitter, turns.now),  # who speaks now, the queue, the nudges on top
        "Notes": (notes.splitter, notes.sections),  # the questions, then the notes
    }
    window.resize(*SMALL)
    qtbot.waitUntil(lambda: window.width() <= SMALL[0] + 1)
    scroller = window.findChild(QScrollArea, "work_area_scroller")
    assert scroller is not None
    for area_name, (splitter, first) in splitters.items():
        titles = [window.tabs.tabText(i) for i in range(window.tabs.count())]
        window.tabs.setCurrentIndex(titles.index(area_name))
        qtbot.waitUntil(lambda splitter=splitter: splitter.orientation() == Qt.Orientation.Vertical)
        assert splitter.widget(0).isAncestorOf(first), area_name
    sideways = []
    for index in range(window.tabs.count()):
        window.tabs.setCurrentIndex(index)
        QApplication.processEvents()
        if scroller.horizontalScrollBar().maximum() > 0:
            sideways.append(window.tabs.tabText(index))
    assert sideways == []
    window.resize(1400, 900)
    for splitter, _first in splitters.values():
        qtbot.waitUntil(
            lambda splitter=splitter: splitter.orientation() == Qt.Orientation.Horizontal
        )
    assert not facilitate.splitter.widget(0).isAncestorOf(facilitate.now)  # timeline left again


def test_the_caption_height_does_not_depend_on_a_layout_still_pending(
    window: MainWindow, qtbot: QtBot
) -> None:
    """Fitting the captions twice before Qt lays the window out again (a settings change
    and a resize arrive together) gives the same lines: the room is measured from what
    the layout will give the display, not from its height before the change."""
    display = window.captions.display
    window.resize(1400, 1000)
    qtbot.waitUntil(lambda: display.shown_lines() > window.settings_store.current.lines + 2)

    def settled() -> bool:
        before = display.shown_lines()
        window.fit_captions()
        return display.shown_lines() == before and display.height() == display.lines_height(before)

    qtbot.waitUntil(settled)
    fitted = display.shown_lines()
    display.set_room_lines(0)  # as a settings change does, the layout not yet run
    window.fit_captions()
    assert display.shown_lines() == fitted
    window.fit_captions()  # and again, still before any layout
    assert display.shown_lines() == fitted
