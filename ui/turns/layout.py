"""The Turns area's widgets and where they sit; the area gives them their behaviour.

Group [combo] Roster…                              Nudge settings…  (Simulate)
Voice-assisted  Recognise voices (a row of its own: fits 640 points at 200 %)
12:04 tracked · 23 turns · equality …  Keep participation summary…  Start again
Find [……]  legend                    | Now speaking (and the action buttons)
                                     | New speaker — who is it? (while offered)
the members' table (bar view)        | Raised hands
keys                                 | Nudges
the latest message
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.turns.controls import NowSpeaking
from ui.turns.model import TurnsModel
from ui.turns.nudges import NudgeList
from ui.turns.queue import QueueBox
from ui.turns.table import TurnsTable
from ui.turns.voice_card import VoiceSuggestion
from ui.widgets.a11y import describe, name
from ui.widgets.stacking import stack_when_narrow

KEYS_HINT = (
    "Keys: 1–9, 0 speaking · Esc nobody · Enter selected · P passed · H hand · "
    "N next · R last turn was theirs · A away · Ctrl+Z undo"
)


def _button(text: str, accessible: str, tip: str) -> QPushButton:
    return name(QPushButton(text), accessible, tip)


def _label(object_name: str, text: str = "") -> QLabel:
    label = QLabel(text)
    label.setObjectName(object_name)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    return label


class EmptyRoster(QWidget):
    """What the table's place shows before the group has members."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        text = QLabel(
            "No members yet. Paste their names (one per line), or open the roster to add, "
            "import a CSV file or edit details such as pronouns and how to say each name."
        )
        text.setWordWrap(True)
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout.addWidget(text)
        row = QHBoxLayout()
        row.addStretch(1)
        self.paste_button = QPushButton("&Paste names…")
        describe(self.paste_button, "Paste a list of names, one per line")
        self.roster_button = QPushButton("Open the roster…")
        row.addWidget(self.paste_button)
        row.addWidget(self.roster_button)
        row.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)


class TurnsLayout:
    """Builds the area's widgets on ``area`` and keeps them as attributes."""

    def __init__(
        self,
        area: QWidget,
        model: TurnsModel,
        buttons: list[tuple[QAction, str]],
        demo: bool,
    ) -> None:
        layout = QVBoxLayout(area)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(self._top(demo))
        layout.addLayout(self._figures())
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(self._left(model))
        splitter.addWidget(self._right(buttons))
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([665, 335])
        # Narrow: who is speaking now, the queue and the nudges on top, the roster under.
        self.stacking = stack_when_narrow(splitter, order=(1, 0))
        self.splitter = splitter
        layout.addWidget(splitter, 1)
        self.message = _label("turns_message")
        layout.addWidget(self.message)
        QWidget.setTabOrder(self.group_combo, self.roster_button)
        QWidget.setTabOrder(self.search, self.table)

    def _top(self, demo: bool) -> QVBoxLayout:
        top = QHBoxLayout()
        group_label = QLabel("&Group:")
        self.group_combo = QComboBox()
        self.group_combo.setObjectName("turns_group")
        self.group_combo.setEditable(True)
        self.group_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.group_combo.setMinimumContentsLength(10)
        name(
            self.group_combo,
            "Group",
            "Choose the group, or type a new group's name and press Enter; each group keeps "
            "its own roster",
        )
        group_label.setBuddy(self.group_combo)
        self.roster_button = _button("&Roster…", "Roster…", "Add, edit, reorder or remove members")
        self.voice_box = name(
            QCheckBox("Voic&e-assisted"),
            "Voice-assisted",
            "Count talk only while the caption audio hears a voice; a silence ends the turn. "
            "Without audio, keys alone count.",
        )
        self.recognise_box = name(
            QCheckBox("Recognise voices (&by ear)"),
            "Recognise voices",
            "Voice-assisted only: notice a new voice in the captions' audio and ask who it is, "
            "then mark confirmed voices' turns yourself. Voices stay in memory only, never "
            "stored; off unless you choose it.",
        )
        self.rules_button = _button(
            "Nudge &settings…", "Nudge settings…", "Turn nudges on or off and choose when they come"
        )
        self.simulate_button: QPushButton | None = None
        for widget in (group_label, self.group_combo, self.roster_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.rules_button)
        if demo:
            self.simulate_button = _button(
                "Si&mulate discussion",
                "Simulate discussion",
                "Demo mode: play a 20-minute discussion where two people dominate",
            )
            top.addWidget(self.simulate_button)
        voices = QHBoxLayout()  # the voice options, together, under the group
        voices.addWidget(self.voice_box)
        voices.addWidget(self.recognise_box)
        voices.addStretch(1)
        rows = QVBoxLayout()
        rows.addLayout(top)
        rows.addLayout(voices)
        return rows

    def _figures(self) -> QHBoxLayout:
        self.group_summary = _label("turns_group_line")
        font = self.group_summary.font()
        font.setPointSizeF(font.pointSizeF() * 1.1)
        self.group_summary.setFont(font)
        self.keep_button = _button(
            "&Keep participation summary…",
            "Keep participation summary…",
            "Keep each member's totals for this session (never who spoke when)",
        )
        self.reset_button = _button(
            "Start aga&in", "Start again", "Clear the figures and start tracking afresh"
        )
        row = QHBoxLayout()
        row.addWidget(self.group_summary, 1)
        row.addWidget(self.keep_button)
        row.addWidget(self.reset_button)
        return row

    def _left(self, model: TurnsModel) -> QWidget:
        left = QWidget()
        column = QVBoxLayout(left)
        column.setContentsMargins(0, 0, 0, 0)
        search_row = QHBoxLayout()
        search_label = QLabel("Fin&d:")
        self.search = QLineEdit()
        self.search.setObjectName("turns_search")
        self.search.setPlaceholderText("Part of a name; Enter marks them")
        self.search.setClearButtonEnabled(True)
        name(
            self.search,
            "Find a member",
            "Type part of a name; Enter marks the first match as speaking (/)",
        )
        search_label.setBuddy(self.search)
        self.legend = _label("turns_legend", "Bars: share of all talk · ┆ marks an equal share")
        search_row.addWidget(search_label)
        search_row.addWidget(self.search, 1)
        search_row.addWidget(self.legend)
        column.addLayout(search_row)
        self.table = TurnsTable(model)
        self.empty = EmptyRoster()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.table)
        self.stack.addWidget(self.empty)
        column.addWidget(self.stack, 1)
        self.keys_hint = _label("turns_keys_hint", KEYS_HINT)
        column.addWidget(self.keys_hint)
        return left

    def _right(self, buttons: list[tuple[QAction, str]]) -> QWidget:
        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(0, 0, 0, 0)
        self.now = NowSpeaking()
        self.now.add_buttons(buttons)
        self.queue = QueueBox()
        self.nudge_list = NudgeList()
        self.voice_card = VoiceSuggestion()
        column.addWidget(self.now)
        column.addWidget(self.voice_card)
        column.addWidget(self.queue)
        column.addWidget(self.nudge_list, 1)
        return right
