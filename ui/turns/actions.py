"""The Turns area's keys: one action each, scoped to the area so they never fire elsewhere.

Every action uses ``Qt.WidgetWithChildrenShortcut`` on the area: digits typed
in the notes, or in the area's own search box, stay text.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QWidget

from companion.turns.roster import KEYS
from ui.widgets.a11y import make_action

# name: (text, tooltip, keys); the area gives a slot for each name.
ACTIONS: dict[str, tuple[str, str, tuple[str, ...]]] = {
    "nobody": ("Nobody", "Nobody is speaking now", ("Esc", ".")),
    "pass": ("Passed", "The selected member passed — respected, not silence", ("P",)),
    "undo": ("Undo", "Undo the last mark, pass or fix", ("Ctrl+Z",)),
    "fix": ("Last turn was theirs", "Give the last turn to the selected member", ("R",)),
    "hand": ("Raise hand", "Raise the selected member's hand", ("H",)),
    "next": ("Next", "Give the floor to the first raised hand", ("N",)),
    "away": ("Away today", "Mark the selected member as away today, or back", ("A",)),
    "find": ("Find a member", "Find a member by name", ("/",)),
}


@dataclass(frozen=True)
class TurnsActions:
    """The area's actions, by what they do."""

    marks: tuple[QAction, ...]  # keys 1–9 and 0
    nobody: QAction
    passed: QAction
    undo: QAction
    fix: QAction
    hand: QAction
    next: QAction
    away: QAction
    find: QAction


def _action(
    area: QWidget, name: str, text: str, tip: str, keys: tuple[str, ...], slot: Callable[[], object]
) -> QAction:
    action = make_action(
        area, text, tip, shortcut=keys[0], triggered=slot, object_name=f"turns_{name}"
    )
    action.setShortcuts([QKeySequence(k) for k in keys])
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    area.addAction(action)
    return action


def build_actions(
    area: QWidget, mark_key: Callable[[str], object], slots: Mapping[str, Callable[[], object]]
) -> TurnsActions:
    """Add the area's actions to ``area``; ``slots`` has a function for each name in ACTIONS."""
    marks = tuple(
        _action(
            area,
            f"mark_{key}",
            f"Member {key} speaking",
            f"Mark the member with key {key} as speaking",
            (key,),
            lambda key=key: mark_key(key),  # type: ignore[misc]
        )
        for key in KEYS
    )
    made = {name: _action(area, name, *spec, slots[name]) for name, spec in ACTIONS.items()}
    return TurnsActions(
        marks=marks,
        nobody=made["nobody"],
        passed=made["pass"],
        undo=made["undo"],
        fix=made["fix"],
        hand=made["hand"],
        next=made["next"],
        away=made["away"],
        find=made["find"],
    )
