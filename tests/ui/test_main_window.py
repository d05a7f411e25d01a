"""The main window: areas, menus, status line, remembered settings and geometry, start-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer, QUrl
from PySide6.QtGui import QAction, QDesktopServices
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QMessageBox, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

import ui.main_window as main_window_module
from companion.events import EngineReady, LevelChanged, SourceLost, SourceRestored, StreamStopped
from companion.settings import Settings, settings_path
from ui import app as app_module
from ui.adapter import CoreBridge
from ui.main_window import MainWindow
from ui.settings.store import SettingsStore
from ui.widgets.a11y import plain_text, shortcut_text


def _status(window: MainWindow, object_name: str) -> str:
    label = window.statusBar().findChild(QLabel, object_name)
    assert label is not None, object_name
    if object_name != "level_status":
        assert label.accessibleName() == label.text()  # what is shown is what is said
    return label.text()


# Menus and shortcuts.


def test_menus_hold_every_action(main_window: MainWindow) -> None:
    menus = [a.text().replace("&", "") for a in main_window.menuBar().actions()]
    assert menus == ["File", "View", "Captions", "Tools", "Help"]
    in_menus = {id(action) for _menu, action in main_window.menu_actions()}
    for action in main_window.captions.actions_for_menu():
        assert id(action) in in_menus, action.text()
    where = {plain_text(a.text()): menu for menu, a in main_window.menu_actions()}
    assert where["Save transcript…"] == "File"
    assert where["Settings…"] == "File"
    assert where["Quit"] == "File"
    for view_action in ("Bigger text", "Smaller text", "Pause scrolling", "Detach captions"):
        assert where[view_action] == "View"
    assert where["Full screen"] == "View"
    assert where["Show Captions"] == "View"
    assert where["Start captions"] == "Captions"
    assert where["Clear captions"] == "Captions"
    assert where["Speech models…"] == "Tools"
    for help_action in ("User guide", "Keyboard shortcuts", "About Companion"):
        assert where[help_action] == "Help"


def test_every_action_has_text_tooltip_and_most_have_shortcuts(main_window: MainWindow) -> None:
    without_keys = []
    for _menu, action in main_window.menu_actions():
        assert plain_text(action.text()).strip()
        assert action.toolTip().strip()
        if not shortcut_text(action):
            without_keys.append(plain_text(action.text()))
    assert without_keys == ["About Companion"]


def test_shortcuts_dialog_lists_every_action_and_its_keys(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    trigger = _action(main_window, "keyboard_shortcuts")
    trigger.trigger()
    dialog = main_window.open_shortcuts()  # the same dialog, brought back
    qtbot.waitExposed(dialog)
    rows = dialog.rows()
    assert len(rows) == len(main_window.menu_actions())
    assert ("Captions", "Start captions", "F5") in rows
    assert ("File", "Quit", "Ctrl+Q") in rows
    assert ("View", "Full screen", "F11") in rows
    assert ("Help", "Keyboard shortcuts", "Ctrl+/") in rows
    assert ("Help", "About Companion", "none") in rows
    assert any(r[1] == "Bigger text" and r[2].startswith("Ctrl++") for r in rows)
    dialog.close()


def test_shortcut_keys_trigger_their_actions(
    qtbot: QtBot, main_window: MainWindow, store: SettingsStore
) -> None:
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)
    before = store.current.font_size
    qtbot.keyClick(
        main_window.captions.display, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier
    )
    qtbot.waitUntil(lambda: store.current.font_size > before)
    qtbot.keyClick(main_window.captions.display, Qt.Key.Key_F11)
    qtbot.waitUntil(main_window.isFullScreen)
    qtbot.keyClick(main_window.captions.display, Qt.Key.Key_F11)
    qtbot.waitUntil(lambda: not main_window.isFullScreen())


def test_full_screen_toggles(qtbot: QtBot, main_window: MainWindow) -> None:
    main_window.full_screen_action.trigger()
    qtbot.waitUntil(main_window.isFullScreen)
    main_window.full_screen_action.trigger()
    qtbot.waitUntil(lambda: not main_window.isFullScreen())
    assert not main_window.full_screen_action.isChecked()


# Areas.


def test_one_area_shows_no_tab_bar_and_more_areas_do(qtbot: QtBot, main_window: MainWindow) -> None:
    tabs = main_window.tabs
    assert main_window.areas() == [main_window.captions]
    assert not tabs.tabBar().isVisible()  # calm: nothing to switch between yet
    notes = QWidget()
    field = QLineEdit()
    field.setAccessibleName("Note")
    QVBoxLayout(notes).addWidget(field)
    action = main_window.add_area(notes, "&Notes", "Ctrl+4")
    assert main_window.areas() == [main_window.captions, notes]
    assert tabs.tabBar().isVisible()
    assert notes.accessibleName() == "Notes"
    assert shortcut_text(action) == "Ctrl+4"
    assert action in [a for _m, a in main_window.menu_actions()]
    action.trigger()
    assert tabs.currentWidget() is notes
    qtbot.waitUntil(field.hasFocus)


# Status line.


def test_status_line_follows_the_bridge(main_window: MainWindow, bridge: CoreBridge) -> None:
    assert _status(main_window, "engine_status") == "Engine: not started"
    assert _status(main_window, "source_status") == "Source: System audio"
    assert _status(main_window, "level_status") == "Level: off"
    assert _status(main_window, "saved_status") == "Transcript: not kept"

    bridge.starting.emit("Microphone")
    assert _status(main_window, "engine_status") == "Engine: loading…"
    assert _status(main_window, "source_status") == "Source: Microphone"

    bridge.engine_ready.emit(EngineReady("vosk", "vosk-model-small-en-us-0.15", 1.2))
    assert _status(main_window, "engine_status") == (
        "Engine: vosk vosk-model-small-en-us-0.15, listening"
    )

    bridge.level.emit(LevelChanged(level=0.8, dbfs=-12.0, voice=True, time=1.0))
    assert _status(main_window, "level_status") == "Level: ●●●●○ speech"
    level = main_window.statusBar().findChild(QLabel, "level_status")
    assert level is not None and level.accessibleName() == "Level 4 of 5, speech"
    bridge.level.emit(LevelChanged(level=0.05, dbfs=-57.0, voice=False, time=1.1))
    assert _status(main_window, "level_status") == "Level: ○○○○○ quiet"

    bridge.source_lost.emit(SourceLost("Microphone", "the device was unplugged"))
    assert _status(main_window, "source_status") == "Source: Microphone lost, retrying"
    assert "unplugged" in main_window.message_strip.message()
    bridge.source_restored.emit(SourceRestored("Microphone"))
    assert _status(main_window, "source_status") == "Source: Microphone"

    bridge.stopped.emit(StreamStopped())
    assert _status(main_window, "engine_status") == "Engine: stopped"
    assert _status(main_window, "level_status") == "Level: off"

    bridge.failed.emit("No microphone or audio device was found. Plug one in.")
    assert _status(main_window, "engine_status") == "Engine: stopped by an error"
    assert "Plug one in" in main_window.message_strip.message()


def _read_whole(window: MainWindow, qtbot: QtBot, words: str) -> None:
    """The message strip shows ``words`` across the window, every line of them."""
    strip = window.message_strip
    qtbot.waitUntil(lambda: strip.isVisible() and words in strip.text())
    qtbot.waitUntil(lambda: strip.height() >= strip.heightForWidth(strip.width()))
    assert strip.width() >= window.centralWidget().width() - 2  # the window's width
    assert strip.accessibleName().endswith(strip.text())  # read out as shown


def test_long_messages_are_read_whole_on_a_small_screen(
    main_window: MainWindow, bridge: CoreBridge, qtbot: QtBot
) -> None:
    """At 640×360 a source's long trouble is not cut off beside the status parts."""
    main_window.resize(640, 360)
    bridge.starting.emit("Call audio (speakers of this computer)")
    bridge.engine_ready.emit(EngineReady("whisper", "tiny.en", 1.2))
    reason = (
        "the device was unplugged or another program took it; plug it back in or "
        "choose another source in Settings"
    )
    bridge.source_lost.emit(SourceLost("Call audio (speakers of this computer)", reason))
    _read_whole(main_window, qtbot, reason)
    strip = main_window.message_strip
    assert strip.heightForWidth(strip.width()) > strip.fontMetrics().height() * 2  # it wraps
    # The status parts give up room with "…", but the engine part keeps its model.
    engine = main_window.statusBar().findChild(QLabel, "engine_status")
    assert engine is not None and "tiny.en" in engine.toolTip()
    model = engine.fontMetrics().horizontalAdvance("Engine: whisper tiny.en")
    qtbot.waitUntil(lambda: engine.contentsRect().width() >= model)
    assert main_window.statusBar().width() <= main_window.width()
    bridge.source_restored.emit(SourceRestored("Call audio (speakers of this computer)"))
    _read_whole(main_window, qtbot, "is back")


