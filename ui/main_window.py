"""The main window: the work areas as tabs, the menus, and the status line.

The window stays calm beside a video call: one area shows at a time, the tab
bar appears only once there is more than one area, and the status line says
in words what the captions are doing. Later features plug in with
``add_area(widget, title, shortcut)``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QCloseEvent, QDesktopServices, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHeaderView,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from companion import __version__
from companion.events import EngineReady, LevelChanged, SourceLost, SourceRestored
from companion.resources import asset
from companion.settings import Settings
from ui.adapter import CoreBridge
from ui.captions.models_dialog import ModelsDialog
from ui.captions.view import CaptionsView
from ui.settings.dialog import SettingsDialog, source_label
from ui.settings.store import SettingsStore
from ui.widgets.a11y import announce, make_action, name, plain_text, shortcut_text

USER_GUIDE = asset("user-guide.md")

# Where the captions view's actions go, by the view's attribute names; any
# other action it offers goes to the Captions menu.
_FILE_ACTIONS = ("save_action",)
_VIEW_ACTIONS = ("bigger_action", "smaller_action", "pause_action", "detach_action")

_LEVEL_STEPS = 5  # blocks in the status line's level meter


class MainWindow(QMainWindow):
    """The app's main window over one settings store and one core bridge."""

    area_added = Signal(QWidget)  # a work area was added with add_area

    def __init__(
        self, store: SettingsStore, bridge: CoreBridge, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._bridge = bridge
        self._level_shown: tuple[int, bool] | None = None
        self._settings_dialog: SettingsDialog | None = None
        self._models_dialog: ModelsDialog | None = None
        self._shortcuts_dialog: ShortcutsDialog | None = None
        self.setObjectName("main_window")
        self.setWindowTitle("Companion")
        self.setAccessibleName("Companion")

        self._tabs = QTabWidget(self)
        self._tabs.setObjectName("work_areas")
        self._tabs.setDocumentMode(True)
        self._tabs.setTabBarAutoHide(True)  # one area: no tab bar to read past
        name(self._tabs, "Work areas", "The work areas: switch with Ctrl+1, Ctrl+2 …")
        name(self._tabs.tabBar(), "Work areas", "Switch between the work areas")
        self.setCentralWidget(self._tabs)

        self.captions = CaptionsView(bridge, store, self)
        self._build_menus()
        self._build_status_line()
        self.add_area(self.captions, "&Captions", "Ctrl+1")

        bridge.starting.connect(self._on_starting)
        bridge.engine_ready.connect(self._on_engine_ready)
        bridge.level.connect(self._on_level)
        bridge.source_lost.connect(self._on_source_lost)
        bridge.source_restored.connect(self._on_source_restored)
        bridge.stopped.connect(self._on_stopped)
        bridge.failed.connect(self._on_failed)
        store.changed.connect(self._on_settings_changed)
        self.captions.transcript_saved.connect(self._on_transcript_saved)

        self._restore_geometry(store.current)

    # Public API.

    def add_area(self, widget: QWidget, title: str, shortcut: str) -> QAction:
        """Add a work area as a tab, with a View menu action and ``shortcut`` to show it.

        ``title`` may hold a mnemonic ("&Notes"). Returns the action that shows the area.
        """
        plain = title.replace("&", "")
        if not widget.accessibleName():
            widget.setAccessibleName(plain)
        index = self._tabs.addTab(widget, title)
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
        self.area_added.emit(widget)
        return action

    def add_menu(self, title: str, actions: list[QAction]) -> QMenu:
        """A feature's menu, placed before Help so Help stays last."""
        menu = QMenu(title, self)
        menu.addActions(actions)
        self.menuBar().insertMenu(self._help_menu.menuAction(), menu)
        return menu

    def show_area(self, widget: QWidget) -> None:
        """Bring an area to the front and put the keyboard focus in it."""
        self._tabs.setCurrentWidget(widget)
        target = _first_focusable(widget)
        if target is not None:
            target.setFocus(Qt.FocusReason.ShortcutFocusReason)

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
        _set_status(self._saved_label, text)

    def show_notice(self, text: str) -> QMessageBox:
        """Show a notice that does not block: a dialog, and a status line message."""
        self.statusBar().showMessage(text, 30_000)
        box = QMessageBox(QMessageBox.Icon.Information, "Companion", text, parent=self)
        box.setObjectName("notice")
        box.setAccessibleName("Notice")
        box.setStandardButtons(QMessageBox.StandardButton.Ok)
        box.setWindowModality(Qt.WindowModality.NonModal)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()
        announce(self, text)
        return box

    # Menus.

    def _build_menus(self) -> None:
        bar = self.menuBar()
        caption_actions = self.captions.actions_for_menu()
        file_actions = _attributes(self.captions, _FILE_ACTIONS, caption_actions)
        view_actions = _attributes(self.captions, _VIEW_ACTIONS, caption_actions)

        file_menu = bar.addMenu("&File")
        file_menu.addActions(file_actions)
        file_menu.addSeparator()
        self.settings_action = make_action(
            self,
            "&Settings…",
            "Change the engine, source, text size, theme and caption window",
            shortcut="Ctrl+,",
            triggered=self.open_settings,
            object_name="settings",
        )
        file_menu.addAction(self.settings_action)
        file_menu.addSeparator()
        quit_action = make_action(
            self, "&Quit", "Stop captioning and close Companion", shortcut="Ctrl+Q"
        )
        quit_action.setObjectName("quit")
        quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        self._view_menu = bar.addMenu("&View")
        self._view_menu.addActions(view_actions)
        self._view_menu.addSeparator()
        self._areas_end = self._view_menu.addSeparator()
        self.full_screen_action = make_action(
            self,
            "&Full screen",
            "Fill the screen with the window; press again to go back",
            shortcut="F11",
            checkable=True,
            object_name="full_screen",
        )
        self.full_screen_action.toggled.connect(self._on_full_screen)
        self._view_menu.addAction(self.full_screen_action)

        captions_menu = bar.addMenu("&Captions")
        placed = {id(a) for a in file_actions + view_actions}
        captions_menu.addActions([a for a in caption_actions if id(a) not in placed])

        tools_menu = bar.addMenu("&Tools")
        tools_menu.addAction(
            make_action(
                self,
                "Speech &models…",
                "List, install and remove speech models",
                shortcut="Ctrl+Shift+M",
                triggered=self.open_models,
                object_name="models",
            )
        )

        help_menu = bar.addMenu("&Help")
        self._help_menu = help_menu
        guide = make_action(
            self,
            "User &guide",
            "Open the user guide",
            shortcut=QKeySequence.StandardKey.HelpContents,
            triggered=self.open_user_guide,
            object_name="user_guide",
        )
        guide.setEnabled(USER_GUIDE.is_file())
        help_menu.addAction(guide)
        help_menu.addAction(
            make_action(
                self,
                "&Keyboard shortcuts",
                "List every action and its keyboard shortcut",
                shortcut="Ctrl+/",
                triggered=self.open_shortcuts,
                object_name="keyboard_shortcuts",
            )
        )
        help_menu.addSeparator()
        about = make_action(
            self,
            "&About Companion",
            "Version, licence and what Companion does",
            triggered=self.open_about,
            object_name="about",
        )
        about.setMenuRole(QAction.MenuRole.AboutRole)
        help_menu.addAction(about)

    # Status line.

    def _build_status_line(self) -> None:
        status = self.statusBar()
        status.setObjectName("status_line")
        status.setAccessibleName("Status line")
        self._engine_label = _status_label("engine_status", "Speech engine status")
        self._source_label = _status_label("source_status", "Audio source status")
        self._level_label = _status_label("level_status", "Audio level")
        self._saved_label = _status_label("saved_status", "What is kept on disk")
        labels = (self._engine_label, self._source_label, self._level_label, self._saved_label)
        for index, label in enumerate(labels):
            if index:
                separator = QFrame()
                separator.setFrameShape(QFrame.Shape.VLine)
                separator.setFrameShadow(QFrame.Shadow.Sunken)
                status.addPermanentWidget(separator)
            status.addPermanentWidget(label)
        widest = self._level_label.fontMetrics().horizontalAdvance("Level: ●●●●● speech ")
        self._level_label.setMinimumWidth(widest)  # the meter changes without the line jumping
        _set_status(self._engine_label, "Engine: not started")
        _set_status(self._source_label, f"Source: {source_label(self._store.current.source)}")
        _set_status(self._level_label, "Level: off")
        _set_status(self._saved_label, "Transcript: not kept")

    def _on_starting(self, source: str) -> None:
        _set_status(self._engine_label, "Engine: loading…")
        _set_status(self._source_label, f"Source: {source}")
        _set_status(self._level_label, "Level: waiting")
        self._level_shown = None

    def _on_engine_ready(self, event: EngineReady) -> None:
        model = f" {event.model}" if event.model else ""
        _set_status(self._engine_label, f"Engine: {event.engine}{model}, listening")

    def _on_level(self, event: LevelChanged) -> None:
        step = max(0, min(_LEVEL_STEPS, round(event.level * _LEVEL_STEPS)))
        shown = (step, event.voice)
        if shown == self._level_shown:
            return  # no repaint, and no chatter for screen readers
        self._level_shown = shown
        heard = "speech" if event.voice else "quiet"
        meter = "●" * step + "○" * (_LEVEL_STEPS - step)
        _set_status(self._level_label, f"Level: {meter} {heard}", f"Level {step} of 5, {heard}")

    def _on_source_lost(self, event: SourceLost) -> None:
        _set_status(self._source_label, f"Source: {event.source} lost, retrying")
        _set_status(self._level_label, "Level: no sound")
        self._level_shown = None
        self.statusBar().showMessage(f"{event.source} stopped sending sound: {event.reason}")

    def _on_source_restored(self, event: SourceRestored) -> None:
        _set_status(self._source_label, f"Source: {event.source}")
        self.statusBar().showMessage(f"{event.source} is back.", 5_000)

    def _on_stopped(self, _event: object) -> None:
        _set_status(self._engine_label, "Engine: stopped")
        _set_status(self._level_label, "Level: off")
        self._level_shown = None

    def _on_failed(self, message: str) -> None:
        _set_status(self._engine_label, "Engine: stopped by an error")
        _set_status(self._level_label, "Level: off")
        self._level_shown = None
        self.statusBar().showMessage(message)

    def _on_transcript_saved(self, where: str) -> None:
        self.set_saved_state(f"Transcript: saved as {Path(where).name}")

    def _on_settings_changed(self, settings: Settings) -> None:
        if not self._bridge.running:
            _set_status(self._source_label, f"Source: {source_label(settings.source)}")

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
            self.statusBar().showMessage("The user guide is not installed with this copy.", 8_000)
            return False
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(USER_GUIDE)))

    def open_about(self) -> QMessageBox:
        box = QMessageBox(
            QMessageBox.Icon.NoIcon,
            "About Companion",
            f"<p><b>Companion {__version__}</b></p>"
            "<p>Offline live captions, facilitation prompts, turn-taking and notes for "
            "inclusive online workshops. No audio or text leaves this computer.</p>"
            "<p>MIT licence. Captions can use the Atkinson Hyperlegible font "
            "(SIL Open Font Licence).</p>",
            QMessageBox.StandardButton.Close,
            self,
        )
        box.setObjectName("about")
        box.setAccessibleName("About Companion")
        box.setTextFormat(Qt.TextFormat.RichText)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()
        return box

    def _on_full_screen(self, on: bool) -> None:
        if on == self.isFullScreen():
            return
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

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
            # Compact by default: it sits beside the call, not over it.
            height = min(self.sizeHint().height(), int(room.height() * 0.9))
            self.resize(min(1000, int(room.width() * 0.75)), height)

    def save_geometry(self) -> None:
        """Remember the window's place, size and state in the settings."""
        self._store.update(
            main_geometry=bytes(self.saveGeometry().toBase64().data()).decode("ascii"),
            main_state=bytes(self.saveState().toBase64().data()).decode("ascii"),
        )

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_geometry()
        self.captions.shutdown()  # also puts a detached caption window away, remembering it
        self._bridge.stop()
        self._store.save_now()
        for dialog in (self._settings_dialog, self._models_dialog, self._shortcuts_dialog):
            if dialog is not None:
                dialog.close()
        super().closeEvent(event)


