"""The accessibility walker: every window of the app must pass it.

``find_problems(window)`` walks every widget of a shown top-level window (and
the actions of its menus) and returns a sentence for each problem:

- an interactive widget without an accessible name (a button's visible text
  counts; everything else needs an explicit ``setAccessibleName``; a text
  view that takes no focus is a display and is left out);
- an interactive widget that keyboard users cannot reach with Tab;
- an unnamed inner part a screen reader meets on its own: the text field of
  an editable combo box, the clear button of a line edit;
- a menu action without text or tooltip, or two actions sharing a shortcut;
- two things a person reaches with the same Alt letter at once (menus of
  the menu bar, tabs, buttons, labelled fields): ``alt_clashes(window)``.

Tabs of every ``QTabWidget`` are visited in turn, so areas added later are
checked without any change here. Use ``assert_accessible(window)`` in tests.
"""

from __future__ import annotations

from collections.abc import Iterator

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractScrollArea,
    QAbstractSlider,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QProgressBar,
    QScrollBar,
    QTabBar,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

# Widgets a person operates (or, for a progress bar, reads) and so must be named.
INTERACTIVE: tuple[type[QWidget], ...] = (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QAbstractSlider,
    QAbstractItemView,
    QTabBar,
    QProgressBar,
)

# Widgets whose children are Qt's own parts (an editor inside a spin box, the
# header of a table, the scroll arrows of a tab bar): the parent is what a
# screen reader presents, so the parts are not walked.
COMPOUND: tuple[type[QWidget], ...] = (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QAbstractItemView,
    QTabBar,
)

# Read, not operated: named, but need not take keyboard focus.
DISPLAY_ONLY: tuple[type[QWidget], ...] = (QProgressBar,)


def describe(widget: QWidget) -> str:
    """A short, findable description: class, object name, text and where it sits."""
    parts = [type(widget).__name__]
    if widget.objectName():
        parts.append(f"#{widget.objectName()}")
    label = widget.accessibleName() or _visible_text(widget)
    if label:
        parts.append(repr(label))
    path: list[str] = []
    parent = widget.parentWidget()
    while parent is not None and len(path) < 4:
        path.append(parent.objectName() or type(parent).__name__)
        if parent.isWindow():
            break
        parent = parent.parentWidget()
    if path:
        parts.append("in " + " < ".join(path))
    return " ".join(parts)


def interactive_widgets(window: QWidget) -> list[QWidget]:
    """Every interactive widget inside ``window`` (not inside other windows or Qt's parts)."""
    return [w for w in _descendants(window) if isinstance(w, INTERACTIVE) and not _qt_part(w)]


def tab_chain(window: QWidget) -> list[QWidget]:
    """The widgets Tab visits in ``window``, in order, as Qt's own Tab handling chooses them."""
    chain: list[QWidget] = []
    seen: set[int] = set()
    widget = window.nextInFocusChain()
    while widget is not None and widget is not window and id(widget) not in seen:
        seen.add(id(widget))
        if (
            widget.window() is window
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.focusProxy() is None
            and widget.isVisible()
            and widget.isEnabled()
        ):
            chain.append(widget)
        widget = widget.nextInFocusChain()
    return chain


def find_problems(
    window: QWidget, *, require_tooltips: bool = False, visit_tabs: bool = True
) -> list[str]:
    """Sentences naming each accessibility problem in the shown ``window``; [] if none."""
    if not window.isVisible():
        raise ValueError("Show the window before walking it: Tab order exists only when shown.")
    QApplication.processEvents()
    problems = _problems_now(window, require_tooltips)
    if visit_tabs:
        for tabs in [t for t in window.findChildren(QTabWidget) if t.isVisible()]:
            current = tabs.currentIndex()
            for index in range(tabs.count()):
                if index == current or not tabs.isTabEnabled(index):
                    continue
                tabs.setCurrentIndex(index)
                QApplication.processEvents()
                problems += _problems_now(window, require_tooltips)
            tabs.setCurrentIndex(current)
    problems += _action_problems(window)
    return list(dict.fromkeys(problems))  # unique, in the order found


