"""Choosing what to run: the plan (built-in, yours, or broken with its reason) and the group.

Broken plans are listed but cannot be chosen; their reasons are in the item's
tooltip and in ``broken_text`` for the area's notice line.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QPushButton, QWidget

from companion.errors import CompanionError
from companion.facilitation.library import PlanEntry, PlanLibrary
from companion.facilitation.model import Deck
from ui.widgets.a11y import name, name_parts

GROUPS = tuple(f"Group {n}" for n in range(1, 11))


def broken_text(library: PlanLibrary) -> str:
    """A notice listing the plans that could not be loaded, with the first reasons."""
    broken = library.broken()
    if not broken and not library.deck_problems:
        return ""
    lines = [f"• {e.reason}" for e in broken[:3]]
    if len(broken) > 3:
        lines.append(f"…and {len(broken) - 3} more (see: companion plans list).")
    text = "Some plans could not be loaded, so they cannot be run:\n" + "\n".join(lines)
    if library.deck_problems:
        text = f"The prompt deck is broken: {library.deck_problems[0]}\n{text}"
    return text


class PlanChooser(QWidget):
    """The plan and group choice, with buttons to edit a copy or write a new plan."""

    chosen = Signal(object)  # the chosen PlanEntry, or None
    edit_requested = Signal(bool)  # True: edit a copy of the chosen plan; False: a new one

    def __init__(
        self, load_library: Callable[[], PlanLibrary], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("plan_chooser")
        self._load_library = load_library
        self.library = PlanLibrary((), Deck("", ()))
        self.plan_combo = name(QComboBox(), "Plan", "The session plan to run")
        self.plan_combo.setObjectName("plan_combo")
        self.plan_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.plan_combo.setMinimumContentsLength(18)
        self.group_combo = name(QComboBox(), "Group", "Which group you facilitate; type a new name")
        self.group_combo.setObjectName("group_combo")
        self.group_combo.setEditable(True)
        name_parts(self.group_combo)  # its text field is what a screen reader meets
        self.group_combo.addItems(GROUPS)
        self.group_combo.setMinimumContentsLength(8)
        self.edit_button = name(
            QPushButton("Edit as my plan…"), "Edit as my plan", "Copy this plan into the editor"
        )
        self.new_button = name(QPushButton("New plan…"), "New plan", "Write a plan of your own")
        self.info = QLabel()
        self.info.setObjectName("plan_info")
        self.info.setWordWrap(True)
        plan_label = QLabel("&Plan:")
        plan_label.setBuddy(self.plan_combo)
        group_label = QLabel("&Group:")
        group_label.setBuddy(self.group_combo)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(plan_label)
        layout.addWidget(self.plan_combo, 3)
        layout.addSpacing(8)
        layout.addWidget(group_label)
        layout.addWidget(self.group_combo, 1)
        layout.addWidget(self.edit_button)
        layout.addWidget(self.new_button)
        self.plan_combo.currentIndexChanged.connect(self._on_index)
        self.edit_button.clicked.connect(lambda: self.edit_requested.emit(True))
        self.new_button.clicked.connect(lambda: self.edit_requested.emit(False))

    @property
    def group(self) -> str:
        return self.group_combo.currentText().strip() or GROUPS[0]

    def reload(self, select: str | None = None) -> None:
        """Read the plans again and offer them, keeping (or making) a choice."""
        current = select or self.selected_name()
        self.library = self._load_library()
        self.plan_combo.blockSignals(True)
        self.plan_combo.clear()
        model = self.plan_combo.model()
        for entry in self.library.entries:
            label = entry.title + ("" if entry.builtin else " (yours)")
            if entry.broken:
                label = f"{entry.name} (broken)"
            self.plan_combo.addItem(label, entry.name)
            index = self.plan_combo.count() - 1
            tip = entry.reason if entry.broken else f"{entry.name}: {entry.path}"
            self.plan_combo.setItemData(index, tip, Qt.ItemDataRole.ToolTipRole)
            if entry.broken and isinstance(model, QStandardItemModel):
                item = model.item(index)
                if item is not None:
                    item.setEnabled(False)
        self.plan_combo.blockSignals(False)
        self.select(current)

    def select(self, plan_name: str) -> bool:
        """Choose the plan called ``plan_name`` (or its unique start); False if none can be."""
        entries = self.library.entries
        index = self.plan_combo.findData(plan_name) if plan_name else -1
        if index < 0 and plan_name:
            try:
                index = self.plan_combo.findData(self.library.find(plan_name).name)
            except CompanionError:
                index = -1
        found = index >= 0 and not entries[index].broken
        if not found:
            current = self.plan_combo.currentIndex()
            usable = [i for i, e in enumerate(entries) if not e.broken]
            keep = 0 <= current < len(entries) and not entries[current].broken
            index = current if keep else (usable[0] if usable else -1)
        self.plan_combo.blockSignals(True)
        self.plan_combo.setCurrentIndex(index)
        self.plan_combo.blockSignals(False)
        self._on_index(index)
        return found

    def selected_name(self) -> str:
        data = self.plan_combo.currentData()
        return str(data) if data else ""

    def selected_entry(self) -> PlanEntry | None:
        index = self.plan_combo.currentIndex()
        if 0 <= index < len(self.library.entries):
            return self.library.entries[index]
        return None

    def set_running(self, running: bool) -> None:
        """While a plan runs its plan and group stay as they are."""
        self.plan_combo.setEnabled(not running)
        self.group_combo.setEnabled(not running)

    def _on_index(self, _index: int) -> None:
        entry = self.selected_entry()
        plan = entry.plan if entry is not None else None
        if entry is None:
            self.info.setText("")
        elif plan is None:
            self.info.setText(f"This plan is broken: {entry.reason}")
        else:
            facts = [f"{plan.total_minutes:g} min", f"{len(plan.segments)} segments"]
            if plan.series:
                facts.append(plan.series)
            self.info.setText(" · ".join(facts))
            self.info.setToolTip(plan.description)
        self.chosen.emit(entry)
