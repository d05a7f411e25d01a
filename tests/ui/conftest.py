"""Fixtures for the widget tests (pytest-qt, offscreen).

- every test here is marked ``gui``;
- ``store``: a ``SettingsStore`` on this test's own settings file;
- ``bridge``: a ``CoreBridge``, stopped after the test;
- ``main_window``: the whole main window, shown (with the captions view in it);
- ``window``: the window as the app builds it (``build_window``: every area, the
  workshop wired), shown, closed after the test (a module may define its own);
- ``a11y``: ``a11y(widget)`` runs the accessibility walker and fails on problems;
- an autouse check that fails a test which leaves a top-level window showing, and
  collects garbage on the main thread after each test (Qt objects must die there;
  the app's own code leaves no core object and Qt object holding each other).
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtWidgets import QApplication, QWidget

from tests.ui.walker import assert_accessible

if TYPE_CHECKING:
    from pytestqt.qtbot import QtBot

    from ui.adapter import CoreBridge
    from ui.main_window import MainWindow
    from ui.settings.store import SettingsStore

_HERE = Path(__file__).resolve().parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if _HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.gui)


def _visible_windows() -> list[QWidget]:
    return [w for w in QApplication.topLevelWidgets() if w.isVisible()]


@pytest.fixture(autouse=True)
def no_windows_left_showing(qapp: QApplication) -> Iterator[None]:
    """Fail a test that leaves a window or dialog showing (like napari's leak check)."""
    before = {id(w) for w in _visible_windows()}
    yield
    # A belt: a QObject left in a reference cycle is freed by the cycle collector on
    # whichever thread allocates next, and one freed on the next test's stream worker
    # crashed the event loop later (CI, after tests/ui/test_caption_gap.py). The bridge
    # and its stream no longer make such a cycle (test_freed_on_gui_thread.py), but
    # Qt-only ones remain (a view and its driver refer to each other): collected here,
    # whatever a test leaves goes on the main thread.
    gc.collect()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    qapp.processEvents()
    left = [w for w in _visible_windows() if id(w) not in before]
    for widget in left:
        widget.close()
    if left:
        names = ", ".join(f"{type(w).__name__} {w.windowTitle()!r}" for w in left)
        pytest.fail(f"The test left these windows showing: {names}; close them in the test.")


@pytest.fixture
def store(companion_home: Path) -> Iterator[SettingsStore]:
    """The settings, read from (and saved to) this test's own settings file."""
    from ui.settings.store import SettingsStore

    settings_store = SettingsStore()
    yield settings_store
    settings_store.save_now()


@pytest.fixture
def bridge() -> Iterator[CoreBridge]:
    from ui.adapter import CoreBridge

    core_bridge = CoreBridge()
    yield core_bridge
    core_bridge.stop()


@pytest.fixture
def main_window(qtbot: QtBot, store: SettingsStore, bridge: CoreBridge) -> MainWindow:
    """The main window, shown; closed by qtbot after the test."""
    from ui.main_window import MainWindow

    window = MainWindow(store, bridge)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    """The whole app's window, as ``companion`` opens it; closed after the test."""
    from ui.app import build_window

    window = build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


@pytest.fixture
def a11y() -> Callable[..., None]:
    """``a11y(window)``: fail with a readable list if the window has accessibility problems."""

    def check(window: QWidget, **options: Any) -> None:
        assert_accessible(window, **options)

    return check