def assert_accessible(window: QWidget, **options: bool) -> None:
    """Fail with a readable list if ``find_problems`` finds anything."""
    problems = find_problems(window, **options)
    assert problems == [], "Accessibility problems:\n  " + "\n  ".join(problems)


def _problems_now(window: QWidget, require_tooltips: bool) -> list[str]:
    problems: list[str] = []
    reachable = {id(w) for w in tab_chain(window)}
    for widget in interactive_widgets(window):
        if _unfocusable_text(widget):
            continue  # a display surface the person reads; its controls are elsewhere
        if not _has_name(widget):
            problems.append(f"{describe(widget)}: no accessible name")
        problems += [f"{describe(widget)}: {p}" for p in _unnamed_parts(widget)]
        if require_tooltips and not widget.toolTip().strip():
            problems.append(f"{describe(widget)}: no tooltip")
        if not (widget.isVisible() and widget.isEnabled()):
            continue
        if isinstance(widget, DISPLAY_ONLY):
            continue
        if widget.focusPolicy() == Qt.FocusPolicy.NoFocus:
            if isinstance(widget, QToolButton) and widget.defaultAction() is not None:
                continue  # a toolbar button: its action is in a menu with a shortcut
            problems.append(f"{describe(widget)}: cannot take keyboard focus")
            continue
        target = widget
        while (proxy := target.focusProxy()) is not None:
            target = proxy
        if id(widget) not in reachable and id(target) not in reachable:
            problems.append(f"{describe(widget)}: not reachable with Tab")
    return problems


def _unnamed_parts(widget: QWidget) -> list[str]:
    """The inner parts of ``widget`` that a screen reader reaches without a name."""
    found = []
    if isinstance(widget, QComboBox) and widget.isEditable():
        editor = widget.lineEdit()
        if editor is not None and not editor.accessibleName().strip():
            found.append("its text field has no accessible name")
        if editor is not None:
            widget = editor
    if isinstance(widget, QLineEdit):
        for button in widget.findChildren(QToolButton):
            if not button.accessibleName().strip():
                found.append("its clear button has no accessible name")
    return found


def _action_problems(window: QWidget) -> list[str]:
    problems: list[str] = []
    by_keys: dict[str, list[str]] = {}
    for where, action in _actions(window):
        if action.isSeparator():
            continue
        text = action.text().replace("&", "").strip()
        if not text:
            problems.append(f"an action in {where} has no text")
            continue
        if action.menu() is None and not action.toolTip().strip():
            problems.append(f"action {text!r} in {where} has no tooltip")
        if not action.isEnabled() or not action.isVisible():
            continue
        for seq in action.shortcuts():
            if not seq.isEmpty():
                keys = seq.toString(QKeySequence.SequenceFormat.PortableText)
                by_keys.setdefault(keys, []).append(text)
    for keys, texts in by_keys.items():
        if len(texts) > 1:
            problems.append(f"shortcut {keys} is given to more than one action: {texts}")
    return problems


def _actions(window: QWidget) -> Iterator[tuple[str, QAction]]:
    """Each distinct action of the window, its widgets and its menus (walked recursively)."""
    seen: set[int] = set()

    def visit_menu(menu: QMenu, where: str) -> Iterator[tuple[str, QAction]]:
        title = menu.title().replace("&", "") or "an untitled menu"
        for action in menu.actions():
            if id(action) in seen:
                continue
            seen.add(id(action))
            yield f"menu {title!r}", action
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                yield from visit_menu(submenu, f"menu {title!r}")

    owners: list[QWidget] = [*window.findChildren(QMenuBar), window, *_descendants(window)]
    for owner in owners:
        if _qt_part(owner):
            continue  # Qt's own parts, e.g. the menu bar's overflow button, carry Qt's actions
        where = "the menu bar" if isinstance(owner, QMenuBar) else describe(owner)
        for action in owner.actions():
            if id(action) not in seen:
                seen.add(id(action))
                yield where, action
            submenu = action.menu()
            if isinstance(submenu, QMenu):
                yield from visit_menu(submenu, where)


