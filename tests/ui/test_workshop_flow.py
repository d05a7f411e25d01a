"""One workshop end to end in the whole window, as a facilitator would run it.

Group 4 in webinar 2: the roster has a "call me" name and pronouns; the plan
moves on and Notes follows its question; the "not heard yet" prompt names the
people Turns has not heard; what is due shows in the status line from Turns;
finishing the run stops tracking and asks what to keep, and the choice lands
in the group's notes with the attendance and the facilitator.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from companion.clock import ManualClock
from companion.notes.export_md import render
from companion.notes.model import NoteKind
from companion.turns.roster import MemberDetails
from companion.workshop.closing import SECTION, Keep
from companion.workshop.events import Place
from ui.app import build_window
from ui.facilitation.area import FacilitateArea
from ui.main_window import MainWindow
from ui.notes.area import NotesArea
from ui.turns.area import TurnsArea

MIN = 60.0
PLAN = "webinar-2-shared-understanding"
ROSTER = [
    MemberDetails("Siobhán Ní Bhriain", pronouns="she/her"),
    MemberDetails("Bartosz Nowak"),
    MemberDetails("Mei-Ling Chen", pronouns="she/her"),
    MemberDetails("Dr Jonathan Whitworth-Pemberton", pronouns="he/him", call_me="Jon"),
]


@pytest.fixture
def window(qtbot: QtBot) -> Iterator[MainWindow]:
    window = build_window()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    yield window
    window.close_guards.clear()  # a run left going: no question at the end of the test
    window.close()


def _areas(window: MainWindow) -> tuple[FacilitateArea, TurnsArea, NotesArea]:
    facilitate, turns, notes = (window.tabs.widget(i) for i in (1, 2, 3))
    assert isinstance(facilitate, FacilitateArea)
    assert isinstance(turns, TurnsArea)
    assert isinstance(notes, NotesArea)
    return facilitate, turns, notes


def _start_group_4(window: MainWindow, qtbot: QtBot, clock: ManualClock) -> None:
    facilitate, turns, _notes = _areas(window)
    facilitate.driver.clock = clock
    turns.driver.clock = clock
    assert facilitate.select_plan(PLAN)
    facilitate.chooser.group_combo.setEditText("Group 4")
    facilitate.start()
    qtbot.waitUntil(lambda: turns.driver.group_name == "Group 4")
    turns.driver.roster.add_many(ROSTER)


def _talk(turns: TurnsArea, clock: ManualClock, seconds: float) -> None:
    """Let ``seconds`` pass with Turns ticking, as its timer would (a jump is not talk)."""
    end = clock.now + seconds
    while clock.now < end:
        clock.now = min(end, clock.now + 10)
        turns.driver.tick()


def _current_section(notes: NotesArea) -> str:
    item = notes.sections.currentItem()
    return item.text().split(". ", 1)[1] if item is not None else ""


def test_notes_follow_the_plan_and_the_prompt_names_who_is_not_heard(
    window: MainWindow, qtbot: QtBot
) -> None:
    clock = ManualClock()
    facilitate, turns, notes = _areas(window)
    _start_group_4(window, qtbot, clock)
    plan = facilitate.selected_entry().plan
    check_in, core = plan.segments[1], plan.segments[2]

    notes.sections.setCurrentRow(notes.sections.count() - 1)  # the note-taker looked ahead
    clock.now = 25 * MIN + 1  # the facilitator moves on to Check-in: Notes opens its question
    facilitate.driver.skip()
    qtbot.waitUntil(lambda: _current_section(notes) == check_in.questions[0])

    turns.driver.mark(turns.driver.roster.members[0].id)  # Siobhán speaks
    window.show_area(turns)  # the facilitator works in Turns from here on
    clock.now = 35 * MIN + 1  # Core questions start: Notes moves on with the plan
    facilitate.driver.skip()
    qtbot.waitUntil(lambda: _current_section(notes) == core.questions[0])

    clock.now = 45 * MIN + 1  # ten minutes in: "Who have we not heard from?" is due
    facilitate.driver.tick()
    cards = {c.prompt.ref: c for c in facilitate.prompts.cards()}
    text = cards["not-heard"].text.text()
    assert text.startswith(
        "We haven't heard from Bartosz Nowak, Mei-Ling Chen (she/her) or Jon (he/him) yet."
    )
    assert "Siobhán" not in text and "Sam" not in text and "Jonathan" not in text
    # Seen from Turns too: the status line says what is due, in words.
    status = window.status_line.attention_label
    assert window.tabs.currentWidget() is turns
    assert status.isVisible()
    assert "prompts due" in status.text() or "prompt due" in status.text()
    assert status.accessibleName() == status.text()
    facilitate.finish()
    qtbot.waitUntil(lambda: turns.closing_dialog is not None)
    assert turns.closing_dialog is not None
    turns.closing_dialog.reject()


def test_an_overrun_shows_from_every_area(window: MainWindow, qtbot: QtBot) -> None:
    clock = ManualClock()
    facilitate, turns, notes = _areas(window)
    _start_group_4(window, qtbot, clock)
    window.show_area(notes)
    status = window.status_line.attention_label
    clock.now = 32 * MIN  # the 25-minute plenary seven minutes over, auto-advance off
    facilitate.driver.tick()
    qtbot.waitUntil(lambda: "over time" in status.text())
    assert status.isVisible()
    assert "Welcome and plenary is over time by 7 minutes" in status.text()
    facilitate.finish()
    qtbot.waitUntil(lambda: not status.isVisible())
    assert turns.closing_dialog is not None
    turns.closing_dialog.reject()


@pytest.mark.parametrize("keep", [Keep.NAMED, Keep.ANONYMISED, Keep.NONE])
def test_finishing_stops_tracking_and_files_the_chosen_summary(
    window: MainWindow, qtbot: QtBot, keep: Keep
) -> None:
    clock = ManualClock()
    facilitate, turns, notes = _areas(window)
    _start_group_4(window, qtbot, clock)
    siobhan, bartosz, *_rest = turns.driver.roster.members
    turns.driver.toggle_away(_rest[0].id)  # Mei-Ling could not come today
    turns.driver.mark(siobhan.id)
    _talk(turns, clock, 3 * MIN)
    turns.driver.mark(bartosz.id)
    _talk(turns, clock, 1 * MIN)

    facilitate.finish()  # the end of the run
    qtbot.waitUntil(lambda: turns.closing_dialog is not None)
    dialog = turns.closing_dialog
    assert dialog is not None and dialog.isVisible()
    assert not turns.driver.timer.isActive()  # tracking stopped: no time, no nudges
    assert turns.driver.session.speaker is None  # Bartosz's turn stopped counting
    dialog.set_keep(keep)
    dialog.facilitator.setText("Ada Okafor")
    dialog.file_button.click()

    qtbot.waitUntil(lambda: _current_section(notes) == SECTION)
    place = facilitate.driver.workshop.place
    assert place is not None
    lines = [
        n.text
        for n in notes.notebook.notes.notes(place.session_id, place.group_id)
        if n.kind == NoteKind.NOTE
    ]
    assert "Facilitator: Ada Okafor." in lines
    assert any(line.startswith("Attendance: 3 present (Siobhán") for line in lines)
    assert "Away today: Mei-Ling Chen." in lines
    summary = next((line for line in lines if line.startswith("Participation summary")), "")
    if keep is Keep.NAMED:
        assert "Siobhán Ní Bhriain 3 minutes, 1 turn" in summary
    elif keep is Keep.ANONYMISED:
        assert "Participant 1 3 minutes" in summary and "Siobhán" not in summary
    else:
        assert summary == "Participation summary: not kept, as the facilitator chose."
    assert turns.driver.remembered_facilitator() == "Ada Okafor"  # offered next time
    # The group's document carries it like any other section.
    document = render(notes.notebook.group_notes(place.session_id, place.group_id))
    assert f". {SECTION}\n" in document  # "## 6. Participation and attendance"
    assert "Facilitator: Ada Okafor." in document


def test_the_closing_dialog_is_accessible(window: MainWindow, qtbot: QtBot, a11y: object) -> None:
    clock = ManualClock()
    facilitate, turns, _notes = _areas(window)
    _start_group_4(window, qtbot, clock)
    facilitate.finish()
    qtbot.waitUntil(lambda: turns.closing_dialog is not None)
    dialog = turns.closing_dialog
    assert isinstance(dialog, QWidget)
    a11y(dialog)  # type: ignore[operator]
    dialog.reject()


def test_ending_the_session_in_notes_ends_the_run_and_asks_first(
    window: MainWindow, qtbot: QtBot
) -> None:
    clock = ManualClock()
    facilitate, turns, notes = _areas(window)
    _start_group_4(window, qtbot, clock)
    window.show_area(notes)
    wizard = notes.open_end_session()
    assert wizard is not None
    qtbot.waitUntil(lambda: turns.closing_dialog is not None)
    assert not facilitate.driver.active  # the run is over, tracking stopped
    assert not turns.driver.timer.isActive()
    assert turns.closing_dialog is not None
    turns.closing_dialog.reject()
    wizard.reject()  # type: ignore[attr-defined]


def test_new_session_in_notes_offers_the_plans_questions(window: MainWindow, qtbot: QtBot) -> None:
    clock = ManualClock()
    facilitate, _turns, notes = _areas(window)
    _start_group_4(window, qtbot, clock)
    plan = facilitate.selected_entry().plan
    questions = [q for segment in plan.segments for q in segment.questions]
    dialog = notes.session.open_start()
    assert dialog.sections.toPlainText().splitlines() == questions
    assert dialog.session.text() == plan.title and dialog.group.text() == "Group 4"
    dialog.reject()


def _siobhan_talks_for_two_minutes(
    window: MainWindow, qtbot: QtBot
) -> tuple[FacilitateArea, TurnsArea, NotesArea]:
    clock = ManualClock()
    facilitate, turns, notes = _areas(window)
    _start_group_4(window, qtbot, clock)
    turns.driver.mark(turns.driver.roster.members[0].id)
    _talk(turns, clock, 2 * MIN)
    return facilitate, turns, notes


def _filed_summary(notes: NotesArea, place: Place) -> str:
    """The participation summary filed in the group's notes, credited to Ada Okafor."""
    lines = [n.text for n in notes.notebook.notes.notes(place.session_id, place.group_id)]
    assert "Facilitator: Ada Okafor." in lines
    return next(line for line in lines if line.startswith("Participation summary"))


