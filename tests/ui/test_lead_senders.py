"""The lead sees, per session, which expected groups have sent notes and which have not."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from companion.lead.senders import (
    expected_from_text,
    groups_that_sent,
    programme_group_names,
    senders,
)
from companion.notes.model import NoteKind
from companion.notes.notebook import Notebook
from companion.store.database import open_database
from tests.ui.walker import alt_clashes, assert_accessible
from ui.lead.area import LeadArea


@pytest.fixture
def notebook(tmp_path: Path) -> Iterator[Notebook]:
    book = Notebook(open_database(tmp_path / "companion.db"))
    yield book
    book.close()


def _group_notes(notebook: Notebook, group: str, text: str | None) -> int:
    """Group ``group``'s page in webinar 2 (one session for all), with a note if ``text``."""
    found = [s for s in notebook.list_sessions() if s["title"] == "Webinar 2"]
    session_id, group_id = notebook.start_session(
        "Leadership",
        "Webinar 2",
        group,
        ["What does inclusive leadership mean?"],
        session_id=int(str(found[0]["id"])) if found else None,
    )
    if text:
        section = notebook.notes.sections(session_id, group_id)[0]
        notebook.notes.add(section.id, NoteKind.NOTE, text)
    return session_id


def test_senders_count_groups_with_notes(notebook: Notebook) -> None:
    _group_notes(notebook, "Group 1", "Listening first")
    _group_notes(notebook, "Group 2", None)  # a page but no notes yet
    session = _group_notes(notebook, "Group 4", "Sharing the chair")
    found = senders(notebook.db, session, expected_from_text("group 1, Group 2\nGroup 3"))
    assert found.received == ("group 1",)
    assert found.missing == ("Group 2", "Group 3")
    assert found.unexpected == ("Group 4",)
    assert found.summary == (
        "1 of 3 groups have sent notes; not yet: Group 2, Group 3; also received: Group 4."
    )


def test_ten_groups_come_in_number_order_everywhere_the_lead_looks(notebook: Notebook) -> None:
    for number in (10, 2, 1, 9, 3):
        session = _group_notes(notebook, f"Group {number}", "A note")
    in_order = ["Group 1", "Group 2", "Group 3", "Group 9", "Group 10"]
    programme = notebook.programme_id(session)
    board = notebook.themes.board(programme)
    assert [name for _, name in board.groups] == in_order
    assert [name for _, name in notebook.groups_with_notes(session)] == in_order
    assert programme_group_names(notebook.db, programme) == in_order
    assert groups_that_sent(notebook.db, session) == in_order


def test_the_lead_area_shows_who_has_sent_notes(notebook: Notebook, qtbot: QtBot) -> None:
    _group_notes(notebook, "Group 1", "Listening first")
    _group_notes(notebook, "Group 2", None)
    session = _group_notes(notebook, "Group 3", "Sharing the chair")
    area = LeadArea(notebook)
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    area.session.setCurrentIndex(area.session.findData(session))
    area.refresh()
    area.tabs.setCurrentWidget(area.senders)
    view = area.senders
    assert view.summary.text() == "2 of 3 groups have sent notes; not yet: Group 2."
    items = [view.list.item(i).text() for i in range(view.list.count())]
    assert items == [
        "✓ Group 1: notes received",
        "✓ Group 3: notes received",
        "○ Group 2: not yet",
    ]
    view.expected.setPlainText("\n".join(f"Group {n}" for n in range(1, 11)))  # ten expected
    assert view.summary.text().startswith("2 of 10 groups have sent notes; not yet: Group 2,")
    assert_accessible(area)
    assert alt_clashes(area) == []


def test_the_typed_list_comes_back_after_a_restart(tmp_path: Path, qtbot: QtBot) -> None:
    """The lead types the ten groups once; closing the app and opening it again keeps them."""
    path = tmp_path / "restart.db"
    first = Notebook(open_database(path))
    _group_notes(first, "Group 1", "Listening first")
    session = _group_notes(first, "Group 3", "Sharing the chair")
    other = _group_notes(first, "Group 3", None)  # the same session: one list for it
    assert other == session
    area = LeadArea(first)
    qtbot.addWidget(area)
    area.session.setCurrentIndex(area.session.findData(session))
    area.refresh()
    typed = "\n".join(f"Group {n}" for n in range(1, 11))
    area.senders.expected.setPlainText(typed)
    area.close()
    first.close()

    again = Notebook(open_database(path))  # the app opened again
    try:
        area = LeadArea(again)
        qtbot.addWidget(area)
        area.session.setCurrentIndex(area.session.findData(session))
        area.refresh()
        view = area.senders
        assert view.expected.toPlainText() == typed
        assert view.summary.text().startswith("2 of 10 groups have sent notes; not yet: Group 2,")
        # Emptied, the list goes back to every group the programme knows (and stays so).
        view.expected.setPlainText("")
        area.refresh()
        assert view.expected.toPlainText() == "Group 1\nGroup 3"
    finally:
        again.close()
