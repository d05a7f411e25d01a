"""Accessibility helpers used across the app.

Every control gets an accessible name and a tooltip in one call, every action
gets text, a tooltip and (where sensible) a shortcut, and short messages can be
announced to screen readers without stealing focus.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import QObject
from PySide6.QtGui import (
    QAccessible,
    QAccessibleAnnouncementEvent,
    QAction,
    QKeySequence,
)
from PySide6.QtWidgets import QComboBox, QLineEdit, QToolButton, QWidget

W = TypeVar("W", bound=QWidget)


def name(widget: W, accessible_name: str, tooltip: str | None = None) -> W:
    """Give ``widget`` an accessible name and a tooltip (the name if none given).

    Inner parts a screen reader meets on their own are named too (``name_parts``).
    """
    widget.setAccessibleName(accessible_name)
    widget.setToolTip(tooltip if tooltip is not None else accessible_name)
    name_parts(widget)
    return widget


def name_parts(widget: QWidget) -> None:
    """Name the text field of an editable combo box and the clear button of a line edit.

    Call again after ``setEditable(True)`` or ``setClearButtonEnabled(True)``
    if those come after ``name``.
    """
    own = widget.accessibleName()
    editor = widget.lineEdit() if isinstance(widget, QComboBox) else None
    if editor is not None:
        editor.setAccessibleName(own)
        editor.setToolTip(widget.toolTip())
        widget = editor
    if isinstance(widget, QLineEdit):
        for button in widget.findChildren(QToolButton):
            button.setAccessibleName(f"Clear {own}".strip())
            button.setToolTip(f"Clear {own}".strip())


def describe(widget: W, description: str) -> W:
    """Add a longer accessible description, read after the name."""
    widget.setAccessibleDescription(description)
    return widget


def make_action(
    parent: QObject,
    text: str,
    tooltip: str,
    *,
    shortcut: QKeySequence | QKeySequence.StandardKey | str | None = None,
    triggered: Callable[[], object] | None = None,
    checkable: bool = False,
    object_name: str = "",
) -> QAction:
    """An action with text, a tooltip naming its shortcut, and the shortcut itself."""
    action = QAction(text, parent)
    if object_name:
        action.setObjectName(object_name)
    action.setCheckable(checkable)
    if shortcut is not None:
        if isinstance(shortcut, QKeySequence.StandardKey):
            action.setShortcuts(shortcut)
        else:
            action.setShortcut(QKeySequence(shortcut))
    action.setToolTip(tooltip_with_shortcut(tooltip, action))
    action.setStatusTip(tooltip)
    if triggered is not None:
        action.triggered.connect(lambda _checked=False: triggered())
    return action


def shortcut_text(action: QAction) -> str:
    """The action's shortcuts as the person reads them, e.g. "Ctrl+Q" ("" if none)."""
    keys = [
        seq.toString(QKeySequence.SequenceFormat.NativeText)
        for seq in action.shortcuts()
        if not seq.isEmpty()
    ]
    return ", ".join(keys)


def tooltip_with_shortcut(tooltip: str, action: QAction) -> str:
    """``tooltip`` followed by the shortcut in brackets, so sighted keyboard users learn it."""
    keys = shortcut_text(action)
    return f"{tooltip} ({keys})" if keys else tooltip


def tooltip_text(text: str) -> str:
    """``text`` as a tooltip shows it, every character as written: Qt takes a tooltip
    that looks like markup for markup, and status words come from outside (a sound
    device's name, an error's reason)."""
    return "<p>" + html.escape(text).replace("\n", "<br>") + "</p>"


def plain_text(text: str) -> str:
    """Menu text without its mnemonic ampersands: "&Save…" becomes "Save…"."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def announce(widget: QWidget, message: str, *, assertive: bool = False) -> None:
    """Ask screen readers to say ``message`` (politely unless ``assertive``)."""
    if not message or not QAccessible.isActive():
        return
    event = QAccessibleAnnouncementEvent(widget, message)
    event.setPoliteness(
        QAccessible.AnnouncementPoliteness.Assertive
        if assertive
        else QAccessible.AnnouncementPoliteness.Polite
    )
    QAccessible.updateAccessibility(event)
