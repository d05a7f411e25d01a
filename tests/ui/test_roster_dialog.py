"""The roster editor: paste names, import CSV (all or nothing), edit, reorder, remove."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.store import db as store_db
from companion.store.database import open_database
from companion.turns.roster import Roster
from companion.turns.roster_store import load_roster
from ui.turns.roster_dialog import RosterDialog
from ui.turns.roster_paste import RosterPasteDialog


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "roster.db")
    yield database
    database.close()


@pytest.fixture
def roster(db: Database) -> Roster:
    programme = store_db.ensure_programme(db, "P")
    return load_roster(db, store_db.ensure_group(db, programme, "Group 3"))


@pytest.fixture
def dialog(qtbot: QtBot, roster: Roster) -> Iterator[RosterDialog]:
    window = RosterDialog(roster, "Group 3")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close()


def _names(dialog: RosterDialog) -> list[str]:
    return [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]


def test_paste_eight_names_and_they_are_remembered(
    qtbot: QtBot, dialog: RosterDialog, roster: Roster, db: Database
) -> None:
    paste = dialog.open_paste()
    qtbot.waitExposed(paste)
    paste.text.setPlainText(
        "Aisha Rahman\nBartosz Wiśniewski\nSiobhán Ní Bhriain\nJonathan\n陈美玲\nKwame\n"
        "Óscar Núñez\nPriya\n"
    )
    qtbot.mouseClick(paste.add_button, Qt.MouseButton.LeftButton)
    assert not paste.isVisible()
    assert len(roster) == 8 and _names(dialog)[4] == "陈美玲"
    assert dialog.message.text() == "Added 8 members."
    assert [dialog.table.item(r, 0).text() for r in range(8)] == list("12345678")
    assert db["members"].count == 8


def test_pasting_nothing_keeps_the_box_open_with_a_reason(qtbot: QtBot, roster: Roster) -> None:
    paste = RosterPasteDialog(roster)
    qtbot.addWidget(paste)
    paste.show()
    paste.text.setPlainText("\n   \n")
    assert not paste.add_names()
    assert paste.isVisible() and "one name on each line" in paste.problem.text()
    paste.close()


def test_duplicates_are_told_apart(qtbot: QtBot, dialog: RosterDialog, roster: Roster) -> None:
    dialog.new_name.setText("Sam")
    qtbot.keyClick(dialog.new_name, Qt.Key.Key_Return)
    paste = dialog.open_paste()
    paste.text.setPlainText("Sam\nAlex\n")
    paste.add_names()
    assert list(roster.labels().values()) == ["Sam", "Sam (2)", "Alex"]
    assert "told apart as 'Sam (2)'" in dialog.message.text()


def test_two_hundred_names_and_a_long_one(
    qtbot: QtBot, dialog: RosterDialog, roster: Roster
) -> None:
    long_name = "Dr " + "Whitworth-Pemberton " * 10 + "the Third"
    paste = dialog.open_paste()
    paste.text.setPlainText("\n".join([long_name] + [f"Member {i}" for i in range(199)]))
    paste.add_names()
    assert len(roster) == 200
    assert "find the others with the search box" in dialog.message.text()
    item = dialog.table.item(0, 1)
    assert item.text() == long_name.strip() and item.toolTip() == long_name.strip()
    assert dialog.table.textElideMode() == Qt.TextElideMode.ElideRight
    assert dialog.table.item(10, 0).text() == ""  # keys for the first ten only


def test_csv_with_wrong_columns_imports_nothing(
    tmp_path: Path, dialog: RosterDialog, roster: Roster
) -> None:
    bad = tmp_path / "team.csv"
    bad.write_text("Email,Team\nsam@example.org,Red\n", encoding="utf-8")
    assert not dialog.import_csv(bad)
    assert len(roster) == 0
    assert "columns Companion does not know ('Email', 'Team')" in dialog.message.text()
    assert dialog.message.text().endswith("Nothing was imported.")
    assert not dialog.import_csv(tmp_path / "missing.csv")
    assert "could not read 'missing.csv'" in dialog.message.text()


def test_csv_import(tmp_path: Path, dialog: RosterDialog, roster: Roster) -> None:
    good = tmp_path / "group.csv"
    good.write_text(
        "name,pronouns,how to say it,access needs\nSiobhán,she/her,shiv-AWN,uses captions\n"
        "Kwame,he/him,,\n",
        encoding="utf-8",
    )
    assert dialog.import_csv(good)
    assert dialog.message.text() == "Added 2 members from 'group.csv'."
    assert roster.members[0].details.pronunciation == "shiv-AWN"
    assert dialog.table.item(0, 5).text() == "uses captions"


def test_edit_reorder_and_remove(qtbot: QtBot, dialog: RosterDialog, roster: Roster) -> None:
    for text in ("Aisha", "Bartosz", "Kwame"):
        dialog.new_name.setText(text)
        dialog.add_typed()
    dialog.table.item(1, 2).setText("he/him")  # typing in a cell saves it at once
    assert roster.members[1].details.pronouns == "he/him"
    dialog.table.item(1, 1).setText("   ")  # an empty name is refused, and the cell restored
    assert roster.members[1].name == "Bartosz" and "needs a name" in dialog.message.text()
    assert dialog.table.item(1, 1).text() == "Bartosz"
    dialog.table.setCurrentCell(2, 1)
    qtbot.mouseClick(dialog.up_button, Qt.MouseButton.LeftButton)
    assert _names(dialog) == ["Aisha", "Kwame", "Bartosz"]
    assert "Kwame is now number 2 (key 2)" in dialog.message.text()
    assert dialog.selected_member() == roster.members[1].id
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    assert _names(dialog) == ["Aisha", "Bartosz"]
    assert dialog.message.text() == "Removed Kwame from this group."


def test_the_dialogs_are_accessible(
    qtbot: QtBot, dialog: RosterDialog, a11y: Callable[..., None]
) -> None:
    dialog.new_name.setText("Aisha")
    dialog.add_typed()
    a11y(dialog)
    paste = dialog.open_paste()
    qtbot.waitExposed(paste)
    a11y(paste)
    paste.close()
