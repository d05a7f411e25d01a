"""Sharing captions with the call in the app (#17): the dialog, the state line, stopping.

A real HTTP server on 127.0.0.1 stands in for Zoom's caption endpoint.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QLabel, QLineEdit
from pytestqt.qtbot import QtBot

from companion.events import Caption
from companion.settings import settings_path
from companion.sharing import CaptionSender, CaptionTarget
from tests.caption_server import CaptionServer
from ui.captions.share_dialog import ShareCaptionsDialog
from ui.main_window import MainWindow
from ui.settings.store import SettingsStore

pytestmark = pytest.mark.gui

TEAMS = "https://api.captions.office.microsoft.com/cartcaption?meetingid=abc&token=TOPSECRET"
ZOOM_ROOM = "https://wmcapi.zoom.us/closedcaption?id=2006&signature=SIG&subconfid=room3"


@pytest.fixture
def server() -> Iterator[CaptionServer]:
    served = CaptionServer()
    yield served
    served.stop()


def quick_sender(target: CaptionTarget) -> CaptionSender:
    return CaptionSender(target, timeout=1.0, backoff=(0.05, 0.1))


def test_the_dialog_masks_the_link_and_recognises_zoom_and_teams(
    qtbot: QtBot, a11y: Callable[..., None]
) -> None:
    dialog = ShareCaptionsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    a11y(dialog)
    assert dialog.url_edit.echoMode() == QLineEdit.EchoMode.Password
    assert not dialog.share_button.isEnabled()
    assert "Copy the API token" in dialog.platform_label.text()  # where each host finds it
    assert "Provide CART captions" in dialog.platform_label.text()

    dialog.url_edit.setText(TEAMS)
    assert dialog.share_button.isEnabled()
    assert dialog.platform_label.text().startswith("A caption link for a Teams meeting.")
    assert "TOPSECRET" not in dialog.platform_label.text()

    dialog.url_edit.setText(ZOOM_ROOM)
    assert dialog.platform_label.text().startswith("A caption link for a Zoom breakout room.")

    dialog.url_edit.setText("https://example.com/closedcaption?id=1")
    assert not dialog.share_button.isEnabled()
    assert dialog.platform_label.text().endswith(".")  # a sentence saying what to do

    dialog.show_check.setFocus()
    qtbot.keyClick(dialog.show_check, Qt.Key.Key_Space)  # shown only on purpose
    assert dialog.url_edit.echoMode() == QLineEdit.EchoMode.Normal


def test_the_dialog_has_one_alt_letter_per_control(qtbot: QtBot) -> None:
    dialog = ShareCaptionsDialog()
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QAbstractButton)]
    texts += [w.text() for w in dialog.findChildren(QLabel) if w.buddy() is not None]
    letters = [m.group(1).lower() for t in texts if (m := re.search(r"&(\w)", t))]
    assert len(letters) == len(set(letters)) >= 3


def test_sharing_from_the_window_sends_only_finals_and_shows_its_state(
    qtbot: QtBot, main_window: MainWindow, server: CaptionServer
) -> None:
    sharing = main_window.captions.sharing
    sharing.make_sender = quick_sender
    status = main_window.status_line.sharing_label
    in_view = main_window.captions.sharing_label
    assert not status.isVisible() and not in_view.isVisible()
    menu_texts = [a.text() for _, a in main_window.menu_actions()]
    assert "&Share captions with the call…" in menu_texts

    dialog = sharing.open_dialog()
    qtbot.waitExposed(dialog)
    dialog.url_edit.setText(server.url())
    with qtbot.waitSignal(sharing.signals.started, timeout=5000):
        qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: status.isVisible())
    assert status.text() == "Sharing captions with the call (Zoom)"
    assert in_view.isVisible() and in_view.text().startswith("Sharing captions with the call")
    assert "SECRETSIG" not in status.text() + in_view.text()

    bridge = main_window.bridge
    bridge.caption.emit(Caption("partial", "we could", 0.0, 0.5))
    bridge.caption.emit(Caption("final", "We could start with names.", 0.0, 1.5))
    server.wait_accepted(1)

    server.fail_next(503, times=2)  # the call's server has trouble: the state says so
    with qtbot.waitSignal(sharing.signals.failed, timeout=5000):
        bridge.caption.emit(Caption("final", "Who would like to go first?", 2.0, 3.0))
    assert "delayed" in status.text()
    assert "503" in in_view.text()
    qtbot.waitUntil(lambda: len(server.accepted) == 2, timeout=5000)
    qtbot.waitUntil(lambda: status.text() == "Sharing captions with the call (Zoom)")
    assert [r.body for r in server.accepted] == [
        "We could start with names.",
        "Who would like to go first?",
    ]

    assert sharing.stop_action.isEnabled()
    sharing.stop_action.trigger()  # one action stops it
    assert not status.isVisible() and not in_view.isVisible()
    assert not sharing.stop_action.isEnabled() and not sharing.sharing
    bridge.caption.emit(Caption("final", "Not shared any more.", 4.0, 5.0))
    qtbot.wait(200)  # the sender is gone: nothing can arrive (checked after a short while)
    assert len(server.accepted) == 2


def test_the_link_is_forgotten_unless_the_person_asks_to_remember_it(
    qtbot: QtBot, main_window: MainWindow, server: CaptionServer, store: SettingsStore
) -> None:
    sharing = main_window.captions.sharing
    sharing.make_sender = quick_sender
    settings_file = settings_path()

    dialog = sharing.open_dialog()
    assert not dialog.remember_check.isChecked()  # not remembered by default
    dialog.url_edit.setText(server.url())
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: sharing.sharing)
    store.save_now()
    assert "SECRETSIG" not in settings_file.read_text(encoding="utf-8")
    assert store.current.sharing.url == ""
    sharing.stop()

    dialog = sharing.open_dialog()
    dialog.url_edit.setText(server.url())
    dialog.remember_check.setChecked(True)
    qtbot.mouseClick(dialog.share_button, Qt.MouseButton.LeftButton)
    store.save_now()
    assert "SECRETSIG" in settings_file.read_text(encoding="utf-8")  # chosen: kept, privately
    assert settings_file.stat().st_mode & 0o077 == 0
    assert "SECRETSIG" not in repr(store.current)
    sharing.stop()

    again = sharing.open_dialog()  # next time the link is there, still masked
    assert again.url_edit.text() == server.url() and again.remember_check.isChecked()
    assert again.url_edit.echoMode() == QLineEdit.EchoMode.Password
    again.remember_check.setChecked(False)  # unticking forgets it
    qtbot.mouseClick(again.share_button, Qt.MouseButton.LeftButton)
    store.save_now()
    assert "SECRETSIG" not in settings_file.read_text(encoding="utf-8")
    sharing.stop()
