"""The main window: the work areas as tabs, the menus, and the status line.

The window stays calm beside a video call: one area shows at a time, the tab
bar appears only once there is more than one area, and the status line says
in words what the captions are doing. Later features plug in with
``add_area(widget, title, shortcut)``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QMainWindow,
    QMenu,
    QMessageBox,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion.resources import asset
from companion.settings import Settings
from ui.adapter import CoreBridge
from ui.captions.models_dialog import ModelsDialog
from ui.captions.view import CaptionsView
from ui.settings.dialog import SettingsDialog
from ui.settings.store import SettingsStore
from ui.widgets.a11y import announce, make_action, name
from ui.widgets.message_strip import MessageStrip
from ui.window.help import ShortcutsDialog, about_box
from ui.window.menus import build_menus
from ui.window.status_line import StatusLine

USER_GUIDE = asset("user-guide.md")
MAX_ROOM_LINES = 20  # more lines than this are hard to follow, however tall the window


class MainWindow(QMainWindow):
    """The app's main window over one settings store and one core bridge."""

    area_added = Signal(QWidget)  # a work area was added with add_area

    def __init__(
        self, store: SettingsStore, bridge: CoreBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._bridge = bridge
        self._settings_dialog: SettingsDialog | None = None
        self._models_dialog: ModelsDialog | None = None
        self._shortcuts_dialog: ShortcutsDialog | None = None
        self.area_actions: dict[QWidget, QAction] = {}  # each area's "Show …" action
        self.feature_menus: list[QMenu] = []  # out of the way in participant mode
        # Asked in turn before the window closes; one that returns False keeps it
        # open (it has asked the person something and closes the window itself).
        self.close_guards: list[Callable[[], bool]] = []
        self.setObjectName("main_window")
        self.setWindowTitle("Companion")
        self.setAccessibleName("Companion")

        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("work_areas")
        self._tabs.setDocumentMode(True)
        self._tabs.setTabBarAutoHide(True)  # one area: no tab bar to read past
        name(self._tabs, "Work areas", "The work areas: switch with Ctrl+1, Ctrl+2 …")
        name(self._tabs.tabBar(), "Work areas", "Switch between the work areas")
        # On a small or zoomed screen (200 % on 1280×720) the areas scroll rather
        # than push controls off screen; Tab scrolls to the control it reaches.
        self._scroller = QScrollArea(self)
        self._scroller.setObjectName("work_area_scroller")
        self._scroller.setWidgetResizable(True)
        self._scroller.setFrameShape(QFrame.Shape.NoFrame)
        self._scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._scroller.setWidget(self._tabs)
        # Messages get the window's width above the status line (see MessageStrip).
        self.message_strip = MessageStrip(self)
        central = QWidget(self)
        central.setObjectName("central")
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self._scroller, 1)
        column.addWidget(self.message_strip)
        self.setCentralWidget(central)
        self._scroller.viewport().installEventFilter(self)  # the captions grow with the room
        # Only the area showing asks for room: a tab page's size counts even while
        # hidden, so the widest area would make every other one scroll sideways.
        self._policies: dict[QWidget, QSizePolicy] = {}
        self._tabs.currentChanged.connect(self._size_to_current)

        self.captions = CaptionsView(bridge, store, self)
        menus = build_menus(self, USER_GUIDE.is_file())
        self._view_menu, self._areas_end, self._help_menu = menus.view, menus.areas_end, menus.help
        self.settings_action = menus.settings_action
        self.full_screen_action = menus.full_screen_action
        self.participant_action = menus.participant_action
        self.status_line = StatusLine(
            self.statusBar(), bridge.caption_status, store, self.show_message, self
        )
        self.captions.sharing.state_changed.connect(self.status_line.set_sharing_state)
        # Participant mode's small window grows with the status words ("Engine: whisper …").
        # A method, not a lambda: Qt drops the connection when the window goes (the
        # bridge's feed outlives it).
        bridge.caption_status.changed.connect(self._refit_soon)
        self.add_area(self.captions, "&Captions", "Ctrl+1")
        self.captions.transcript_saved.connect(self._on_transcript_saved)

        self._restore_geometry(store.current)
        store.changed.connect(self._fit_captions_soon)
        self._mode = store.current.mode  # what Settings said last: participant mode or not
        store.changed.connect(self._on_settings_changed)

    # Public API.

    def add_area(self, widget: QWidget, title: str, shortcut: str) -> QAction:
        """Add a work area as a tab, with a View menu action and ``shortcut`` to show it.

        ``title`` may hold a mnemonic ("&Notes") for the View menu's "Show &Notes"; the
        tab shows it plain. Returns the action that shows the area.
        """
        plain = title.replace("&", "")
        if not widget.accessibleName():
            widget.setAccessibleName(plain)
        # The tab has no Alt letter: the menus own them (Alt+F is File, not
        # Facilitate); Ctrl+1… and the View menu's "Show …" switch areas.
        self._policies[widget] = widget.sizePolicy()
        index = self._tabs.addTab(widget, plain)
        self._tabs.setTabToolTip(index, f"{plain} ({shortcut})")
        action = make_action(
            self,
            f"Show {title}",
            f"Show the {plain} area",
            shortcut=shortcut,
            triggered=lambda: self.show_area(widget),
            object_name=f"show_area_{plain.lower().replace(' ', '_')}",
        )
        self._view_menu.insertAction(self._areas_end, action)
        self.area_actions[widget] = action
        self._size_to_current(self._tabs.currentIndex())
        self.area_added.emit(widget)
        return action

    def add_menu(self, title: str, actions: list[QAction]) -> QMenu:
        """A feature's menu, placed before Help so Help stays last."""
        menu = QMenu(title, self)
        menu.addActions(actions)
        self.menuBar().insertMenu(self._help_menu.menuAction(), menu)
        self.feature_menus.append(menu)
        return menu

    def show_area(self, widget: QWidget) -> None:
        """Bring an area to the front and put the keyboard focus in it."""
        self._tabs.setCurrentWidget(widget)
        target = _first_focusable(widget)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

    @property
    def settings_store(self) -> SettingsStore:
        """The settings the window and its areas share."""
        return self._store

    def _refit(self) -> None:
        from ui.window.participant import fit_to_content

        if self.participant_action.isChecked():
            fit_to_content(self, True)

    def set_participant_mode(self, on: bool) -> None:
        """Just captions, large and on top (on), or every area (off); remembered."""
        from ui.window.participant import CAPTIONS, FACILITATE, set_participant_mode

        set_participant_mode(self, on)
        mode = CAPTIONS if on else FACILITATE
        if self._store.current.mode != mode:
            self._mode = mode
            self._store.update(mode=mode)

    @property
    def bridge(self) -> CoreBridge:
        """The captioning bridge the areas share."""
        return self._bridge

    @property
    def tabs(self) -> QTabWidget:
        """The tab widget holding the work areas."""
        return self._tabs

    def areas(self) -> list[QWidget]:
        return [w for i in range(self._tabs.count()) if (w := self._tabs.widget(i)) is not None]

    def menu_actions(self) -> list[tuple[str, QAction]]:
        """Every action in the menus as (menu title, action), in menu order."""
        found: list[tuple[str, QAction]] = []

        def visit(menu: QMenu) -> None:
            title = menu.title().replace("&", "")
            for action in menu.actions():
                submenu = action.menu()
                if isinstance(submenu, QMenu):
                    visit(submenu)
                elif not action.isSeparator():
                    found.append((title, action))

        for top in self.menuBar().actions():
            menu = top.menu()
            if isinstance(menu, QMenu):
                visit(menu)
        return found

    def set_saved_state(self, text: str) -> None:
        """Say in the status line what is kept on disk, e.g. "Transcript saved 14:03"."""
        self.status_line.set_saved_state(text)

    def call_attention(self, text: str, say: str = "") -> None:
        """Show what the plan needs now in the status line, and say ``say`` politely."""
        self.status_line.set_attention(text)
        announce(self, say)  # polite: never interrupts captions

    @property
    def scroller(self) -> QScrollArea:
        """The scroll area the work areas sit in."""
        return self._scroller

    def show_message(self, text: str, timeout_ms: int = 0) -> None:
        """Show a message across the window above the status line (0: until the next)."""
        self.message_strip.show_message(text, timeout_ms)

    def show_notice(self, text: str) -> QMessageBox:
        """Show a notice that does not block: a dialog, and the message above the status line."""
        self.message_strip.show_message(text, 30_000, say=False)  # said once, below
        box = QMessageBox(QMessageBox.Icon.Information, "Companion", text, parent=self)
        box.setObjectName("notice")
        box.setAccessibleName("Notice")
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        announce(self, text)
        return box

    def _on_settings_changed(self, settings: Settings) -> None:
        # Only a new choice (in Settings) changes the mode: other changes, such as
        # the text size, leave a participant mode opened by --captions alone.
        if settings.mode != self._mode:
            self._mode = settings.mode
            wanted = settings.mode == "captions"
            if wanted != self.participant_action.isChecked():
                self.set_participant_mode(wanted)

    def _refit_soon(self, _status: object) -> None:
        QTimer.singleShot(0, self, self._refit)

    def _fit_captions_soon(self, _settings: object) -> None:
        QTimer.singleShot(0, self, self.fit_captions)

    def _on_transcript_saved(self, where: str) -> None:
        self.set_saved_state(f"Transcript: saved as {Path(where).name}")

    # Dialogs and actions.

    def open_settings(self) -> SettingsDialog:
        if self._settings_dialog is None:
            self._settings_dialog = SettingsDialog(self._store, self)
        else:
            self._settings_dialog.load(self._store.current)
        self._settings_dialog.open()
        return self._settings_dialog

    def open_models(self) -> ModelsDialog:
        if self._models_dialog is None:
            self._models_dialog = ModelsDialog(self)
        self._models_dialog.refresh()
        self._models_dialog.open()
        return self._models_dialog

    def open_shortcuts(self) -> ShortcutsDialog:
        if self._shortcuts_dialog is None:
            self._shortcuts_dialog = ShortcutsDialog(self.menu_actions(), self)
        else:
            self._shortcuts_dialog.set_actions(self.menu_actions())
        self._shortcuts_dialog.open()
        return self._shortcuts_dialog

    def open_user_guide(self) -> bool:
        if not USER_GUIDE.is_file():
            self.show_message("The user guide is not installed with this copy.", 8_000)
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(USER_GUIDE)))

    def open_about(self) -> QMessageBox:
        box = about_box(self)
        box.open()
        return box

    def set_full_screen(self, on: bool) -> None:
        """Fill the screen with the window (the View menu's Full screen), or go back."""
        if on == self.isFullScreen():
            return
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and watched is self._scroller.viewport():
            QTimer.singleShot(0, self, self.fit_captions)
        return super().eventFilter(watched, event)

    def _size_to_current(self, index: int) -> None:
        current = self._tabs.widget(index)
        ignored = QSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        for area, policy in self._policies.items():
            area.setSizePolicy(policy if area is current else ignored)

    def fit_captions(self) -> None:
        """Let the captions take the height the window has, in whole lines (at least the
        setting), so a large window shows more lines instead of empty space."""
        display = self.captions.display
        if not display.isVisibleTo(self.captions):
            return
        tab_bar = (
            self._tabs.height() - self._tabs.currentWidget().height()
            if self._tabs.currentWidget()
            else 0
        )
        layout = self.captions.layout()
        # Measured from what the layout will give once it runs: its cached size hint
        # may still hold the display's height from before the last change (3 or 13
        # lines came out of two fits in a row).
        if layout is not None:
            layout.invalidate()
        others = (layout.sizeHint().height() if layout is not None else 0) - display.height()
        room = self._scroller.viewport().height() - max(tab_bar, 0) - others
        lines = display.settings.lines
        while lines < MAX_ROOM_LINES and display.lines_height(lines + 1) <= room:
            lines += 1
        display.set_room_lines(lines)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.WindowStateChange:
            self.full_screen_action.setChecked(self.isFullScreen())  # left by the window manager
        super().changeEvent(event)

    # Geometry and closing.

    def _restore_geometry(self, settings: Settings) -> None:
        restored = False
        if settings.main_geometry:
            restored = self.restoreGeometry(QByteArray.fromBase64(settings.main_geometry.encode()))
        if settings.main_state:
            self.restoreState(QByteArray.fromBase64(settings.main_state.encode()))
        if not restored:
            screen = self.screen() or QApplication.primaryScreen()
            room = screen.availableGeometry()
            # Most of the screen at first (the captions grow with it); the
            # person makes it smaller beside the call, and that size is kept.
            share = 1.0 if room.width() < 1000 else 0.8  # a small or zoomed screen: all of it
            self.resize(int(room.width() * share), int(room.height() * min(share + 0.05, 1.0)))

    def save_geometry(self) -> None:
        """Remember the window's place, size and state in the settings."""
        self._store.update(
            main_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
            main_state=bytes(self.saveState().toBase64().data()).decode("ascii"),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        if not all(guard() for guard in self.close_guards):
            event.ignore()
            return
        self.save_geometry()
        self.captions.shutdown()  # also puts a detached caption window away, remembering it
        self._bridge.stop()
        self._store.save_now()
        for dialog in (self._settings_dialog, self._models_dialog, self._shortcuts_dialog):
            if dialog is not None:
                dialog.close()
        super().closeEvent(event)


def _first_focusable(area: QWidget) -> QWidget | None:
    """The first widget inside ``area`` that Tab would reach."""
    if area.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return area
    widget = area.nextInFocusChain()
    while widget is not None and widget is not area:
        if (
            area.isAncestorOf(widget)
            and widget.focusPolicy() & Qt.FocusPolicy.TabFocus
            and widget.isVisible()
            and widget.isEnabled()
        ):
            return widget
        widget = widget.nextInFocusChain()
    return None
