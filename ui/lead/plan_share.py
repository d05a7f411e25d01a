"""The lead puts the programme's codebook inside a plan, to send to facilitators.

"Put codebook in a plan…" asks which plan and where to save it; the file is
the plan with the programme's themes (and the programme as its series). A
facilitator imports it in Facilitate ("Import plan file…") and every theme is
in their Notes' picker, so all groups tag with the same names.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from companion.facilitation.library import PlanLibrary
from companion.facilitation.model import Plan
from companion.lead.plan_codebook import plan_with_codebook, write_plan
from companion.notes.model import NotesError
from ui.widgets.a11y import announce, name

if TYPE_CHECKING:
    from ui.lead.area import LeadArea


class PlanChoiceDialog(QDialog):
    """Which plan the facilitators will run, to carry the codebook."""

    def __init__(self, plans: list[Plan], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lead_plan_choice")
        self.setWindowTitle("Put codebook in a plan")
        self.setAccessibleName("Put codebook in a plan")
        self.plans = plans
        self.plan = name(QComboBox(self), "Plan", "The plan facilitators will run")
        for plan in plans:
            self.plan.addItem(f"{plan.title} ({plan.name})")
        label = QLabel("&Plan facilitators will run:")
        label.setBuddy(self.plan)
        buttons = QDialogButtonBox(self)
        ok = buttons.addButton("&Next…", QDialogButtonBox.ButtonRole.AcceptRole)
        name(ok, "Next", "Choose where to save the plan with the codebook")
        cancel = buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        name(cancel, "Cancel", "Save nothing")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(label)
        layout.addWidget(self.plan)
        layout.addWidget(buttons)

    def chosen(self) -> Plan | None:
        index = self.plan.currentIndex()
        return self.plans[index] if 0 <= index < len(self.plans) else None


class PlanShare:
    """The button, and writing the plan with the codebook."""

    def __init__(self, area: LeadArea) -> None:
        self.area = area
        self.load_library: Callable[[], PlanLibrary] = PlanLibrary.load
        self.plan_chooser: Callable[[list[Plan]], Plan | None] = self._ask_for_plan
        self.path_chooser: Callable[[str], str] = self._ask_for_path
        self.button = name(
            QPushButton("Put codeboo&k in a plan…", area),
            "Put codebook in a plan",
            "Save a plan carrying the programme's themes, for facilitators to import",
        )
        self.button.setObjectName("lead_codebook_plan")
        self.button.clicked.connect(self.choose)

    def update_buttons(self) -> None:
        programme = self.area.programme_id()
        self.button.setEnabled(
            programme is not None and bool(self.area.notebook.themes.in_programme(programme))
        )

    def _ask_for_plan(self, plans: list[Plan]) -> Plan | None:
        dialog = PlanChoiceDialog(plans, self.area)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        chosen = dialog.chosen() if accepted else None
        dialog.deleteLater()
        return chosen

    def _ask_for_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self.area, "Save the plan with the codebook", suggested, "Plans (*.toml)"
        )
        return path

    def choose(self) -> Path | None:
        plans = [e.plan for e in self.load_library().plans() if e.plan is not None]
        plan = self.plan_chooser(plans) if plans else None
        if plan is None:
            return None
        path = self.path_chooser(f"{plan.name}-with-themes.toml")
        return self.write(plan, Path(path)) if path else None

    def write(self, plan: Plan, path: Path) -> Path | None:
        """Write ``plan`` carrying the programme's themes to ``path``; says what happened."""
        programme = self.area.programme_id()
        if programme is None:
            return None
        themes = self.area.notebook.themes.in_programme(programme)
        shared = plan_with_codebook(plan, self.area.programme.currentText(), themes)
        try:
            written = write_plan(path, shared)
        except NotesError as error:
            self._say(str(error))
            return None
        self._say(
            f"Wrote {written.name}: “{plan.title}” with {len(themes)} "
            f"{'theme' if len(themes) == 1 else 'themes'}. Facilitators import it in "
            "Facilitate (Import plan file…)."
        )
        return written

    def _say(self, text: str) -> None:
        self.area.status.setText(text)
        announce(self.area.status, text)
