"""The lead's view: import both groups' bundles, the theme board, recode, quote wall, report."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import docx
import pytest
from pytestqt.qtbot import QtBot

from companion.notes import demo
from companion.notes.bundle import write_bundle
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from ui.lead.area import LeadArea
from ui.lead.theme_board import cell_text


def _group_bundle(folder: Path, group: str, theme: str) -> Path:
    book = Notebook(open_database(folder / group / "companion.db"))
    try:
        session, group_id = demo.group_session(book, group)
        programme = book.programme_id(session)
        tag = book.themes.ensure(programme, theme)
        shared = book.themes.ensure(programme, "Psychological safety")
        first, second, _ = book.notes.sections(session, group_id)
        quote = book.notes.add(
            first.id,
            NoteKind.QUOTE,
            f"{group}: I could say no",
            speaker="Amira",
            consent=Consent.NAMED,
        )
        note = book.notes.add(second.id, NoteKind.NOTE, f"{group} note about {theme}")
        action = book.notes.add(second.id, NoteKind.ACTION, "Try rounds", owner="Sam")
        book.themes.set_note_themes(quote.id, [shared.id])
        book.themes.set_note_themes(note.id, [tag.id])
        book.themes.set_note_themes(action.id, [shared.id, tag.id])
        return write_bundle(book, session, group_id, folder / f"{group}.companion-notes.zip")
    finally:
        book.close()


@pytest.fixture
def lead(qtbot: QtBot, companion_home: Path) -> Iterator[LeadArea]:
    book = Notebook(open_database())
    area = LeadArea(book)
    qtbot.addWidget(area)
    area.resize(1000, 700)
    area.show()
    yield area
    book.close()


def test_import_both_groups_board_quote_wall_and_report(
    qtbot: QtBot, lead: LeadArea, tmp_path: Path, a11y: Callable[..., None]
) -> None:
    bundles = [
        _group_bundle(tmp_path, "Group A", "Hierarchy"),
        _group_bundle(tmp_path, "Group B", "hierarchy"),
    ]
    junk = tmp_path / "junk.zip"
    junk.write_bytes(b"PK\x03\x04 truncated")
    lead.bundle_chooser = lambda: [str(p) for p in [*bundles, junk]]
    with qtbot.waitSignal(lead.imported) as got:
        lead.import_button.click()
    assert len(got.args[0]) == 2
    assert "junk.zip: This bundle cannot be imported" in lead.status.text()
    board = lead.board
    headers = [board.horizontalHeaderItem(c).text() for c in range(board.columnCount())]
    assert headers == ["Theme", "Group A", "Group B", "All groups"]
    rows = {board.item(r, 0).text()[2:]: r for r in range(board.rowCount())}
    assert set(rows) == {"Hierarchy", "Psychological safety"}  # same name, any case: one theme
    safety = rows["Psychological safety"]
    assert board.item(safety, 1).text() == cell_text(2, 1)
    board.setCurrentCell(safety, 2)
    assert lead.cell_notes.count() == 2
    assert "Group B: I could say no" in lead.wall.texts()[1]
    assert len(lead.wall.texts()) == 2
    lead.import_bundles(bundles)  # again: nothing duplicated
    assert "already imported" in lead.status.text()
    assert board.item(safety, 3).text() == cell_text(4, 2)
    a11y(lead)

    report = lead.write_report(tmp_path / "report.docx")
    document = docx.Document(str(report[0]))
    assert len(document.inline_shapes) == 1  # the chart, as a picture
    assert document.tables[0].rows[0].cells[1].text == "Group A"
    assert lead.write_report(tmp_path / "report.md")[1].name == "report-chart.png"


def test_rename_merge_and_recode(qtbot: QtBot, lead: LeadArea, tmp_path: Path) -> None:
    lead.import_bundles([_group_bundle(tmp_path, "Group A", "Hierarchy")])
    themes = lead.notebook.themes
    programme = lead.programme_id()
    assert programme is not None
    hierarchy = themes.find(programme, "Hierarchy")
    safety = themes.find(programme, "Psychological safety")
    assert hierarchy is not None and safety is not None
    lead.themes.rename(hierarchy.id, "Psychological Safety")
    assert "merge the two" in lead.status.text()
    lead.themes.rename(hierarchy.id, "Power and grade")
    assert lead.board.item(0, 0).text().endswith("Power and grade")
    lead.board.setCurrentCell(0, 1)
    lead.cell_notes.setCurrentRow(0)
    dialog = lead.themes.ask_recode()
    assert dialog is not None
    for row in range(dialog.list.count()):
        dialog.list.item(row).setCheckState(dialog.list.item(row).checkState().__class__.Checked)
    dialog.accept()
    lead.themes.merge(hierarchy.id, safety.id)
    assert lead.board.rowCount() == 1
    assert lead.board.item(0, 1).text() == cell_text(3, 1)


def test_the_board_has_a_not_yet_coded_row_for_notes_with_no_theme(
    qtbot: QtBot, lead: LeadArea, tmp_path: Path
) -> None:
    book = Notebook(open_database(tmp_path / "Group C" / "companion.db"))
    try:
        session, group_id = demo.group_session(book, "Group C")
        section = book.notes.sections(session, group_id)[0]
        book.notes.add(section.id, NoteKind.NOTE, "Nobody has coded this yet")
        book.notes.add(section.id, NoteKind.QUOTE, "Nor this", consent=Consent.NOT_ASKED)
        bundle = write_bundle(book, session, group_id, tmp_path / "c.companion-notes.zip")
    finally:
        book.close()
    lead.bundle_chooser = lambda: [str(bundle)]
    with qtbot.waitSignal(lead.imported):
        lead.import_button.click()
    board = lead.board
    last = board.rowCount() - 1
    assert board.item(last, 0).text() == "○ Not yet coded"
    assert board.item(last, 1).text() == cell_text(2, 1)
    board.setCurrentCell(last, 1)
    assert lead.cell_notes.count() == 2  # the notes behind the row can be read
    assert "Not yet coded" in lead.cell_title.text()
    assert not lead.themes.rename_button.isEnabled()  # no theme to rename or merge
    assert not lead.themes.merge_button.isEnabled()
