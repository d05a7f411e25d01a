"""The whole app window as ``companion`` opens it: every area, every menu, accessible."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from tests.ui.walker import assert_accessible
from ui.app import build_window
from ui.main_window import MainWindow


@pytest.fixture
def app_window(qtbot: QtBot) -> Iterator[MainWindow]:
    window = build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def test_every_area_is_a_tab_with_its_shortcut(app_window: MainWindow, qtbot: QtBot) -> None:
    titles = [app_window.tabs.tabText(i).replace("&", "") for i in range(app_window.tabs.count())]
    assert titles == ["Captions", "Facilitate", "Turns", "Notes", "Lead"]
    for index, key in enumerate(["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]):
        assert key in app_window.tabs.tabToolTip(index)


def test_feature_menus_sit_before_help(app_window: MainWindow) -> None:
    menus = [a.text().replace("&", "") for a in app_window.menuBar().actions()]
    assert menus[-1] == "Help"
    assert {"Facilitate", "Turns", "Notes"} <= set(menus)


def test_every_area_passes_the_accessibility_walker(app_window: MainWindow) -> None:
    # The walker visits every tab, so each area's widgets are checked in place.
    assert_accessible(app_window)
