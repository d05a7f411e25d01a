"""The plan editor: change segments and prompts in the app, checked as you type, saved as yours.

It starts from a copy of a plan (or a one-segment template), edits the plain
data of a plan file, and checks it with the same rules as ``companion plans
check`` after every change. Problems are listed by segment, prompt and field;
Save is possible only when there are none. Plans are saved in the user data
folder under a name of their own (never over a built-in plan).
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from companion.errors import CompanionError
from companion.facilitation.library import (
    PlanLibrary,
    check_user_plan_name,
    save_user_plan,
    user_plans_dir,
)
from companion.facilitation.loader import parse_plan
from companion.facilitation.model import Deck, Plan
from companion.facilitation.problems import PlanError
from companion.facilitation.writer import data_to_toml, plan_data
from ui.facilitation.plan_editor_forms import SegmentForm
from ui.widgets.a11y import name

TEMPLATE: dict[str, Any] = {
    "title": "My plan",
    "segments": [
        {
            "title": "Check-in",
            "kind": "check-in",
            "minutes": 5,
            "prompts": [{"at": "start", "prompt": "names"}],
        }
    ],
}


class PlanEditorDialog(QDialog):
    """Edit a copy of a plan and save it among the user's plans."""

    saved = Signal(str)  # the saved plan's name

    def __init__(
        self,
        library: PlanLibrary,
        plan: Plan | None = None,
        parent: QWidget | None = None,
        *,
        editing_own: bool = False,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_editor")
        self.setWindowTitle("Plan editor")
        self.setAccessibleName("Plan editor")
        self._library = library
        self._original = plan.name if plan is not None and editing_own else ""
        if plan is None:
            self.data: dict[str, Any] = copy.deepcopy(TEMPLATE)
            suggested = "my-plan"
        else:
            self.data = plan_data(plan)
            suggested = plan.name if editing_own else f"{plan.name}-mine"
            if not editing_own:
                self.data["title"] = f"{plan.title} (my version)"
        self.checked: Plan | None = None
        self._build(suggested)
        self._fill_segments(0)
        self.check()
        self.resize(940, 700)

    # Building.

    def _build(self, suggested: str) -> None:
        top = self._build_plan_fields(suggested)
        middle = self._build_segments(self._library.deck)
        self._build_footer()
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.problems_label)
        layout.addWidget(self.buttons)
        self._connect()
        self._tab_order()

    def _build_plan_fields(self, suggested: str) -> QFormLayout:
        """Name, title, description and break interval: the plan as a whole."""
        self.name_edit = name(QLineEdit(suggested), "File name", "The plan's name and file name")
        self.title_edit = name(QLineEdit(str(self.data.get("title", ""))), "Plan title")
        self.description_edit = name(
            QLineEdit(str(self.data.get("description", ""))), "Description"
        )
        self.break_spin = name(
            QSpinBox(), "Offer a break every", "Minutes without a break before one is offered"
        )
        self.break_spin.setRange(0, 240)
        self.break_spin.setSpecialValueText("never")
        self.break_spin.setSuffix(" min")
        every = self.data.get("break_every", 0)
        self.break_spin.setValue(int(every) if isinstance(every, (int, float)) else 0)
        for edit in (self.title_edit, self.description_edit):
            edit.setCursorPosition(0)  # show the start of long text, not its end
        top = QFormLayout()
        top.addRow("&Name:", self.name_edit)
        top.addRow("&Title:", self.title_edit)
        top.addRow("&Description:", self.description_edit)
        top.addRow("&Break every:", self.break_spin)
        return top

    def _build_segments(self, deck: Deck) -> QHBoxLayout:
        """The segment list with its buttons, beside the chosen segment's form."""
        self.segment_list = name(QListWidget(), "Segments", "The plan's segments in order")
        self.segment_list.setObjectName("segment_list")
        self.add_button = name(QPushButton("Add segment"), "Add segment")
        self.remove_button = name(QPushButton("Remove segment"), "Remove segment")
        self.up_button = name(QPushButton("Move up"), "Move segment up")
        self.down_button = name(QPushButton("Move down"), "Move segment down")
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.add_button)
        list_buttons.addWidget(self.remove_button)
        list_buttons2 = QHBoxLayout()
        list_buttons2.addWidget(self.up_button)
        list_buttons2.addWidget(self.down_button)
        left = QVBoxLayout()
        segments_label = QLabel("&Segments:")
        segments_label.setBuddy(self.segment_list)
        left.addWidget(segments_label)
        left.addWidget(self.segment_list, 1)
        left.addLayout(list_buttons)
        left.addLayout(list_buttons2)
        self.segment_form = SegmentForm(deck)
        middle = QHBoxLayout()
        middle.addLayout(left, 2)
        middle.addWidget(self.segment_form, 5)
        return middle

    def _build_footer(self) -> None:
        self.problems_label = QLabel()
        self.problems_label.setObjectName("editor_problems")
        self.problems_label.setWordWrap(True)
        self.problems_label.setTextFormat(Qt.TextFormat.PlainText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save as my plan")
        self.save_button.setToolTip(f"Save in {user_plans_dir()}")
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)

    def _connect(self) -> None:
        self.name_edit.textEdited.connect(lambda _t: self.check())
        self.title_edit.textEdited.connect(self._on_top_edited)
        self.description_edit.textEdited.connect(self._on_top_edited)
        self.break_spin.valueChanged.connect(self._on_top_edited)
        self.segment_list.currentRowChanged.connect(self._on_segment_chosen)
        self.add_button.clicked.connect(self.add_segment)
        self.remove_button.clicked.connect(self.remove_segment)
        self.up_button.clicked.connect(lambda: self.move_segment(-1))
        self.down_button.clicked.connect(lambda: self.move_segment(1))
        self.segment_form.changed.connect(self._on_segment_changed)

    def _tab_order(self) -> None:
        f = self.segment_form
        order: list[QWidget] = [
            self.name_edit,
            self.title_edit,
            self.description_edit,
            self.break_spin,
            self.segment_list,
            self.add_button,
            self.remove_button,
            self.up_button,
            self.down_button,
            f.title_edit,
            f.kind_combo,
            f.minutes_spin,
            f.guide_edit,
            f.questions_edit,
            f.prompt_list,
            f.add_prompt_button,
            f.remove_prompt_button,
            f.prompt_form.at_edit,
            f.prompt_form.source_combo,
            f.prompt_form.title_edit,
            f.prompt_form.text_edit,
            self.buttons,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # Segments.

    def _segments(self) -> list[dict[str, Any]]:
        segments = self.data.setdefault("segments", [])
        assert isinstance(segments, list)
        return segments

    def _fill_segments(self, row: int) -> None:
        self.segment_list.blockSignals(True)
        self.segment_list.clear()
        for number, segment in enumerate(self._segments(), 1):
            self.segment_list.addItem(_segment_line(number, segment))
        self.segment_list.blockSignals(False)
        row = min(row, self.segment_list.count() - 1)
        self.segment_list.setCurrentRow(row)
        self._on_segment_chosen(row)

    def _on_segment_chosen(self, row: int) -> None:
        segments = self._segments()
        self.segment_form.load(segments[row] if 0 <= row < len(segments) else None)
        self.remove_button.setEnabled(row >= 0)
        self.up_button.setEnabled(row > 0)
        self.down_button.setEnabled(0 <= row < len(segments) - 1)

    def add_segment(self) -> None:
        row = self.segment_list.currentRow() + 1
        self._segments().insert(row, {"title": "New segment", "kind": "discussion", "minutes": 10})
        self._fill_segments(row)
        self.segment_form.title_edit.setFocus(Qt.FocusReason.OtherFocusReason)
        self.segment_form.title_edit.selectAll()
        self.check()

    def remove_segment(self) -> None:
        row = self.segment_list.currentRow()
        segments = self._segments()
        if 0 <= row < len(segments):
            del segments[row]
            self._fill_segments(row)
            self.check()

    def move_segment(self, step: int) -> None:
        row = self.segment_list.currentRow()
        segments = self._segments()
        target = row + step
        if 0 <= row < len(segments) and 0 <= target < len(segments):
            segments[row], segments[target] = segments[target], segments[row]
            self._fill_segments(target)
            self.check()

    def _on_segment_changed(self) -> None:
        row = self.segment_list.currentRow()
        segments = self._segments()
        if 0 <= row < len(segments):
            item = self.segment_list.item(row)
            if item is not None:
                item.setText(_segment_line(row + 1, segments[row]))
        self.check()

    def _on_top_edited(self) -> None:
        for key, value in (
            ("title", self.title_edit.text().strip()),
            ("description", self.description_edit.text().strip()),
        ):
            if value or key == "title":
                self.data[key] = value
            else:
                self.data.pop(key, None)
        if self.break_spin.value():
            self.data["break_every"] = self.break_spin.value()
        else:
            self.data.pop("break_every", None)
        self.check()

    # Checking and saving.

    def toml(self) -> str:
        """The plan being edited as the TOML it would be saved as."""
        ordered = {k: v for k, v in self.data.items() if k != "segments"}
        ordered["segments"] = self._segments()
        return data_to_toml(ordered)

    def problems(self) -> list[str]:
        """Every reason the plan cannot be saved yet, as sentences; [] when it can."""
        found: list[str] = []
        plan_name = self.name_edit.text().strip()
        try:
            check_user_plan_name(plan_name)
            exists = (user_plans_dir() / f"{plan_name}.toml").exists()
            if exists and plan_name != self._original:
                found.append(
                    f"Name: you already have a plan called {plan_name!r}; choose another name."
                )
        except CompanionError as error:
            found.append(f"Name: {error}")
        self.checked = None
        try:
            self.checked = parse_plan(
                self.toml(), self._library.deck, name=plan_name or "plan", file="this plan"
            )
        except PlanError as error:
            for problem in error.problems:
                where = problem.where[:1].upper() + problem.where[1:] if problem.where else "Plan"
                end = "" if problem.why.endswith(("?", ".")) else "."
                found.append(f"{where}: {problem.why}{end}")
        return found

    def check(self) -> bool:
        """Check the plan now; show the problems and allow Save only without any."""
        found = self.problems()
        if found:
            text = "Fix these before saving:\n" + "\n".join(f"• {p}" for p in found[:6])
            if len(found) > 6:
                text += f"\n…and {len(found) - 6} more."
        else:
            text = "No problems: ready to save."
        self.problems_label.setText(text)
        self.problems_label.setAccessibleName(text)
        self.save_button.setEnabled(not found)
        return not found

    def save(self) -> None:
        if not self.check() or self.checked is None:
            return
        try:
            save_user_plan(self.checked)
        except (CompanionError, OSError) as error:
            self.problems_label.setText(f"Could not save: {error}")
            return
        self.saved.emit(self.checked.name)
        self.accept()


def _segment_line(number: int, segment: dict[str, Any]) -> str:
    minutes = segment.get("minutes", 0)
    size = f"{minutes:g} min" if isinstance(minutes, (int, float)) else "? min"
    return f"{number}. {segment.get('title') or '(untitled)'} · {size}"
