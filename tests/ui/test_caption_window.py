"""The detached caption window: detach/attach, settings, placement, keyboard and mouse."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, Qt
from PySide6.QtGui import QGuiApplication, QMouseEvent
from PySide6.QtWidgets import QApplication

from companion.contrast import THEMES
from companion.events import Caption, EngineReady, SourceLost
from ui.adapter import CoreBridge
from ui.captions.view import CaptionsView, next_font_size
from ui.captions.window import CaptionWindow, ensure_on_screen
from ui.settings.store import SettingsStore

pytestmark = pytest.mark.gui

SCREEN = QRect(0, 0, 1920, 1080)
LEFT_SCREEN = QRect(-1280, 0, 1280, 1024)


# -- ensure_on_screen (pure) ---------------------------------------------------


def test_a_window_on_screen_stays_where_it_is() -> None:
    rect = QRect(100, 700, 900, 300)
    assert ensure_on_screen(rect, [SCREEN]) == rect
    partly = QRect(1700, 900, 900, 300)  # mostly off the right edge, but 220×180 still shows
    assert ensure_on_screen(partly, [SCREEN]) == partly
    on_second = QRect(-1000, 200, 600, 200)
    assert ensure_on_screen(on_second, [SCREEN, LEFT_SCREEN]) == on_second


def test_a_window_on_an_unplugged_monitor_comes_back() -> None:
    rect = QRect(-1000, 200, 600, 200)  # was on the left monitor, now gone
    fixed = ensure_on_screen(rect, [SCREEN])
    assert SCREEN.contains(fixed)
    assert fixed.size() == rect.size()
    assert fixed.top() == 200  # moved only as far as needed


def test_a_window_far_away_goes_to_the_nearest_screen() -> None:
    rect = QRect(5000, 3000, 800, 200)
    fixed = ensure_on_screen(rect, [LEFT_SCREEN, SCREEN])
    assert SCREEN.contains(fixed)
    assert fixed.bottomRight() == SCREEN.bottomRight()


def test_a_window_bigger_than_the_screen_is_shrunk() -> None:
    rect = QRect(3000, 0, 2500, 1500)
    fixed = ensure_on_screen(rect, [SCREEN])
    assert fixed == SCREEN


def test_a_title_bar_above_the_screen_is_pulled_down() -> None:
    rect = QRect(200, -150, 800, 400)  # most of it shows, but it cannot be dragged
    fixed = ensure_on_screen(rect, [SCREEN])
    assert fixed == QRect(200, 0, 800, 400)


def test_barely_visible_counts_as_off_screen() -> None:
    rect = QRect(1900, 500, 800, 300)  # a 20 px sliver
    fixed = ensure_on_screen(rect, [SCREEN])
    assert SCREEN.contains(fixed)


def test_no_screens_leaves_the_rect_alone() -> None:
    rect = QRect(10, 10, 100, 100)
    assert ensure_on_screen(rect, []) == rect


# -- the window ----------------------------------------------------------------


@pytest.fixture
def store(tmp_path: Path) -> SettingsStore:
    return SettingsStore(tmp_path / "settings.json")


@pytest.fixture
def bridge() -> Iterator[CoreBridge]:
    bridge = CoreBridge()
    yield bridge
    bridge.stop()


@pytest.fixture
def view(qtbot: Any, bridge: CoreBridge, store: SettingsStore) -> Iterator[CaptionsView]:
    view = CaptionsView(bridge, store)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitExposed(view)
    yield view
    view.shutdown()


def detach(qtbot: Any, view: CaptionsView) -> CaptionWindow:
    view.detach_action.trigger()
    window = view.caption_window
    assert window is not None
    qtbot.waitExposed(window)
    return window


def test_detach_moves_the_captions_and_closing_brings_them_back(
    qtbot: Any, view: CaptionsView, bridge: CoreBridge
) -> None:
    bridge.caption.emit(Caption("final", "Said before detaching.", 0.0, 1.0))
    display = view.display
    with qtbot.waitSignal(view.detached_changed) as detached:
        window = detach(qtbot, view)
    assert detached.args == [True]
    assert display.window() is window and window.isWindow()
    assert view.detach_action.isChecked() and view.detach_action.text() == "Attach captions"
    assert view.placeholder.isVisible() and not view.display_holder.isVisible()
    bridge.caption.emit(Caption("partial", "said while", 2.0, 3.0))
    bridge.caption.emit(Caption("final", "Said while detached.", 2.0, 3.0))
    assert display.document().toPlainText() == "Said before detaching. Said while detached."
    with qtbot.waitSignal(view.detached_changed) as attached:
        window.close()
    assert attached.args == [False]
    assert view.caption_window is None and not view.detach_action.isChecked()
    assert display.window() is view and display.isVisible()
    assert display.height() == display.lines_height()  # back to exactly N lines
    assert display.document().toPlainText().endswith("Said while detached.")


def test_bring_back_button_reattaches(qtbot: Any, view: CaptionsView) -> None:
    detach(qtbot, view)
    view.back_button.click()
    assert not view.detached
    assert view.display.window() is view


def test_the_window_follows_the_caption_settings(
    qtbot: Any, view: CaptionsView, store: SettingsStore
) -> None:
    window = detach(qtbot, view)
    store.update(font_size=48, theme="yellow-on-black", lines=4)
    assert window.display.font().pointSize() == 48
    assert f"background-color: {THEMES['yellow-on-black'].background}" in (
        window.panel.styleSheet()
    )
    assert window.display.theme == THEMES["yellow-on-black"]
    qtbot.waitUntil(lambda: window.display.height() == window.display.lines_height(4))


def test_on_top_frameless_and_translucent(
    qtbot: Any, view: CaptionsView, store: SettingsStore
) -> None:
    window = detach(qtbot, view)
    assert window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint  # on top by default
    assert not window.windowFlags() & Qt.WindowType.FramelessWindowHint
    store.update(detached_on_top=False, detached_frameless=True, detached_translucent=True)
    qtbot.waitExposed(window)
    assert window.isVisible()
    assert not window.windowFlags() & Qt.WindowType.WindowStaysOnTopHint
    assert window.windowFlags() & Qt.WindowType.FramelessWindowHint
    assert window.testAttribute(Qt.WidgetAttribute.WA_TranslucentBackground)
    assert "rgba(" in window.panel.styleSheet()
    assert "background-color: transparent" in window.display.styleSheet() or (
        "rgba(" in window.display.styleSheet()
    )
    assert f"color: {window.display.theme.foreground}" in window.display.styleSheet()


def test_position_is_remembered(qtbot: Any, view: CaptionsView, store: SettingsStore) -> None:
    window = detach(qtbot, view)
    window.move(140, 160)
    window.resize(500, 250)
    qtbot.waitUntil(lambda: window.pos() == QPoint(140, 160))
    window.close()
    assert store.current.detached_geometry
    again = detach(qtbot, view)
    assert again is not window
    assert again.pos() == QPoint(140, 160)
    assert again.width() == 500


def test_off_screen_position_is_brought_back(
    qtbot: Any, view: CaptionsView, store: SettingsStore
) -> None:
    window = detach(qtbot, view)
    window.move(100, 100)
    qtbot.waitUntil(lambda: window.pos() == QPoint(100, 100))
    window.move(20000, 20000)  # as if the monitor it was on has gone
    window.close()
    again = detach(qtbot, view)
    screens = [s.availableGeometry() for s in QGuiApplication.screens()]
    assert any(s.intersects(again.frameGeometry()) for s in screens)
    assert ensure_on_screen(again.frameGeometry(), screens) == again.frameGeometry()


def test_arrow_keys_move_and_ctrl_arrows_resize(qtbot: Any, view: CaptionsView) -> None:
    window = detach(qtbot, view)
    window.move(200, 200)
    qtbot.waitUntil(lambda: window.pos() == QPoint(200, 200))
    qtbot.keyClick(window.display, Qt.Key.Key_Right)
    qtbot.keyClick(window.display, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: window.pos() == QPoint(210, 260))
    width = window.width()
    qtbot.keyClick(window.display, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.width() == width + 20)


def test_frameless_window_drags_from_anywhere(
    qtbot: Any, view: CaptionsView, store: SettingsStore
) -> None:
    store.update(detached_frameless=True)
    window = detach(qtbot, view)
    window.move(300, 300)
    qtbot.waitUntil(lambda: window.pos() == QPoint(300, 300))
    target = window.display.viewport()
    start = QPointF(target.mapToGlobal(QPoint(20, 20)))
    left = Qt.MouseButton.LeftButton

    def send(kind: QEvent.Type, global_pos: QPointF, buttons: Qt.MouseButton) -> None:
        local = QPointF(target.mapFromGlobal(global_pos.toPoint()))
        event = QMouseEvent(kind, local, global_pos, left, buttons, Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(target, event)

    send(QEvent.Type.MouseButtonPress, start, left)
    send(QEvent.Type.MouseMove, start + QPointF(50, 30), left)
    send(QEvent.Type.MouseButtonRelease, start + QPointF(50, 30), Qt.MouseButton.NoButton)
    qtbot.waitUntil(lambda: window.pos() == QPoint(350, 330))


def test_shortcuts_work_in_the_detached_window(
    qtbot: Any, view: CaptionsView, store: SettingsStore, bridge: CoreBridge
) -> None:
    window = detach(qtbot, view)
    window.display.setFocus()
    size = store.current.font_size
    qtbot.keyClick(window.display, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert store.current.font_size == next_font_size(size, True)
    assert window.display.font().pointSize() == store.current.font_size
    for i in range(12):
        bridge.caption.emit(Caption("final", f"Sentence {i}.", i * 5.0, i * 5.0 + 1))
    qtbot.keyClick(window.display, Qt.Key.Key_F8)
    assert window.display.scroll_paused
    qtbot.keyClick(window, Qt.Key.Key_F9)
    assert not view.detached


def test_window_shows_problems_but_not_plain_listening(
    qtbot: Any, view: CaptionsView, bridge: CoreBridge, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bridge, "start", lambda *a, **k: bridge.starting.emit("System audio"))
    monkeypatch.setattr(bridge, "stop", lambda: None)
    window = detach(qtbot, view)
    view.start_action.trigger()
    assert window.status_label.text().startswith("Starting…")
    bridge.engine_ready.emit(EngineReady("vosk", "m", 0.2))
    assert window.status_label.isHidden()
    bridge.source_lost.emit(SourceLost("System audio", "no audio"))
    assert window.status_label.isVisible()
    assert window.status_label.text().startswith("System audio lost — retrying")


def test_closing_the_app_window_does_not_keep_the_captions_window_alive(
    qtbot: Any, view: CaptionsView
) -> None:
    window = detach(qtbot, view)
    assert not window.testAttribute(Qt.WidgetAttribute.WA_QuitOnClose)
    view.shutdown()
    assert view.caption_window is None and not window.isVisible()


def test_the_detached_window_shows_whole_lines_only_at_any_height(
    qtbot: Any, view: CaptionsView, bridge: CoreBridge
) -> None:
    for n in range(12):
        bridge.caption.emit(
            Caption("final", f"Sentence number {n} goes on a while here.", n, n + 1)
        )
    window = detach(qtbot, view)
    display = view.display
    step = display.line_step()
    for height in (301, 347, 420, 533):
        window.resize(900, height)
        # No sliver of an earlier line above the first one: the text area is whole lines.
        qtbot.waitUntil(lambda: display.viewport().height() % step < 1.0)
        assert display.viewport().height() >= 2 * step - 1
