"""The plan's segments as a timeline: start time, title and length, the current one marked.

The current segment is marked in words ("▶ Now") and in bold, never by colour
alone; segments already run carry "✓". Lengths changed while running show the
change ("10 min, +5").
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from companion.facilitation.model import Plan
from companion.facilitation.status import RunStatus
from companion.timefmt import hours_minutes
from ui.widgets.a11y import name

NOW_MARK = "▶ Now"
DONE_MARK = "✓"


def segment_line(plan: Plan, index: int, start_minutes: float, length: float, mark: str) -> str:
    """One timeline row: "▶ Now  0:25  Check-in · 10 min"."""
    segment = plan.segments[index]
    minutes = length / 60
    change = minutes - segment.minutes
    size = f"{minutes:g} min"
    if abs(change) >= 0.05:
        size += f", {'+' if change > 0 else '−'}{abs(change):g}"
    prefix = f"{mark}  " if mark else ""
    return f"{prefix}{hours_minutes(start_minutes)}  {segment.title} · {size}"


class Timeline(QListWidget):
    """The segments in order; read with the arrow keys, nothing to choose."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("facilitate_timeline")
        name(self, "Timeline", "The plan's segments in order; the current one says Now")
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setWordWrap(True)
        self.setUniformItemSizes(False)
        self._plan: Plan | None = None

    def show_plan(self, plan: Plan | None) -> None:
        """Show ``plan`` as planned (no run yet)."""
        self._plan = plan
        self.clear()
        if plan is None:
            return
        for index, start in enumerate(plan.starts()):
            seconds = plan.segments[index].seconds
            self.addItem(QListWidgetItem(segment_line(plan, index, start, seconds, "")))

    def show_status(self, status: RunStatus) -> None:
        """Mark where the run is and show lengths as they are now."""
        plan = self._plan
        if plan is None or self.count() != len(plan.segments):
            return
        start = 0.0  # run so far, then as planned now
        for index, length in enumerate(status.lengths):
            if index == status.index and status.state.value != "finished":
                mark = NOW_MARK
            elif index < status.index or status.spent[index] > 0:
                mark = DONE_MARK
            else:
                mark = ""
            item = self.item(index)
            text = segment_line(plan, index, start / 60, length, mark)
            if item.text() != text:
                item.setText(text)
            font = item.font()
            bold = mark == NOW_MARK
            if font.bold() != bold:
                font.setBold(bold)
                item.setFont(font)
            if index < status.index:
                start += status.spent[index]
            elif index == status.index:
                start += max(length, status.spent[index])
            else:
                start += length
        if self.currentRow() != status.index:
            self.setCurrentRow(status.index)
            self.scrollToItem(self.item(status.index))

    def lines(self) -> list[str]:
        return [self.item(i).text() for i in range(self.count())]
