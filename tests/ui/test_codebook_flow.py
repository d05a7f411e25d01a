"""The programme's codebook reaches every group, and look-alike themes are joined (#13).

The lead puts the programme's themes inside a plan; a facilitator on another
machine imports the plan in Facilitate and finds the themes in Notes' picker.
Or the lead sends the codebook as a small file and the note-taker imports it
in Notes. On the lead's board, "Voice & inclusion" beside "Voice and
inclusion" is named, and joined only once the lead confirms.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from companion.facilitation.deck import load_deck
from companion.facilitation.library import user_plans_dir
from companion.facilitation.loader import load_plan
from companion.notes import codebook
from companion.notes.model import NoteKind, Theme
from companion.store.db import ensure_programme
from tests.ui.walker import alt_clashes
from ui.app import build_window
from ui.facilitation.area import FacilitateArea
from ui.lead.area import LeadArea
from ui.main_window import MainWindow
from ui.notes.area import NotesArea

PLAN = "webinar-2-shared-understanding"
SERIES = "Inclusive and collective leadership"
CODEBOOK = {
    "Voice and inclusion": "Who is heard, who is not, and what helps",
    "Psychological safety": "Saying the hard thing without fear",
    "Hierarchy": "Grade and role shaping who speaks",
}


def _window(qtbot: QtBot) -> MainWindow:
    window = build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def _areas(window: MainWindow) -> tuple[FacilitateArea, NotesArea, LeadArea]:
    facilitate, notes, lead = (window.tabs.widget(i) for i in (1, 3, 4))
    assert isinstance(facilitate, FacilitateArea)
    assert isinstance(notes, NotesArea)
    assert isinstance(lead, LeadArea)
    return facilitate, notes, lead


def _close(window: MainWindow) -> None:
    window.close_guards.clear()  # a run left going: no question at the end of the test
    window.close()


def _picker(notes: NotesArea) -> list[str]:
    items = (notes.editor.themes.item(i) for i in range(notes.editor.themes.count()))
    return [item.text().split(" ", 1)[1] for item in items if item is not None]


def _start_group_4(window: MainWindow, qtbot: QtBot, plan: str) -> None:
    facilitate, notes, _lead = _areas(window)
    assert facilitate.select_plan(plan)
    facilitate.chooser.group_combo.setEditText("Group 4")
    facilitate.start()
    qtbot.waitUntil(lambda: notes.session_id != 0)
    notes.entry.setText("We take turns to chair.")
    notes.add_from_entry()
    qtbot.waitUntil(lambda: notes.editor.note is not None)


def test_the_plan_carries_the_codebook_to_a_facilitators_notes(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The lead's machine: the programme's themes, put inside webinar 2's plan.
    lead_window = _window(qtbot)
    _facilitate, notes, lead = _areas(lead_window)
    programme = ensure_programme(notes.notebook.db, SERIES)
    for theme, description in CODEBOOK.items():
        notes.notebook.themes.create(programme, theme, description)
    lead_window.show_area(lead)
    lead.show_programme(programme)
    assert lead.plan_share.button.isEnabled()
    lead.plan_share.plan_chooser = lambda plans: next(p for p in plans if p.name == PLAN)
    lead.plan_share.path_chooser = lambda suggested: str(tmp_path / suggested)
    lead.plan_share.button.click()
    sent = tmp_path / f"{PLAN}-with-themes.toml"
    qtbot.waitUntil(sent.exists)
    assert "Facilitators import it" in lead.status.text()
    assert alt_clashes(lead_window) == []
    shared = load_plan(sent, load_deck())  # what `companion plans check` reads
    assert [t.name for t in shared.themes] == sorted(CODEBOOK)
    assert shared.series == SERIES
    _close(lead_window)

    # A facilitator's machine: another data folder, no themes yet.
    monkeypatch.setenv("COMPANION_HOME", str(tmp_path / "facilitator-home"))
    window = _window(qtbot)
    facilitate, notes, _lead = _areas(window)
    facilitate.plan_file_chooser = lambda: str(sent)
    window.show_area(facilitate)
    facilitate.commands.import_plan.trigger()
    qtbot.waitUntil(lambda: facilitate.selected_name() == f"{PLAN}-with-themes")
    assert (user_plans_dir() / f"{PLAN}-with-themes.toml").is_file()
    notice = facilitate.notice_label.text()
    assert "Its codebook added 3 themes to Notes" in notice
    _start_group_4(window, qtbot, f"{PLAN}-with-themes")
    assert _picker(notes) == sorted(CODEBOOK)  # the lead's names, ready to tick
    themes = notes.notebook.themes.in_programme(notes.notebook.programme_id(notes.session_id))
    assert {t.name: t.description for t in themes} == CODEBOOK
    _close(window)


def test_a_hostile_plan_file_is_refused_in_a_sentence(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot)
    facilitate, _notes, _lead = _areas(window)
    bad = tmp_path / "from-the-lead.toml"
    bad.write_text(
        'title = "x"\nthemes = ["Trust", "trust"]\n\n[[segments]]\n'
        'title = "Round"\nkind = "round"\nminutes = 5\n',
        encoding="utf-8",
    )
    facilitate.plan_file_chooser = lambda: str(bad)
    before = facilitate.selected_name()
    facilitate.commands.import_plan.trigger()
    notice = facilitate.notice_label.text()
    assert notice.startswith("from-the-lead.toml was not imported:")
    assert '"trust" is already theme 1' in notice
    assert facilitate.selected_name() == before
    assert not (user_plans_dir() / "from-the-lead.toml").exists()
    _close(window)


def test_the_codebook_as_a_small_file_is_imported_in_notes(qtbot: QtBot, tmp_path: Path) -> None:
    window = _window(qtbot)
    _facilitate, notes, _lead = _areas(window)
    _start_group_4(window, qtbot, PLAN)  # the built-in plan: no themes in it
    assert _picker(notes) == []
    # The lead's export (Lead area: Export for analysis tools, codebook .qdc).
    themes = [
        Theme(n, f"uid{n}", 0, name, description)
        for n, (name, description) in enumerate(CODEBOOK.items(), 1)
    ]
    qdc = tmp_path / "codebook.qdc"
    qdc.write_bytes(codebook.render_qdc(themes))
    notes.codebook_chooser = lambda: str(qdc)
    window.show_area(notes)
    assert ("Notes", notes.codebook_action) in window.menu_actions()
    notes.codebook_action.trigger()
    qtbot.waitUntil(lambda: _picker(notes) == sorted(CODEBOOK))
    assert "Added 3 themes" in notes.saved.text()
    notes.codebook_action.trigger()  # twice: kept, not doubled
    assert "3 themes already there kept" in notes.saved.text()
    assert _picker(notes) == sorted(CODEBOOK)
    _close(window)


@pytest.fixture
def board(qtbot: QtBot) -> Iterator[tuple[MainWindow, LeadArea]]:
    """The lead's board: three groups named one theme three ways, and "Trust"."""
    window = _window(qtbot)
    _facilitate, notes, lead = _areas(window)
    book = notes.notebook
    programme = ensure_programme(book.db, SERIES)
    tags = {
        "Group 1": ("Voice & inclusion", "Voice & inclusion", "Trust"),
        "Group 2": ("Voice and inclusion",),
        "Group 3": ("voice and inclusions", "Trust"),
    }
    for group, names in tags.items():
        session_id, group_id = book.start_session(SERIES, "Webinar 2", group, ["Core questions"])
        section = book.notes.sections(session_id, group_id)[0]
        for n, theme_name in enumerate(names):
            note = book.notes.add(section.id, NoteKind.NOTE, f"{group} note {n}")
            theme = book.themes.ensure(programme, theme_name)
            book.themes.tag(note.id, theme.id)
    window.show_area(lead)
    lead.show_programme(programme)
    yield window, lead
    _close(window)


