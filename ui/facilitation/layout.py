"""The Facilitate area's widgets and how they are laid out (its behaviour is in
``ui.facilitation.area``).

Above: the plan and group, the controls, the options. Left: the timeline, and
under it the session's time and what comes next. Right: the current segment,
its time and core questions, the overrun offer, and the due prompts.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from companion.facilitation.library import PlanLibrary
from ui.facilitation.actions import FacilitateActions
from ui.facilitation.controls import ControlBar, tool_button
from ui.facilitation.now import NowPanel
from ui.facilitation.plans import PlanChooser
from ui.facilitation.prompts import PromptsPanel
from ui.facilitation.timeline import Timeline
from ui.widgets.a11y import name
from ui.widgets.stacking import stack_when_narrow


class FacilitateLayout(QWidget):
    """The widgets of the Facilitate area, with an explicit Tab order."""

    def _build(self, load_library: Callable[[], PlanLibrary]) -> None:
        """Make every widget and lay them out."""
        self.commands = FacilitateActions(self)
        self.chooser = PlanChooser(load_library)
        self.plan_combo = self.chooser.plan_combo
        self.group_combo = self.chooser.group_combo
        self.edit_button = self.chooser.edit_button
        self.new_button = self.chooser.new_button
        self.plan_info = self.chooser.info
        self.controls = ControlBar(self.commands)
        self.start_button = self.controls.start_button
        self.pause_button = self.controls.pause_button
        self.minutes_spin = self.controls.minutes_spin
        options = self._build_options()
        self.notice_label = QLabel()
        self.notice_label.setObjectName("facilitate_notice")
        self.notice_label.setWordWrap(True)
        self.notice_label.setTextFormat(Qt.TextFormat.PlainText)
        self.notice_label.hide()
        self._build_panels()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(8)
        layout.addWidget(self.chooser)
        layout.addWidget(self.controls)
        layout.addLayout(options)
        layout.addWidget(self.notice_label)
        layout.addWidget(self.splitter, 1)
        self._tab_order()

    def _build_options(self) -> QHBoxLayout:
        """The plan's description beside the run's options: move on by itself, sound, mini."""
        self.mini_button = tool_button(self.commands.mini, "Mini window")
        self.auto_check = name(
            QCheckBox("Move on when time is up"),
            "Move on when time is up",
            "Go to the next segment by itself when a segment's time runs out",
        )
        self.sound_check = name(
            QCheckBox("Sound"), "Sound for prompts", "Also play the system alert sound for a prompt"
        )
        options = QHBoxLayout()
        options.addWidget(self.plan_info, 1)
        options.addWidget(self.auto_check)
        options.addWidget(self.sound_check)
        options.addWidget(self.mini_button)
        return options

    def _build_panels(self) -> None:
        """The timeline and where-we-are on the left; now, overrun and prompts on the right."""
        self.timeline = Timeline()
        self.now = NowPanel()
        self.prompts = PromptsPanel()
        left = QWidget()
        left.setObjectName("facilitate_left")
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.timeline, 1)
        left_layout.addWidget(self.now.side)
        right = QWidget()
        right.setObjectName("facilitate_right")
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(8, 0, 0, 0)
        right_layout.addWidget(self.now)
        right_layout.addWidget(self.prompts, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("facilitate_splitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 7)
        self.splitter.setSizes([300, 700])
        self.timeline.setMinimumWidth(220)
        # Narrow (a small or zoomed screen): what is happening now and what is due
        # on top, the timeline under it.
        self.stacking = stack_when_narrow(self.splitter, order=(1, 0))

    def _tab_order(self) -> None:
        overrun = self.now.overrun
        order: list[QWidget] = [
            self.plan_combo,
            self.group_combo,
            self.edit_button,
            self.new_button,
            *self.controls.widgets(),
            self.auto_check,
            self.sound_check,
            self.mini_button,
            self.timeline,
            overrun.take_button,
            overrun.extend_button,
            overrun.move_on_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)