def test_a_device_name_that_looks_like_markup_is_shown_as_written(
    main_window: MainWindow, bridge: CoreBridge, qtbot: QtBot
) -> None:
    odd = "<b>USB</b> mic & headset"
    bridge.starting.emit(odd)
    bridge.engine_ready.emit(EngineReady("whisper", "tiny.en", 1.2))
    bridge.source_lost.emit(SourceLost(odd, "unplugged"))
    label = main_window.statusBar().findChild(QLabel, "source_status")
    assert label is not None and odd in label.text()
    assert "&lt;b&gt;USB&lt;/b&gt; mic &amp; headset" in label.toolTip()  # not bold "USB"
    assert main_window.message_strip.message().startswith(odd)


def test_a_message_goes_after_its_time(main_window: MainWindow, qtbot: QtBot) -> None:
    main_window.show_message("Saved.", 50)
    assert main_window.message_strip.isVisible()
    qtbot.waitUntil(lambda: not main_window.message_strip.isVisible())
    assert main_window.message_strip.message() == ""


def test_status_line_says_when_a_transcript_is_saved(main_window: MainWindow) -> None:
    main_window.captions.transcript_saved.emit("/home/someone/Captions 2024-05-01 1400.vtt")
    assert _status(main_window, "saved_status") == (
        "Transcript: saved as Captions 2024-05-01 1400.vtt"
    )
    main_window.set_saved_state("Notes saved 14:03")
    assert _status(main_window, "saved_status") == "Notes saved 14:03"