def test_look_alike_themes_are_named_and_joined_once_confirmed(
    board: tuple[MainWindow, LeadArea], qtbot: QtBot, a11y: object
) -> None:
    window, lead = board
    alike = lead.alike
    assert alike.label.isVisible() and alike.button.isVisible()
    assert alike.label.text() == (
        "These look like one theme: “Voice & inclusion”, “Voice and inclusion” "
        "and “voice and inclusions”."
    )
    assert alt_clashes(window) == []
    book = lead.notebook
    programme = lead.programme_id()
    assert programme is not None
    before = sorted(t.name for t in book.themes.in_programme(programme))

    dialog = alike.ask_join()  # Cancel first: nothing changes
    assert dialog is not None
    qtbot.waitExposed(dialog)
    a11y(dialog)  # type: ignore[operator]
    assert alt_clashes(dialog) == []
    assert dialog.keep.currentText() == "Voice & inclusion (2 notes)"  # the most used first
    dialog.reject()
    assert sorted(t.name for t in book.themes.in_programme(programme)) == before

    dialog = alike.ask_join()
    assert dialog is not None
    dialog.keep.setCurrentIndex(1)  # the lead prefers "Voice and inclusion"
    dialog.join_button.click()
    qtbot.waitUntil(lambda: not alike.button.isVisible())
    themes = book.themes.in_programme(programme)
    assert sorted(t.name for t in themes) == ["Trust", "Voice and inclusion"]
    kept = next(t for t in themes if t.name == "Voice and inclusion")
    assert lead.board.board is not None and lead.board.board.total(kept.id) == 4
    assert "into “Voice and inclusion”" in lead.status.text()


def test_the_plan_choice_is_named_for_screen_readers(qtbot: QtBot, a11y: object) -> None:
    from companion.facilitation.library import PlanLibrary
    from ui.lead.plan_share import PlanChoiceDialog

    plans = [e.plan for e in PlanLibrary.load().plans() if e.plan is not None]
    dialog = PlanChoiceDialog(plans)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    a11y(dialog)  # type: ignore[operator]
    assert alt_clashes(dialog) == []
    dialog.plan.setCurrentIndex(2)
    assert dialog.chosen() == plans[2]
    dialog.reject()
