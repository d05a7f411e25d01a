"""Participant mode: a deaf participant gets just captions, large and on top.

``companion --captions`` opens it once; the first start asks what the person
is here for and remembers it; Settings and the View menu change it back.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from companion.captions_status import CaptionState
from tests.ui.walker import alt_clashes, assert_accessible
from ui.app import build_window, start_in_mode
from ui.main_window import MainWindow
from ui.window.participant import LARGE_TEXT, FirstStartDialog


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    window = build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.captions.set_detached(False)
    window.close()


def _visible_areas(window: MainWindow) -> list[str]:
    tabs = window.tabs
    return [tabs.tabText(i) for i in range(tabs.count()) if tabs.isTabVisible(i)]


def _visible_menus(window: MainWindow) -> list[str]:
    return [a.text().replace("&", "") for a in window.menuBar().actions() if a.isVisible()]


def test_captions_flag_opens_just_large_captions_on_top(window: MainWindow, qtbot: QtBot) -> None:
    assert start_in_mode(window, captions_only=True) is None
    assert _visible_areas(window) == ["Captions"]
    assert not window.tabs.tabBar().isVisible()
    assert {"Facilitate", "Turns", "Notes"}.isdisjoint(_visible_menus(window))
    assert window.settings_store.current.font_size == LARGE_TEXT
    qtbot.waitUntil(lambda: window.captions.caption_window is not None)
    caption_window = window.captions.caption_window
    assert caption_window is not None and caption_window.isVisible()
    assert caption_window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert not window.area_actions[window.tabs.widget(1)].isEnabled()  # Ctrl+2 is out of the way
    assert window.settings_store.current.mode == ""  # --captions is for this once
    assert_accessible(window)
    assert alt_clashes(window) == []


def test_first_start_asks_and_remembers_captions_for_me(window: MainWindow, qtbot: QtBot) -> None:
    dialog = start_in_mode(window, captions_only=False)
    assert isinstance(dialog, FirstStartDialog)
    qtbot.waitExposed(dialog)
    assert_accessible(dialog)
    assert alt_clashes(dialog) == []
    qtbot.mouseClick(dialog.captions_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.settings_store.current.mode == "captions")
    assert _visible_areas(window) == ["Captions"]
    assert window.participant_action.isChecked()
    # Next start: no question, straight into captions.
    window.set_participant_mode(False)
    window.settings_store.update(mode="captions")
    assert start_in_mode(window, captions_only=False) is None
    assert _visible_areas(window) == ["Captions"]


def test_first_start_for_the_facilitator_keeps_every_area(window: MainWindow, qtbot: QtBot) -> None:
    dialog = start_in_mode(window, captions_only=False)
    assert isinstance(dialog, FirstStartDialog)
    dialog.facilitate_button.click()
    qtbot.waitUntil(lambda: window.settings_store.current.mode == "facilitate")
    assert _visible_areas(window) == ["Captions", "Facilitate", "Turns", "Notes", "Lead"]
    assert start_in_mode(window, captions_only=False) is None  # asked once only


def test_settings_change_it_back(window: MainWindow, qtbot: QtBot) -> None:
    window.set_participant_mode(True)
    dialog = window.open_settings()
    assert dialog.mode.currentData() == "captions"
    dialog.mode.setCurrentIndex(dialog.mode.findData("facilitate"))
    dialog.accept()
    qtbot.waitUntil(lambda: len(_visible_areas(window)) == 5)
    assert "Facilitate" in _visible_menus(window)
    assert window.tabs.tabBar().isVisible()
    assert window.area_actions[window.tabs.widget(1)].isEnabled()


def test_captions_flag_outlasts_other_settings_changes(window: MainWindow) -> None:
    window.settings_store.update(mode="facilitate")  # the remembered choice is the workshop
    start_in_mode(window, captions_only=True)
    window.settings_store.update(theme="yellow-on-black", font_size=60)
    assert _visible_areas(window) == ["Captions"]
    assert window.settings_store.current.mode == "facilitate"


def test_captions_flag_keeps_the_saved_text_size(window: MainWindow, qtbot: QtBot) -> None:
    """Big captions for the participant never overwrite the size chosen for the whole app."""
    store = window.settings_store
    store.update(font_size=20)
    start_in_mode(window, captions_only=True)
    display = window.captions.display
    assert store.current.font_size == LARGE_TEXT
    qtbot.waitUntil(lambda: display.font().pointSize() == LARGE_TEXT)
    assert store.saved.font_size == 20  # the app's own size, as on disk
    assert f"{LARGE_TEXT} pt" in window.message_strip.message()
    assert "20 pt" in window.message_strip.message()
    # The small window shows the whole note, not the little the status parts leave.
    strip = window.message_strip
    qtbot.waitUntil(
        lambda: strip.isVisible() and strip.height() >= strip.heightForWidth(strip.width())
    )
    assert strip.width() >= window.centralWidget().width() - 2
    # A size the participant picks here (A+) is this mode's, and remembered.
    window.captions.bigger_action.trigger()
    qtbot.waitUntil(lambda: display.font().pointSize() > LARGE_TEXT)
    bigger = store.current.font_size
    assert (store.saved.participant_font_size, store.saved.font_size) == (bigger, 20)
    store.save_now()
    again = type(store)()
    assert (again.current.font_size, again.saved.participant_font_size) == (20, bigger)
    # Back to the whole workshop: the facilitator's 20 pt.
    window.set_participant_mode(False)
    qtbot.waitUntil(lambda: display.font().pointSize() == 20)


def test_captions_flag_keeps_the_saved_on_top_choice(window: MainWindow, qtbot: QtBot) -> None:
    """Participant mode puts its captions on top without changing what the whole app saved
    for its detached window; a participant who turns "on top" off here keeps that here."""
    store = window.settings_store
    store.update(detached_on_top=False)  # the facilitator's detached window floats freely
    start_in_mode(window, captions_only=True)
    qtbot.waitUntil(lambda: window.captions.caption_window is not None)
    caption_window = window.captions.caption_window
    assert caption_window is not None
    assert caption_window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert store.saved.detached_on_top is False  # not silently changed on disk
    store.update(detached_on_top=False)  # Settings, in participant mode
    qtbot.waitUntil(lambda: not caption_window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)
    assert (store.saved.participant_on_top, store.saved.detached_on_top) == (False, False)
    store.update(detached_on_top=True)
    assert (store.saved.participant_on_top, store.saved.detached_on_top) == (True, False)
    window.set_participant_mode(False)
    qtbot.waitUntil(lambda: not caption_window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint)


def test_participant_window_is_as_wide_as_its_controls(window: MainWindow, qtbot: QtBot) -> None:
    """The small window behind the captions shows every control without a scroll bar."""
    start_in_mode(window, captions_only=True)
    window.resize(300, 330)  # as someone pushing it out of the call's way
    scroller = window.scroller
    qtbot.waitUntil(lambda: window.width() > 300)
    qtbot.waitUntil(lambda: not scroller.horizontalScrollBar().isVisible())
    controls = window.captions.detach_button
    assert controls.isVisible()
    right = controls.mapTo(window, controls.rect().topRight()).x()
    assert right <= scroller.viewport().width()
    window.set_participant_mode(False)
    assert window.minimumWidth() == 0  # the full app may be small again (it scrolls)


def test_participant_window_grows_with_the_status_words(window: MainWindow, qtbot: QtBot) -> None:
    """The engine named once it is ready ("Engine: whisper tiny.en, listening") is not cut off."""
    start_in_mode(window, captions_only=True)
    window.resize(300, 330)
    feed = window._bridge.caption_status  # the feed the status line follows
    long_engine = "whisper tiny.en"
    ready = replace(feed.current, state=CaptionState.LISTENING, engine=long_engine)
    feed.changed.emit(ready)
    label = window.status_line.engine_label
    qtbot.waitUntil(lambda: long_engine in label.text())
    qtbot.waitUntil(lambda: label.width() >= label.sizeHint().width())  # every letter shows
    source = window.status_line.source_label
    assert source.width() >= source.sizeHint().width()
    assert window.width() <= window.screen().availableGeometry().width()