def _descendants(window: QWidget) -> list[QWidget]:
    """All widgets inside ``window``, not entering other windows or compound widgets' parts."""
    found: list[QWidget] = []

    def visit(parent: QWidget) -> None:
        for child in parent.children():
            if not isinstance(child, QWidget) or child.isWindow():
                continue
            found.append(child)
            if not isinstance(child, COMPOUND):
                visit(child)

    visit(window)
    return found


def _qt_part(widget: QWidget) -> bool:
    """True for pieces Qt builds and names itself (menu bar overflow, scroll bars of a view)."""
    if widget.objectName().startswith("qt_"):
        return True
    if isinstance(widget, QScrollBar):
        parent = widget.parentWidget()
        container = parent.parentWidget() if parent is not None else None
        return isinstance(container, QAbstractScrollArea) or (
            parent is not None and parent.objectName().startswith("qt_scrollarea")
        )
    return False


def _unfocusable_text(widget: QWidget) -> bool:
    return (
        isinstance(widget, (QTextEdit, QPlainTextEdit))
        and widget.focusPolicy() == Qt.FocusPolicy.NoFocus
    )


def _visible_text(widget: QWidget) -> str:
    if isinstance(widget, QAbstractButton):
        return widget.text().replace("&", "").strip()
    return ""


def _has_name(widget: QWidget) -> bool:
    if widget.accessibleName().strip():
        return True
    if isinstance(widget, QToolButton):
        icon_only = widget.toolButtonStyle() == Qt.ToolButtonStyle.ToolButtonIconOnly
        shows_text = not icon_only or widget.icon().isNull()
        return shows_text and bool(_visible_text(widget))
    if isinstance(widget, QAbstractButton):
        return bool(_visible_text(widget))
    return False


def mnemonic(text: str) -> str:
    """The Alt letter in ``text`` ("&File" gives "f"; "&&" is a plain ampersand), or ""."""
    index = 0
    while (index := text.find("&", index)) != -1 and index + 1 < len(text):
        if text[index + 1] != "&":
            return text[index + 1].lower()
        index += 2
    return ""


def alt_letters(window: QWidget) -> dict[str, list[str]]:
    """Each Alt letter active in ``window`` as it is shown now, and what it reaches."""
    found: dict[str, list[str]] = {}

    def add(text: str, what: str) -> None:
        letter = mnemonic(text)
        if letter:
            found.setdefault(letter, []).append(f"{what} {text.replace('&', '')!r}")

    for bar in window.findChildren(QMenuBar):
        if bar.window() is window:
            for action in bar.actions():
                if action.isVisible():
                    add(action.text(), "menu")
    for tabs in window.findChildren(QTabBar):
        if tabs.window() is window and tabs.isVisible():
            for index in range(tabs.count()):
                add(tabs.tabText(index), "tab")
    for widget in _descendants(window):
        if not widget.isVisible() or _qt_part(widget):
            continue
        if isinstance(widget, QAbstractButton) and not isinstance(widget.parentWidget(), QTabBar):
            add(widget.text(), "button")
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            add(widget.text(), "field")
        elif isinstance(widget, QGroupBox) and widget.isCheckable():
            add(widget.title(), "box")
    return found


def alt_clashes(window: QWidget, *, visit_tabs: bool = True) -> list[str]:
    """A sentence for each Alt letter that reaches two things at once, in every tab; [] if none."""
    clashes: list[str] = []

    def check(where: str) -> None:
        for letter, what in sorted(alt_letters(window).items()):
            if len(what) > 1:
                clash = f"Alt+{letter.upper()}{where}: {', '.join(what)}"
                if clash not in clashes:
                    clashes.append(clash)

    check("")
    if visit_tabs:
        for tabs in [t for t in window.findChildren(QTabWidget) if t.isVisible()]:
            current = tabs.currentIndex()
            for index in range(tabs.count()):
                if tabs.isTabEnabled(index):
                    tabs.setCurrentIndex(index)
                    QApplication.processEvents()
                    check(f" in {tabs.tabText(index).replace('&', '')}")
            tabs.setCurrentIndex(current)
    return clashes
