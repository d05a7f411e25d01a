"""Every Alt letter reaches one thing: menus, tabs, buttons and fields, in each window.

Two controls sharing a letter make Alt+letter cycle between them, or do
nothing at all (menus against tabs), so the walker fails on any clash: in the
whole window with each area in front, in the note editor whatever kind of
note is being typed, and in each dialog the areas open.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QDialog, QLabel, QMenuBar, QWidget, QWizard
from pytestqt.qtbot import QtBot

from companion.clock import ManualClock
from companion.turns.roster import MemberDetails
from tests.ui.walker import alt_clashes, mnemonic
from ui.facilitation.area import FacilitateArea
from ui.main_window import MainWindow
from ui.notes.area import NotesArea
from ui.turns.area import TurnsArea


def test_mnemonic_reads_the_letter_after_a_single_ampersand() -> None:
    assert mnemonic("&File") == "f"
    assert mnemonic("Fin&d:") == "d"
    assert mnemonic("Tea && &biscuits") == "b"
    assert mnemonic("Plain") == ""


def test_the_walker_finds_a_clash(qtbot: QtBot) -> None:
    from PySide6.QtWidgets import QPushButton, QVBoxLayout

    widget = QWidget()
    qtbot.addWidget(widget)
    layout = QVBoxLayout(widget)
    layout.addWidget(QPushButton("&Save"))
    layout.addWidget(QPushButton("&Send"))
    widget.show()
    assert alt_clashes(widget) == ["Alt+S: button 'Save', button 'Send'"]


def test_no_alt_letter_clashes_in_any_area(window: MainWindow) -> None:
    assert alt_clashes(window) == []


def test_menus_keep_their_letters_and_tabs_switch_by_ctrl_digits(window: MainWindow) -> None:
    menus = {mnemonic(a.text()) for a in window.menuBar().actions()}
    assert {"f", "c", "t", "n"} <= menus
    assert all(mnemonic(window.tabs.tabText(i)) == "" for i in range(window.tabs.count()))


def test_the_note_editor_has_one_letter_per_field_for_every_kind(window: MainWindow) -> None:
    notes = window.tabs.widget(3)
    assert isinstance(notes, NotesArea)
    window.show_area(notes)
    menus = [mnemonic(a.text()) for a in window.findChild(QMenuBar).actions()]
    # Every field of the editor, shown or not: which show depends on the note's kind.
    fields = [
        mnemonic(label.text())
        for label in notes.editor.findChildren(QLabel)
        if label.buddy() is not None and mnemonic(label.text())
    ]
    letters = menus + fields
    assert len(letters) == len(set(letters)), sorted(letters)


def _dialogs(window: MainWindow) -> list[Callable[[], Any]]:
    facilitate, turns, notes = (window.tabs.widget(i) for i in (1, 2, 3))
    assert isinstance(facilitate, FacilitateArea)
    assert isinstance(turns, TurnsArea)
    assert isinstance(notes, NotesArea)
    return [
        window.open_settings,
        window.open_models,
        window.open_shortcuts,
        turns.open_roster,
        turns.open_paste,
        turns.open_rules,
        notes.open_retention,
        notes.session.open_start,
        lambda: facilitate.open_editor(copy=True),
    ]


def test_no_alt_letter_clashes_in_the_dialogs(window: MainWindow, qtbot: QtBot) -> None:
    clashes: list[str] = []
    for open_dialog in _dialogs(window):
        dialog = open_dialog()
        assert isinstance(dialog, QWidget)
        qtbot.waitExposed(dialog)
        clashes += [f"{dialog.windowTitle()}: {c}" for c in alt_clashes(dialog)]
        dialog.close()
    assert clashes == []


def test_no_alt_letter_clashes_at_the_end_of_a_session(window: MainWindow, qtbot: QtBot) -> None:
    facilitate, turns, notes = (window.tabs.widget(i) for i in (1, 2, 3))
    assert isinstance(facilitate, FacilitateArea)
    assert isinstance(turns, TurnsArea)
    assert isinstance(notes, NotesArea)
    facilitate.driver.clock = ManualClock()
    assert facilitate.select_plan("breakout-30")
    facilitate.start()
    qtbot.waitUntil(lambda: notes.session_id != 0)
    turns.driver.roster.add(MemberDetails("Bartosz"))
    wizard = notes.open_end_session()
    qtbot.waitUntil(lambda: turns.closing_dialog is not None)
    closing = turns.closing_dialog
    assert closing is not None
    assert alt_clashes(closing) == []
    closing.reject()
    assert isinstance(wizard, QWizard)
    clashes = []
    for _page in range(len(wizard.pageIds())):
        clashes += alt_clashes(wizard)
        wizard.next()
    wizard.reject()
    quote = notes.session.open_quote()
    if isinstance(quote, QDialog):
        clashes += alt_clashes(quote)
        quote.reject()
    assert clashes == []