def test_source_in_the_status_line_follows_settings(
    main_window: MainWindow, store: SettingsStore
) -> None:
    store.update(source="mic")
    assert _status(main_window, "source_status") == "Source: Microphone"


# Remembering.


def test_settings_are_remembered_by_a_new_store(qtbot: QtBot, store: SettingsStore) -> None:
    store.update(font_size=72, theme="yellow-on-black", announce_finals=True)
    qtbot.waitUntil(settings_path().exists)  # saved shortly after the change, by itself
    again = SettingsStore()
    assert again.notice is None
    assert (again.current.font_size, again.current.theme) == (72, "yellow-on-black")
    assert again.current.announce_finals


def test_geometry_is_remembered(qtbot: QtBot, store: SettingsStore) -> None:
    first = MainWindow(store, CoreBridge())
    qtbot.addWidget(first)
    first.show()
    qtbot.waitExposed(first)
    first.setGeometry(40, 50, 700, 500)
    qtbot.waitUntil(lambda: first.size().width() == 700)
    first.close()
    saved = json.loads(settings_path().read_text())
    assert saved["main_geometry"] and saved["main_state"]

    second = MainWindow(SettingsStore(), CoreBridge())
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)
    second.show()
    qtbot.waitExposed(second)
    assert (second.width(), second.height()) == (700, 500)