def _attributes(owner: object, names: tuple[str, ...], offered: list[QAction]) -> list[QAction]:
    """The actions ``owner`` holds under ``names`` that it also offers for the menus."""
    ids = {id(a) for a in offered}
    found = [getattr(owner, n, None) for n in names]
    return [a for a in found if isinstance(a, QAction) and id(a) in ids]


def _status_label(object_name: str, description: str) -> QLabel:
    label = QLabel()
    label.setObjectName(object_name)
    label.setAccessibleDescription(description)
    label.setToolTip(description)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setContentsMargins(6, 0, 6, 0)
    return label


def _set_status(label: QLabel, text: str, spoken: str | None = None) -> None:
    """Set a status label's text, and its accessible name to the same (or ``spoken``) words."""
    if label.text() != text:
        label.setText(text)
        label.setAccessibleName(spoken or text)


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


class ShortcutsDialog(QDialog):
    """Every menu action and its keyboard shortcut, in a table a screen reader can walk."""

    def __init__(self, actions: list[tuple[str, QAction]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        layout = QVBoxLayout(self)
        intro = QLabel(
            "Every action in the menus, and the keys that do it from anywhere in Companion."
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, 3, self)
        self.table.setObjectName("shortcuts_table")
        name(self.table, "Keyboard shortcuts", "Every action and its keyboard shortcut")
        self.table.setHorizontalHeaderLabels(["Menu", "Action", "Shortcut"])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setTabKeyNavigation(False)  # Tab leaves the table for the Close button
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        layout.addWidget(self.table)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.set_actions(actions)
        self.resize(560, 480)

    def set_actions(self, actions: list[tuple[str, QAction]]) -> None:
        self.table.setRowCount(0)
        for menu, action in actions:
            row = self.table.rowCount()
            self.table.insertRow(row)
            keys = shortcut_text(action) or "none"
            for column, text in enumerate((menu, plain_text(action.text()), keys)):
                self.table.setItem(row, column, QTableWidgetItem(text))

    def rows(self) -> list[tuple[str, str, str]]:
        """The table's contents as (menu, action, shortcut) rows."""

        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [(text(r, 0), text(r, 1), text(r, 2)) for r in range(self.table.rowCount())]