def test_quitting_mid_run_asks_what_to_keep_and_cancel_keeps_the_app_open(
    window: MainWindow, qtbot: QtBot, a11y: object
) -> None:
    facilitate, turns, notes = _siobhan_talks_for_two_minutes(window, qtbot)
    siobhan = turns.driver.roster.members[0]

    window.close()  # Ctrl+Q, or the window's close button, mid-run
    qtbot.waitUntil(lambda: turns.quit_dialog is not None and turns.quit_dialog.isVisible())
    dialog = turns.quit_dialog
    assert dialog is not None
    assert window.isVisible()
    assert "still going" in dialog.windowTitle()
    a11y(dialog)  # type: ignore[operator]
    dialog.later_button.click()  # Cancel: nothing lost, the run and tracking go on
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert window.isVisible()
    assert facilitate.driver.active
    assert turns.driver.session.speaker == siobhan.id
    assert turns.driver.timer.isActive()
    assert turns.closing_dialog is None

    # Quit again and keep it, anonymised: filed in the notes, then the window goes.
    window.close()
    qtbot.waitUntil(lambda: turns.quit_dialog is not None and turns.quit_dialog.isVisible())
    dialog = turns.quit_dialog
    assert dialog is not None
    dialog.set_keep(Keep.ANONYMISED)
    dialog.facilitator.setText("Ada Okafor")
    place = facilitate.driver.workshop.place
    assert place is not None
    dialog.file_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert not facilitate.driver.active
    assert turns.closing_dialog is None  # not asked twice
    summary = _filed_summary(notes, place)  # with the facilitator's name
    assert "Participant 1 2 minutes" in summary and "Siobhán" not in summary