def test_first_start_fits_a_small_laptop_screen(main_window: MainWindow) -> None:
    room = main_window.screen().availableGeometry()
    assert main_window.width() <= room.width() and main_window.height() <= room.height()


def test_closing_stops_captions_and_saves(
    qtbot: QtBot, store: SettingsStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    bridge = CoreBridge()
    stops: list[bool] = []
    monkeypatch.setattr(bridge, "stop", lambda: stops.append(True))
    window = MainWindow(store, bridge)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    store.update(lines=6)
    window.close()
    assert stops
    assert json.loads(settings_path().read_text())["lines"] == 6  # written at once, not later


# Help.


def test_user_guide_opens_in_the_desktop_viewer(
    main_window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    guide = tmp_path / "user-guide.md"
    guide.write_text("# Guide\n")
    opened: list[QUrl] = []
    monkeypatch.setattr(main_window_module, "USER_GUIDE", guide)

    def open_url(url: QUrl) -> bool:
        opened.append(url)
        return True

    monkeypatch.setattr(QDesktopServices, "openUrl", open_url)
    assert main_window.open_user_guide()
    assert opened == [QUrl.fromLocalFile(str(guide))]
    monkeypatch.setattr(main_window_module, "USER_GUIDE", tmp_path / "missing.md")
    assert not main_window.open_user_guide()
    assert "not installed" in main_window.message_strip.message()


def test_about_box_names_the_version(qtbot: QtBot, main_window: MainWindow) -> None:
    box = main_window.open_about()
    qtbot.waitExposed(box)
    assert "Companion 0." in box.text()
    box.close()


# Start-up and bad input.


def test_damaged_settings_file_gives_a_notice_not_a_crash(
    qtbot: QtBot, main_window: MainWindow
) -> None:
    path = settings_path()
    path.write_text("{ this is not json")
    store = SettingsStore()
    assert store.current == Settings()
    assert store.notice is not None
    assert path.with_name("settings.json.corrupt").exists()
    box = main_window.show_notice(store.notice)
    qtbot.waitExposed(box)
    assert "default settings" in box.text()
    assert "default settings" in main_window.message_strip.message()
    assert not box.isModal()  # a notice, never in the way
    box.close()


def test_run_opens_the_window_shows_the_notice_and_reports_timing(
    qtbot: QtBot,
    qapp: QApplication,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
) -> None:
    settings_path().write_text("[not, valid")
    monkeypatch.setenv(app_module.TIMING_ENV, "1")
    seen: dict[str, object] = {}

    def look_and_close() -> None:
        windows = [w for w in qapp.topLevelWidgets() if w.isVisible()]
        main = next(w for w in windows if isinstance(w, MainWindow))
        notices = [w for w in windows if isinstance(w, QMessageBox)]
        seen["title"] = main.windowTitle()
        seen["notice"] = notices[0].text() if notices else ""
        for notice in notices:
            notice.close()
        main.close()

    def when_ready() -> None:
        if any(isinstance(w, QMessageBox) and w.isVisible() for w in qapp.topLevelWidgets()):
            look_and_close()
        else:
            QTimer.singleShot(20, when_ready)

    QTimer.singleShot(0, when_ready)
    assert app_module.run(["companion"]) == 0
    assert seen["title"] == "Companion"
    assert "could not be read" in str(seen["notice"])
    err = capfd.readouterr().err
    line = next(x for x in err.splitlines() if x.startswith("window-shown "))
    # Seconds since this process started: here that includes the tests run before it.
    assert float(line.split()[1]) > 0
    assert qapp.applicationName() == "Companion"
    assert qapp.organizationName() == "Companion"


def _action(window: MainWindow, object_name: str) -> QAction:
    found = [a for _m, a in window.menu_actions() if a.objectName() == object_name]
    assert found, object_name
    return found[0]
