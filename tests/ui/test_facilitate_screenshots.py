"""The docs' pictures of Facilitate can be taken: each grab saves at its widget's size.

The pictures go to a temporary folder here; ``scripts/facilitate-screenshots.py``
takes the same ones into ``docs/screenshots``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtGui import QImage
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from tests.ui.facilitate_scenes import WINDOW_SIZE, take_screenshots
from ui.main_window import MainWindow


class _QtBotWaits:
    def __init__(self, qtbot: QtBot) -> None:
        self._qtbot = qtbot

    def until(self, condition: Callable[[], bool]) -> None:
        self._qtbot.waitUntil(condition)

    def exposed(self, widget: QWidget) -> None:
        self._qtbot.waitExposed(widget)

    def settle(self) -> None:
        self._qtbot.wait(50)  # layout settling has no signal to wait for


def test_screenshots(qtbot: QtBot, main_window: MainWindow, tmp_path: Path) -> None:
    shots = take_screenshots(main_window, tmp_path, _QtBotWaits(qtbot))
    assert [path.name for path in shots] == [
        "facilitate-area.png",
        "facilitate-mini.png",
        "facilitate-overrun.png",
        "facilitate-editor.png",
    ]
    for path, size in shots.items():
        image = QImage(str(path))
        assert not image.isNull(), path
        assert (image.width(), image.height()) == size
    assert shots[tmp_path / "facilitate-area.png"] == WINDOW_SIZE
    assert shots[tmp_path / "facilitate-overrun.png"] == WINDOW_SIZE
