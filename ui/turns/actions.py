"""The Turns area's keys: one action each, scoped to the area so they never fire elsewhere.

Every action uses ``Qt.WidgetWithChildrenShortcut`` on the area: digits typed
in the notes, or in the area's own search box, stay text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from companion.turns.roster import KEYS
from ui.widgets.a11y import make_action


@dataclass(frozen=True)
class TurnsSlots:
    """What the area's actions do: the area gives a function for each."""

    mark_key: Callable[[str], object]  # a member's key, "1".."9" or "0"
    nobody: Callable[[], object]
    passed: Callable[[], object]
    undo: Callable[[], object]
    fix: Callable[[], object]
    hand: Callable[[], object]
    next: Callable[[], object]
    away: Callable[[], object]
    find: Callable[[], object]


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

    def menu(self) -> list[QAction]:
        """The actions the Turns menu offers, in its order."""
        return [self.nobody, self.passed, self.undo, self.fix, self.hand, self.next, self.away]


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


def build_actions(area: QWidget, slots: TurnsSlots) -> TurnsActions:
    """Add the area's actions, each with text, a tooltip and its keys, to ``area``."""
    marks = tuple(
        _action(
            area,
            f"mark_{key}",
            f"Member {key} speaking",
            f"Mark the member with key {key} as speaking",
            (key,),
            lambda key=key: slots.mark_key(key),  # type: ignore[misc]
        )
        for key in KEYS
    )
    return TurnsActions(
        marks=marks,
        nobody=_action(
            area, "nobody", "Nobody", "Nobody is speaking now", ("Esc", "."), slots.nobody
        ),
        passed=_action(
            area,
            "pass",
            "Passed",
            "The selected member passed — respected, not silence",
            ("P",),
            slots.passed,
        ),
        undo=_action(
            area, "undo", "Undo", "Undo the last mark, pass or fix", ("Ctrl+Z",), slots.undo
        ),
        fix=_action(
            area,
            "fix",
            "Last turn was theirs",
            "Give the last turn to the selected member",
            ("R",),
            slots.fix,
        ),
        hand=_action(
            area, "hand", "Raise hand", "Raise the selected member's hand", ("H",), slots.hand
        ),
        next=_action(
            area, "next", "Next", "Give the floor to the first raised hand", ("N",), slots.next
        ),
        away=_action(
            area,
            "away",
            "Away today",
            "Mark the selected member as away today, or back",
            ("A",),
            slots.away,
        ),
        find=_action(area, "find", "Find a member", "Find a member by name", ("/",), slots.find),
    )


def row_menu(
    parent: QWidget,
    where: QPoint,
    speaking: tuple[str, Callable[[], object]],
    passed: Callable[[], object],
    hand: Callable[[], object],
    fix: Callable[[], object],
    away: Callable[[], object],
) -> QMenu:
    """A member's row menu: what the keys do, for the mouse ("Aisha is speaking" first)."""
    menu = QMenu(parent)
    menu.setObjectName("turns_row_menu")
    menu.addAction(*speaking)
    menu.addAction("Passed", passed)
    menu.addAction("Raise hand", hand)
    menu.addAction("Last turn was theirs", fix)
    menu.addAction("Away today / back", away)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    menu.popup(where)
    return menu
