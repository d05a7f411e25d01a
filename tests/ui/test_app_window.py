"""The whole app window as ``companion`` opens it: every area, every menu, accessible."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from tests.ui.walker import assert_accessible
from ui.main_window import MainWindow


def test_every_area_is_a_tab_with_its_shortcut(window: MainWindow, qtbot: QtBot) -> None:
    titles = [window.tabs.tabText(i).replace("&", "") for i in range(window.tabs.count())]
    assert titles == ["Captions", "Facilitate", "Turns", "Notes", "Lead"]
    for index, key in enumerate(["Ctrl+1", "Ctrl+2", "Ctrl+3", "Ctrl+4", "Ctrl+5"]):
        assert key in window.tabs.tabToolTip(index)


def test_feature_menus_sit_before_help(window: MainWindow) -> None:
    menus = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert menus[-1] == "Help"
    assert {"Facilitate", "Turns", "Notes"} <= set(menus)


def test_every_area_passes_the_accessibility_walker(window: MainWindow) -> None:
    # The walker visits every tab, so each area's widgets are checked in place.
    assert_accessible(window)


def test_starting_a_plan_brings_turns_and_notes_to_its_group(
    window: MainWindow, qtbot: QtBot
) -> None:
    facilitate, turns, notes = (window.tabs.widget(i) for i in (1, 2, 3))
    window.tabs.setCurrentWidget(facilitate)
    assert facilitate.select_plan("webinar-2-shared-understanding")
    facilitate.chooser.group_combo.setEditText("Group C")
    facilitate.start_button.setFocus()
    facilitate.start()
    qtbot.waitUntil(lambda: turns.driver.group_name == "Group C")
    place = facilitate.driver.workshop.place
    assert place is not None
    group_id, session_id = place.group_id, place.session_id
    assert turns.driver.session_id == session_id  # a kept summary goes with this run's session
    assert (notes.session_id, notes.group_id) == (session_id, group_id)
    plan = facilitate.selected_entry().plan
    questions = [q for segment in plan.segments for q in segment.questions]
    shown = [notes.sections.item(i).text() for i in range(notes.sections.count())]
    assert [s.split(". ", 1)[1] for s in shown] == questions
    assert not notes.isAncestorOf(QApplication.focusWidget())  # focus stays in Facilitate
    facilitate.finish()


def test_no_two_actions_answer_the_same_keys(window: MainWindow) -> None:
    """A key that two actions claim in the same place does nothing at all in Qt.

    Actions scoped to an area (WidgetWithChildrenShortcut) may reuse a key
    that another area uses, since only one area has the focus at a time.
    """
    from collections import defaultdict

    from PySide6.QtCore import Qt
    from PySide6.QtGui import QAction

    claims: dict[tuple[str, str], list[str]] = defaultdict(list)
    for action in window.findChildren(QAction):
        scoped = action.shortcutContext() == Qt.ShortcutContext.WidgetWithChildrenShortcut
        owner = action.parent()
        place = owner.objectName() if scoped and owner is not None else "window"
        for key in action.shortcuts():
            if not key.isEmpty():
                claims[(place, key.toString())].append(action.text())
    clashes = {key: texts for key, texts in claims.items() if len(texts) > 1}
    # An area's key must not also be one the whole window answers.
    window_keys = {key for place, key in claims if place == "window"}
    clashes.update(
        {
            (place, key): texts
            for (place, key), texts in claims.items()
            if place != "window" and key in window_keys
        }
    )
    assert clashes == {}


def test_alt_letters_are_unique_within_every_menu(window: MainWindow) -> None:
    """Inside an open menu a letter picks one item; two items with it make the key stall."""
    import re
    from collections import defaultdict

    clashes = {}
    for top in window.menuBar().actions():
        menu = top.menu()
        assert menu is not None
        letters: dict[str, list[str]] = defaultdict(list)
        for action in menu.actions():
            found = re.search(r"&([^&])", action.text())
            if found:
                letters[found.group(1).lower()].append(action.text())
        clashes.update({(top.text(), k): texts for k, texts in letters.items() if len(texts) > 1})
    assert clashes == {}
