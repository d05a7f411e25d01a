"""The main window's menus: File, View, Captions, Tools and Help.

Every action has text, a tooltip and (nearly always) a shortcut. The
captions view's own actions are placed by attribute name: saving in File,
text size, pausing and detaching in View, the rest in Captions. Feature
menus go before Help (``MainWindow.add_menu``), area actions into View
before ``areas_end``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu

from ui.widgets.a11y import make_action

if TYPE_CHECKING:
    from ui.main_window import MainWindow

# Where the captions view's actions go, by the view's attribute names; any
# other action it offers goes to the Captions menu.
_FILE_ACTIONS = ("save_action",)
_VIEW_ACTIONS = ("bigger_action", "smaller_action", "pause_action", "detach_action")


@dataclass(frozen=True)
class MainMenus:
    """The menus and actions the window keeps a hold of."""

    view: QMenu
    areas_end: QAction  # area actions ("Show Notes") are inserted before this separator
    help: QMenu  # stays last: feature menus go before it
    settings_action: QAction
    full_screen_action: QAction
    participant_action: QAction  # just captions, large and on top


def build_menus(window: MainWindow, user_guide_installed: bool) -> MainMenus:
    """Fill ``window``'s menu bar; the actions call the window's commands."""
    caption_actions = window.captions.actions_for_menu()
    file_actions = _attributes(window.captions, _FILE_ACTIONS, caption_actions)
    view_actions = _attributes(window.captions, _VIEW_ACTIONS, caption_actions)
    settings_action = _file_menu(window, file_actions)
    view_menu, areas_end, full_screen_action = _view_menu(window, view_actions)
    participant_action = make_action(
        window,
        "Just captions (&participant mode)",
        "Large captions on top, with the facilitator's areas out of the way",
        shortcut="Ctrl+Shift+J",
        checkable=True,
        object_name="participant_mode",
    )
    participant_action.triggered.connect(window.set_participant_mode)
    view_menu.addAction(participant_action)
    captions_menu = window.menuBar().addMenu("&Captions")
    placed = {id(a) for a in file_actions + view_actions}
    captions_menu.addActions([a for a in caption_actions if id(a) not in placed])
    _tools_menu(window)
    help_menu = _help_menu(window, user_guide_installed)
    return MainMenus(
        view_menu, areas_end, help_menu, settings_action, full_screen_action, participant_action
    )


def _file_menu(window: MainWindow, file_actions: list[QAction]) -> QAction:
    file_menu = window.menuBar().addMenu("&File")
    file_menu.addActions(file_actions)
    file_menu.addSeparator()
    settings_action = make_action(
        window,
        "&Settings…",
        "Change the engine, source, text size, theme and caption window",
        shortcut="Ctrl+,",
        triggered=window.open_settings,
        object_name="settings",
    )
    file_menu.addAction(settings_action)
    file_menu.addSeparator()
    quit_action = make_action(
        window, "&Quit", "Stop captioning and close Companion", shortcut="Ctrl+Q"
    )
    quit_action.setObjectName("quit")
    quit_action.setMenuRole(QAction.MenuRole.QuitRole)
    quit_action.triggered.connect(window.close)
    file_menu.addAction(quit_action)
    return settings_action


def _view_menu(window: MainWindow, view_actions: list[QAction]) -> tuple[QMenu, QAction, QAction]:
    view_menu = window.menuBar().addMenu("&View")
    view_menu.addActions(view_actions)
    view_menu.addSeparator()
    areas_end = view_menu.addSeparator()
    full_screen_action = make_action(
        window,
        "F&ull screen",
        "Fill the screen with the window; press again to go back",
        shortcut="F11",
        checkable=True,
        object_name="full_screen",
    )
    full_screen_action.toggled.connect(window.set_full_screen)
    view_menu.addAction(full_screen_action)
    return view_menu, areas_end, full_screen_action


def _tools_menu(window: MainWindow) -> None:
    tools_menu = window.menuBar().addMenu("&Tools")
    tools_menu.addAction(
        make_action(
            window,
            "Speech &models…",
            "List, install and remove speech models",
            shortcut="Ctrl+Shift+M",
            triggered=window.open_models,
            object_name="models",
        )
    )


def _help_menu(window: MainWindow, user_guide_installed: bool) -> QMenu:
    help_menu = window.menuBar().addMenu("&Help")
    guide = make_action(
        window,
        "User &guide",
        "Open the user guide",
        shortcut=QKeySequence.StandardKey.HelpContents,
        triggered=window.open_user_guide,
        object_name="user_guide",
    )
    guide.setEnabled(user_guide_installed)
    help_menu.addAction(guide)
    help_menu.addAction(
        make_action(
            window,
            "&Keyboard shortcuts",
            "List every action and its keyboard shortcut",
            shortcut="Ctrl+/",
            triggered=window.open_shortcuts,
            object_name="keyboard_shortcuts",
        )
    )
    help_menu.addSeparator()
    about = make_action(
        window,
        "&About Companion",
        "Version, licence and what Companion does",
        triggered=window.open_about,
        object_name="about",
    )
    about.setMenuRole(QAction.MenuRole.AboutRole)
    help_menu.addAction(about)
    return help_menu


def _attributes(owner: object, names: tuple[str, ...], offered: list[QAction]) -> list[QAction]:
    """The actions ``owner`` holds under ``names`` that it also offers for the menus."""
    ids = {id(a) for a in offered}
    found = [getattr(owner, n, None) for n in names]
    return [a for a in found if isinstance(a, QAction) and id(a) in ids]
