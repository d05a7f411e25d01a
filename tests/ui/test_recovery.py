"""The app opens whatever state its database is in, and says what to do."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from companion.notes import demo
from companion.notes.notebook import Notebook
from companion.store import backup
from companion.store.database import open_database
from companion.store.db import default_path
from companion.store.recovery import Recovery
from ui import app as app_module
from ui.main_window import MainWindow
from ui.widgets import recovery as recovery_module

pytestmark = pytest.mark.gui


def _fill(notes: int) -> Path:
    path = default_path()
    book = Notebook(open_database(path))
    try:
        session, group = demo.group_session(book, "Group A")
        demo.fill(book, session, group, notes)
    finally:
        book.close()
    return path


def _damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096:8192] = b"\xa5" * 4096
    path.write_bytes(bytes(data))


def _window(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, answer: bool, asked: list[Recovery]
) -> MainWindow:
    """The app's window, the person answering the recovery question with ``answer``."""

    def ask(_parent: QWidget | None, recovery: Recovery) -> bool:
        asked.append(recovery)
        return answer

    real = recovery_module.open_or_recover
    monkeypatch.setattr(app_module, "open_or_recover", lambda parent: real(parent, ask=ask))
    window = app_module.build_window()
    qtbot.addWidget(window)
    return window


def _tab_names(window: MainWindow) -> list[str]:
    return [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]


def test_a_damaged_database_is_kept_aside_and_the_good_backup_restored(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fill(12)
    backup.make_backup(path)
    _damage(path)
    asked: list[Recovery] = []
    window = _window(qtbot, monkeypatch, True, asked)
    (recovery,) = asked
    assert recovery.backup is not None and recovery.kept_as is not None
    assert recovery.kept_as.exists() and "damaged" in recovery.kept_as.name
    assert _tab_names(window) == ["Captions", "Facilitate", "Turns", "Notes", "Lead"]
    qtbot.waitUntil(lambda: "Restored" in window.message_strip.message())
    connection = sqlite3.connect(path)
    assert connection.execute("SELECT count(*) FROM notes").fetchone()[0] == 12
    connection.close()


def test_starting_empty_keeps_the_damaged_file_and_every_area_works(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fill(3)
    backup.make_backup(path)
    _damage(path)
    asked: list[Recovery] = []
    window = _window(qtbot, monkeypatch, False, asked)
    assert asked and asked[0].kept_as is not None and asked[0].kept_as.exists()
    assert _tab_names(window) == ["Captions", "Facilitate", "Turns", "Notes", "Lead"]
    qtbot.waitUntil(lambda: "empty database" in window.message_strip.message())


def test_a_database_from_a_newer_companion_leaves_captions_working(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _fill(1)
    connection = sqlite3.connect(path)
    connection.execute(
        "INSERT INTO _sqlite_migrations (migration_set, name, applied_at) "
        "VALUES ('notes', 'm099_future', 'later')"
    )
    connection.commit()
    connection.close()
    before = path.read_bytes()
    asked: list[Recovery] = []
    window = _window(qtbot, monkeypatch, True, asked)
    assert asked == [] and _tab_names(window) == ["Captions"]
    qtbot.waitUntil(lambda: "newer version" in window.message_strip.message())
    assert path.read_bytes() == before


def test_a_folder_where_nothing_can_be_moved_or_locked_still_opens_captions(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only or full data folder: the damaged file cannot be set aside (#12 hole)."""
    path = _fill(2)
    backup.make_backup(path)
    _damage(path)

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("companion.store.recovery.set_aside", read_only)
    monkeypatch.setattr("companion.store.app_lock.FileLock.acquire", read_only)
    asked: list[Recovery] = []
    window = _window(qtbot, monkeypatch, True, asked)
    assert _tab_names(window) == ["Captions"]  # no traceback; captions work
    qtbot.waitUntil(lambda: "could not be kept aside" in window.message_strip.message())
    assert path.exists()  # nothing was lost or recreated