def test_quitting_after_decide_later_asks_again_so_the_figures_are_not_lost(
    window: MainWindow, qtbot: QtBot, a11y: object
) -> None:
    facilitate, turns, notes = _siobhan_talks_for_two_minutes(window, qtbot)
    place = facilitate.driver.workshop.place
    assert place is not None
    facilitate.finish()
    qtbot.waitUntil(lambda: turns.closing_dialog is not None)
    assert turns.closing_dialog is not None
    turns.closing_dialog.later_button.click()  # Decide later: the figures stay on screen

    window.close()
    qtbot.waitUntil(lambda: turns.quit_dialog is not None and turns.quit_dialog.isVisible())
    dialog = turns.quit_dialog
    assert dialog is not None
    assert window.isVisible()  # not gone with the figures
    assert "decide later" in dialog.findChild(QLabel, "turns_closing_intro").text()
    a11y(dialog)  # type: ignore[operator]
    dialog.set_keep(Keep.NAMED)
    dialog.facilitator.setText("Ada Okafor")
    dialog.file_button.click()
    qtbot.waitUntil(lambda: not window.isVisible())
    summary = _filed_summary(notes, place)  # with the facilitator's name
    assert "Siobhán" in summary


def test_quitting_with_no_run_asks_nothing(window: MainWindow, qtbot: QtBot) -> None:
    _facilitate, turns, _notes = _areas(window)
    window.close()
    qtbot.waitUntil(lambda: not window.isVisible())
    assert turns.quit_dialog is None
