"""The plan editor: edit segments and prompts, checked as you type, saved as your own plan."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from companion.clock import ManualClock
from companion.facilitation.deck import load_deck
from companion.facilitation.library import PlanLibrary, user_plans_dir
from companion.facilitation.loader import load_plan
from ui.facilitation.area import FacilitateArea
from ui.facilitation.plan_editor import PlanEditorDialog


@pytest.fixture
def area(qtbot: QtBot) -> Iterator[FacilitateArea]:
    area = FacilitateArea(clock=ManualClock())
    qtbot.addWidget(area)
    area.resize(1000, 700)
    area.show()
    qtbot.waitExposed(area)
    yield area
    area.shutdown()


def _editor(area: FacilitateArea, qtbot: QtBot, *, copy: bool = True) -> PlanEditorDialog:
    dialog = area.open_editor(copy=copy)
    assert isinstance(dialog, PlanEditorDialog)
    qtbot.waitExposed(dialog)
    return dialog


def _type(edit: object, text: str) -> None:
    edit.setText(text)  # type: ignore[attr-defined]
    edit.textEdited.emit(text)  # type: ignore[attr-defined]


def test_a_copy_of_a_built_in_plan_opens_ready_to_save(area: FacilitateArea, qtbot: QtBot) -> None:
    area.select_plan("breakout-30")
    dialog = _editor(area, qtbot)
    assert dialog.name_edit.text() == "breakout-30-mine"
    assert dialog.title_edit.text() == "Breakout: 30 minutes (my version)"
    assert dialog.segment_list.count() == 4
    assert dialog.segment_list.item(1).text() == "2. Discussion · 17 min"
    assert dialog.problems_label.text() == "No problems: ready to save."
    assert dialog.save_button.isEnabled()
    dialog.reject()


def test_mistakes_are_named_and_block_saving(area: FacilitateArea, qtbot: QtBot) -> None:
    area.select_plan("breakout-30")
    dialog = _editor(area, qtbot)
    dialog.segment_list.setCurrentRow(1)
    form = dialog.segment_form
    form.prompt_list.setCurrentRow(0)
    _type(form.prompt_form.at_edit, "start+30")
    text = dialog.problems_label.text()
    assert 'Segment 2 "Discussion", prompt 1 "not-heard", field "at"' in text
    assert "after the end of this 17-minute segment" in text
    assert not dialog.save_button.isEnabled()
    assert form.prompt_list.item(0).text() == "start+30 · Who have we not heard from?"
    _type(form.prompt_form.at_edit, "end-2")
    assert dialog.save_button.isEnabled()
    _type(dialog.name_edit, "breakout-30")
    assert "is the name of a built-in plan" in dialog.problems_label.text()
    _type(dialog.name_edit, "no spaces please")
    assert "Name: A plan's name must start" in dialog.problems_label.text()
    dialog.reject()


def test_segments_and_own_prompts_are_edited_and_saved(area: FacilitateArea, qtbot: QtBot) -> None:
    area.select_plan("breakout-30")
    dialog = _editor(area, qtbot)
    saved: list[str] = []
    dialog.saved.connect(saved.append)
    _type(dialog.name_edit, "short-breakout")
    _type(dialog.title_edit, "Short breakout")
    dialog.segment_list.setCurrentRow(3)
    dialog.remove_segment()
    dialog.segment_list.setCurrentRow(0)
    dialog.add_segment()  # after the check-in
    form = dialog.segment_form
    _type(form.title_edit, "Pairs")
    form.kind_combo.setCurrentIndex(form.kind_combo.findData("pairs"))
    form.minutes_spin.setValue(4)
    form.questions_edit.setPlainText("What surprised you?\n\nWhat will you try?")
    form.add_prompt()
    prompt = form.prompt_form
    prompt.source_combo.setCurrentIndex(0)  # my own words
    assert prompt.title_edit.isEnabled()
    _type(prompt.at_edit, "end-1")
    _type(prompt.text_edit, "Ask pairs to come back to the group.")
    dialog.move_segment(1)
    assert [dialog.segment_list.item(i).text() for i in range(4)] == [
        "1. Check-in · 5 min",
        "2. Discussion · 17 min",
        "3. Pairs · 4 min",
        "4. Agree what to take back · 6 min",
    ]
    assert dialog.save_button.isEnabled(), dialog.problems_label.text()
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert saved == ["short-breakout"]
    path = user_plans_dir() / "short-breakout.toml"
    plan = load_plan(path, load_deck())
    pairs = plan.segments[2]
    assert (pairs.title, pairs.kind.value, pairs.minutes) == ("Pairs", "pairs", 4)
    assert pairs.questions == ("What surprised you?", "What will you try?")
    assert pairs.prompts[-1].text == "Ask pairs to come back to the group."
    assert str(pairs.prompts[-1].at) == "end-1"
    assert area.selected_name() == "short-breakout"  # offered and chosen at once
    assert area.plan_combo.currentText() == "Short breakout (yours)"


def test_editing_your_own_plan_saves_over_it(area: FacilitateArea, qtbot: QtBot) -> None:
    (user_plans_dir() / "mine.toml").write_text(
        'title = "Mine"\n[[segments]]\ntitle = "A"\nkind = "round"\nminutes = 5\n'
    )
    area.reload_plans(select="mine")
    dialog = _editor(area, qtbot)
    assert dialog.name_edit.text() == "mine"
    assert dialog.title_edit.text() == "Mine"
    dialog.segment_form.minutes_spin.setValue(7)
    dialog.save()
    assert PlanLibrary.load().find("mine").plan.total_minutes == 7  # type: ignore[union-attr]


def test_a_new_plan_starts_from_a_template_and_may_not_reuse_a_name(
    area: FacilitateArea, qtbot: QtBot
) -> None:
    (user_plans_dir() / "my-plan.toml").write_text(
        'title = "Old"\n[[segments]]\ntitle = "A"\nkind = "round"\nminutes = 5\n'
    )
    dialog = _editor(area, qtbot, copy=False)
    assert dialog.title_edit.text() == "My plan"
    assert dialog.segment_list.count() == 1
    assert "already have a plan called 'my-plan'" in dialog.problems_label.text()
    _type(dialog.name_edit, "my-new-plan")
    dialog.remove_segment()
    assert "needs at least one segment" in dialog.problems_label.text()
    dialog.reject()


def test_the_editor_is_accessible(
    area: FacilitateArea, qtbot: QtBot, a11y: Callable[..., None]
) -> None:
    dialog = _editor(area, qtbot)
    dialog.segment_form.prompt_list.setCurrentRow(0)
    a11y(dialog)
    dialog.reject()
