"""The accessibility walker on every window and dialog, and on a bad window (it can fail).

Later features inherit these checks: an area added with ``MainWindow.add_area``
is walked by ``test_main_window_is_accessible`` without any change here, and a
new dialog needs one line: ``a11y(dialog)`` (or ``assert_accessible(dialog)``).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from tests.ui.walker import find_problems, interactive_widgets, tab_chain
from ui.captions.models_dialog import ModelsDialog
from ui.main_window import MainWindow
from ui.settings.dialog import SettingsDialog
from ui.settings.store import SettingsStore

Check = Callable[..., None]

ROOT = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"


def _good_window() -> QWidget:
    window = QWidget()
    window.setWindowTitle("Good")
    layout = QVBoxLayout(window)
    edit = QLineEdit()
    edit.setAccessibleName("Your name")
    layout.addWidget(edit)
    layout.addWidget(QPushButton("&Send"))  # visible text is a name for a button
    bar = QProgressBar()
    bar.setAccessibleName("Upload progress")
    layout.addWidget(bar)  # read, not operated: needs a name but no focus
    return window


def test_walker_passes_a_good_window(qtbot: QtBot) -> None:
    window = _good_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert find_problems(window) == []


def test_walker_fails_a_bad_window(qtbot: QtBot) -> None:
    window = QMainWindow()
    window.setWindowTitle("Bad")
    qtbot.addWidget(window)
    central = QWidget()
    layout = QVBoxLayout(central)
    unnamed_edit = QLineEdit()
    unnamed_edit.setObjectName("unnamed_edit")
    icon_only = QToolButton()
    icon_only.setObjectName("icon_only")
    icon_only.setIcon(window.style().standardIcon(window.style().StandardPixmap.SP_MediaPlay))
    mouse_only = QPushButton("Mouse only")
    mouse_only.setObjectName("mouse_only")
    mouse_only.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    no_focus = QPushButton("No focus")
    no_focus.setObjectName("no_focus")
    no_focus.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    unnamed_bar = QProgressBar()
    unnamed_bar.setObjectName("unnamed_bar")
    named_spin = QSpinBox()
    named_spin.setAccessibleName("Count")  # fine: its inner editor is not walked
    for widget in (unnamed_edit, icon_only, mouse_only, no_focus, unnamed_bar, named_spin):
        layout.addWidget(widget)
    window.setCentralWidget(central)
    menu = window.menuBar().addMenu("&Things")
    menu.addAction(QAction("", window))  # no text
    first = QAction("First", window)
    first.setShortcut(QKeySequence("Ctrl+K"))
    second = QAction("Second", window)
    second.setShortcut(QKeySequence("Ctrl+K"))
    menu.addActions([first, second])
    window.show()
    qtbot.waitExposed(window)

    problems = find_problems(window)

    def about(name: str) -> list[str]:
        return [p for p in problems if f"#{name}" in p]

    assert any("no accessible name" in p for p in about("unnamed_edit"))
    assert any("no accessible name" in p for p in about("icon_only"))
    assert any("not reachable with Tab" in p for p in about("mouse_only"))
    assert any("cannot take keyboard focus" in p for p in about("no_focus"))
    assert any("no accessible name" in p for p in about("unnamed_bar"))
    assert not [p for p in problems if "Count" in p]
    assert any("has no text" in p for p in problems)
    assert any("Ctrl+K" in p and "First" in p and "Second" in p for p in problems)


def test_walker_visits_every_tab(main_window: MainWindow) -> None:
    hidden_area = QWidget()
    layout = QVBoxLayout(hidden_area)
    unnamed = QComboBox()
    unnamed.setObjectName("unnamed_combo")
    layout.addWidget(unnamed)
    main_window.add_area(hidden_area, "&Later", "Ctrl+9")
    main_window.show_area(main_window.captions)  # the bad area is not the one showing
    problems = find_problems(main_window)
    assert any("#unnamed_combo" in p and "no accessible name" in p for p in problems)
    assert main_window.tabs.currentWidget() is main_window.captions


def test_walker_needs_a_shown_window(qtbot: QtBot) -> None:
    window = _good_window()
    qtbot.addWidget(window)
    try:
        find_problems(window)
    except ValueError as error:
        assert "Show the window" in str(error)
    else:
        raise AssertionError("walking a hidden window should be refused")


def test_main_window_is_accessible(main_window: MainWindow, a11y: Check) -> None:
    a11y(main_window)
    chain = tab_chain(main_window)
    assert chain, "Tab reaches nothing in the main window"
    assert all(w in chain or w.focusProxy() in chain for w in _operable(main_window))


def test_main_window_first_tab_stop_is_start(main_window: MainWindow) -> None:
    first = tab_chain(main_window)[0]
    assert "Start" in first.accessibleName()


def test_detached_caption_window_is_accessible(
    qtbot: QtBot, main_window: MainWindow, a11y: Check
) -> None:
    main_window.captions.set_detached(True)
    window = main_window.captions.caption_window
    assert window is not None
    qtbot.waitExposed(window)
    a11y(window)
    a11y(main_window)  # the placeholder left behind is accessible too
    main_window.captions.set_detached(False)
    assert main_window.captions.caption_window is None


def test_settings_dialog_is_accessible(qtbot: QtBot, store: SettingsStore, a11y: Check) -> None:
    dialog = SettingsDialog(store)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.sources_listed):
        dialog.show()
    qtbot.waitExposed(dialog)
    a11y(dialog, require_tooltips=False)
    for widget in interactive_widgets(dialog):
        if not isinstance(widget, QPushButton):  # the dialog's own OK, Cancel ... buttons
            assert widget.toolTip(), f"{widget.accessibleName()} has no tooltip"


def test_models_dialog_is_accessible(qtbot: QtBot, a11y: Check) -> None:
    dialog = ModelsDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    a11y(dialog)
    dialog.progress_box.show()  # as during an install
    a11y(dialog)


def test_shortcuts_about_and_notice_dialogs_are_accessible(
    qtbot: QtBot, main_window: MainWindow, a11y: Check
) -> None:
    shortcuts = main_window.open_shortcuts()
    qtbot.waitExposed(shortcuts)
    a11y(shortcuts)
    shortcuts.close()
    about = main_window.open_about()
    qtbot.waitExposed(about)
    a11y(about)
    about.close()
    notice = main_window.show_notice("Your settings file could not be read.")
    qtbot.waitExposed(notice)
    a11y(notice)
    notice.close()


def test_settings_dialog_from_the_menu_is_accessible(
    qtbot: QtBot, main_window: MainWindow, a11y: Check
) -> None:
    dialog = main_window.open_settings()
    qtbot.waitExposed(dialog)
    a11y(dialog)
    dialog.reject()


def test_message_boxes_are_walkable(qtbot: QtBot, a11y: Check) -> None:
    box = QMessageBox(QMessageBox.Icon.Question, "Remove", "Remove it?")
    box.setStandardButtons(QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No)
    qtbot.addWidget(box)
    box.show()
    qtbot.waitExposed(box)
    a11y(box)


def test_tables_are_walked_as_one_control(qtbot: QtBot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    layout = QVBoxLayout(window)
    table = QTableWidget(3, 2)
    layout.addWidget(table)
    window.show()
    qtbot.waitExposed(window)
    problems = find_problems(window)
    assert len(problems) == 1 and "QTableWidget" in problems[0]  # not its headers, not its bars
    table.setAccessibleName("Numbers")
    assert find_problems(window) == []
    QApplication.processEvents()


def _operable(window: QWidget) -> list[QWidget]:
    return [
        w
        for w in interactive_widgets(window)
        if w.isVisible()
        and w.isEnabled()
        and not isinstance(w, QProgressBar)
        and w.focusPolicy() != Qt.FocusPolicy.NoFocus
    ]


def _atspi_tools_missing() -> str | None:
    for tool in ("xvfb-run", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed"
    probe = "import gi; gi.require_version('Atspi', '2.0'); from gi.repository import Atspi"
    if (
        not Path(SYSTEM_PYTHON).exists()
        or subprocess.run([SYSTEM_PYTHON, "-c", probe], capture_output=True, check=False).returncode
    ):
        return "the system Python has no Atspi bindings (python3-gi, gir1.2-atspi-2.0)"
    return None


@pytest.mark.slow
def test_screen_readers_see_named_controls_over_at_spi(tmp_path: Path) -> None:
    """The documented way (docs/accessibility.md) lists the real AT-SPI tree, all named."""
    missing = _atspi_tools_missing()
    if missing:
        pytest.skip(missing)
    app = [sys.executable, "-c", "import sys; from ui.app import run; sys.exit(run(sys.argv))"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.pop("QT_QPA_PLATFORM", None)  # a real X display this time, from xvfb-run
    command = [
        "xvfb-run", "-a", "-s", "-screen 0 1366x768x24",
        "dbus-run-session", "--",
        SYSTEM_PYTHON, str(ROOT / "scripts" / "atspi-dump.py"),
        "--check", "--press", "Settings…", "--run", *app,
    ]  # fmt: skip
    done = subprocess.run(
        command, capture_output=True, text=True, env=env, timeout=120, check=False, cwd=tmp_path
    )
    assert done.returncode == 0, done.stderr[-3000:]
    tree = done.stdout
    assert 'frame: "Companion"' in tree
    assert 'push button: "Start captions"' in tree
    assert 'text: "Captions"' in tree
    assert 'dialog: "Settings"' in tree
    assert 'spin button: "Text size"' in tree
    assert 'labelled by "Colours:"' in tree  # combo boxes are named by their label buddies


def test_pause_and_detach_report_as_buttons_that_say_their_state(
    main_window: MainWindow, qtbot: QtBot
) -> None:
    from PySide6.QtGui import QAccessible

    view = main_window.captions
    for button in (view.pause_button, view.detach_button):
        interface = QAccessible.queryAccessibleInterface(button)
        assert interface is not None
        assert interface.role() == QAccessible.Role.Button  # not a check box
        assert not interface.state().checkable
    view.pause_button.click()
    assert view.pause_button.accessibleName() == "Resume scrolling"  # the state in words
    assert view.pause_action.isChecked()  # the View menu still ticks it
    view.pause_button.click()
    assert view.pause_button.accessibleName() == "Pause scrolling"
