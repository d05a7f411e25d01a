"""The captions view: controls, the caption text, its actions and the transcript.

Construct with the bridge and the settings store; the main window puts the
view in its Captions area and the actions from ``actions_for_menu`` in its
menus. Every action uses an application-wide shortcut, so the keys work in
the detached caption window too.
"""

from __future__ import annotations

import datetime
import itertools
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QStackedLayout,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from companion.captions_status import CaptionState
from companion.events import Caption, CaptionGap, SpeakerRelabelled
from companion.settings import Settings
from companion.transcript import Transcript, TranscriptFormat, format_for_path
from ui.adapter import CoreBridge
from ui.captions.controls import CaptionControls
from ui.captions.display import CaptionDisplay
from ui.captions.glyphs import MissingLetters, missing_font_notice
from ui.captions.sharing import CaptionSharing
from ui.captions.window import CaptionWindow
from ui.settings.store import SettingsStore
from ui.widgets.a11y import announce

FONT_SIZES = (12, 14, 16, 18, 20, 24, 28, 32, 36, 40, 44, 48, 56, 64, 72, 80, 88, 96)
SAVE_FILTERS: dict[str, TranscriptFormat] = {
    "WebVTT subtitles (*.vtt)": "vtt",
    "SRT subtitles (*.srt)": "srt",
    "Plain text with times (*.txt)": "txt",
}
FORMAT_NAMES = {"vtt": "WebVTT", "srt": "SRT", "txt": "plain text"}


def next_font_size(size: int, bigger: bool) -> int:
    """The next step up or down the size ladder from ``size``."""
    if bigger:
        return next((s for s in FONT_SIZES if s > size), FONT_SIZES[-1])
    return next((s for s in reversed(FONT_SIZES) if s < size), FONT_SIZES[0])


class CaptionsView(QWidget):
    """Live captions with their controls; can send the caption text to its own window."""

    detached_changed = Signal(bool)  # the captions went to (True) or came back from their window
    status_changed = Signal(str)  # the state line's text, for the main window's status bar
    transcript_saved = Signal(str)  # the path a transcript was saved to

    def __init__(
        self, bridge: CoreBridge, store: SettingsStore, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._bridge = bridge
        self._store = store
        self.transcript = Transcript()
        self._unsaved = 0  # finals since the last save
        self._save_filter = next(iter(SAVE_FILTERS))
        self._missing_letters = MissingLetters()  # told once a run, when letters show as boxes
        self.caption_window: CaptionWindow | None = None
        self.controls = CaptionControls(bridge, store)
        self.display = CaptionDisplay(store.current)
        self._build_actions()
        self.sharing = CaptionSharing(bridge, self, store)  # captions into the call (#17)
        self._build_layout()
        self.sharing.state_changed.connect(self._update_sharing_label)
        self.sharing.notice.connect(self._notice)
        bridge.caption.connect(self._on_caption)
        bridge.gap.connect(self._on_gap)
        store.changed.connect(self._on_settings_changed)
        self.controls.running_changed.connect(self._update_start_action)
        self.controls.run_started.connect(self.transcript.new_run)
        self.controls.run_started.connect(self._missing_letters.new_run)
        self.controls.state_changed.connect(self._on_state_changed)
        self.display.scroll_paused_changed.connect(self._update_pause_action)

    # -- building --------------------------------------------------------

    def _action(self, text: str, tip: str, keys: list[str], slot: object) -> QAction:
        action = QAction(text, self)
        action.setToolTip(tip)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        self.start_action = self._action(
            "Start captions", "Start or stop live captions (F5)", ["F5"], self.controls.toggle
        )
        self.bigger_action = self._action(
            "Bigger text",
            "Make the captions bigger (Ctrl++)",
            ["Ctrl++", "Ctrl+="],
            lambda: self._step_font(True),
        )
        self.smaller_action = self._action(
            "Smaller text",
            "Make the captions smaller (Ctrl+-)",
            ["Ctrl+-"],
            lambda: self._step_font(False),
        )
        self.pause_action = self._action(
            "Pause scrolling",
            "Hold the captions still to reread them (F8)",
            ["F8"],
            self._toggle_pause,
        )
        self.pause_action.setCheckable(True)
        self.detach_action = self._action(
            "Detach captions",
            "Show the captions in their own window over the call (F9)",
            ["F9"],
            self._on_detach_triggered,
        )
        self.detach_action.setCheckable(True)
        self.save_action = self._action(
            "Save transcript…",
            "Save the captions so far as WebVTT, SRT or text (Ctrl+S)",
            ["Ctrl+S"],
            self.save_transcript,
        )
        self.clear_action = self._action(
            "Clear captions",
            "Clear the captions and the unsaved transcript (Ctrl+Shift+Del)",
            ["Ctrl+Shift+Del"],
            self.clear,
        )

    def actions_for_menu(self) -> list[QAction]:
        """Start/stop, bigger, smaller, pause, detach, save, clear: for the main window's menus."""
        return [
            self.start_action,
            self.bigger_action,
            self.smaller_action,
            self.pause_action,
            self.detach_action,
            self.save_action,
            self.clear_action,
            self.sharing.share_action,
            self.sharing.stop_action,
        ]

    def _button(self, action: QAction, text: str, name: str) -> QToolButton:
        button = QToolButton()
        if action.isCheckable():
            # Qt reads a checkable button as a check box; this one looks like a
            # button, so it stays a plain button that says its state in its words
            # ("Resume scrolling", "Attach captions") and triggers the action.
            button.clicked.connect(action.trigger)
            action.changed.connect(lambda: button.setEnabled(action.isEnabled()))
        else:
            button.setDefaultAction(action)
        button.setText(text)
        button.setAccessibleName(name)
        button.setToolTip(action.toolTip())
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        button.setMinimumHeight(32)
        return button

    def _build_layout(self) -> None:
        self.pause_button = self._button(self.pause_action, "Pause scrolling", "Pause scrolling")
        self.smaller_button = self._button(self.smaller_action, "A−", "Smaller text")
        self.bigger_button = self._button(self.bigger_action, "A+", "Bigger text")
        self.detach_button = self._button(self.detach_action, "Detach captions", "Detach captions")
        self.save_button = self._button(self.save_action, "Save transcript…", "Save transcript")
        self.clear_button = self._button(self.clear_action, "Clear", "Clear captions")
        self._build_stack()
        buttons = QHBoxLayout()
        buttons.setSpacing(6)
        for button in (self.pause_button, self.smaller_button, self.bigger_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        for button in (self.detach_button, self.save_button, self.clear_button):
            buttons.addWidget(button)

        self.notice_label = QLabel()
        self.notice_label.setWordWrap(True)
        self.notice_label.setAccessibleName("Captions notice")
        self.notice_label.setToolTip(
            "The result of the last save or clear, or what the captions need from you"
        )
        self.notice_label.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 12, 12, 12)
        layout.setSpacing(10)
        layout.addWidget(self.controls)
        layout.addWidget(self._sharing_label())
        layout.addLayout(self._stack)
        layout.addLayout(buttons)
        layout.addWidget(self.notice_label)
        layout.addStretch(1)
        self._tab_order()

    def _sharing_label(self) -> QLabel:
        """Says plainly, while it is on, that captions go to the call too."""
        self.sharing_label = QLabel()
        self.sharing_label.setObjectName("sharing_state")
        self.sharing_label.setWordWrap(True)
        self.sharing_label.setTextFormat(Qt.TextFormat.PlainText)
        self.sharing_label.setToolTip("Final captions are also sent to the call's own captions")
        self.sharing_label.hide()
        return self.sharing_label

    def _build_stack(self) -> None:
        """The captions here, or (while detached) a line saying where they are."""
        self.placeholder = QWidget()
        self.back_button = QPushButton("Bring captions back here")
        self.back_button.setAccessibleName("Bring captions back here")
        self.back_button.setToolTip("Close the caption window and show the captions here (F9)")
        self.back_button.clicked.connect(lambda: self.set_detached(False))
        away = QLabel("The captions are showing in their own window.")
        away.setWordWrap(True)
        placeholder_layout = QHBoxLayout(self.placeholder)
        placeholder_layout.addWidget(away, 1)
        placeholder_layout.addWidget(self.back_button)

        self.display_holder = QWidget()
        self._holder_layout = QVBoxLayout(self.display_holder)
        self._holder_layout.setContentsMargins(0, 0, 0, 0)
        self._holder_layout.addWidget(self.display)
        self._stack = QStackedLayout()
        self._stack.addWidget(self.display_holder)
        self._stack.addWidget(self.placeholder)

    def _tab_order(self) -> None:
        c = self.controls
        order = [
            c.start_button,
            c.source_combo,
            c.engine_combo,
            c.embedded_button,
            self.display,
            self.back_button,
            self.pause_button,
            self.smaller_button,
            self.bigger_button,
            self.detach_button,
            self.save_button,
            self.clear_button,
        ]
        for first, second in itertools.pairwise(order):
            QWidget.setTabOrder(first, second)

    # -- captions --------------------------------------------------------

    def _on_caption(self, caption: Caption) -> None:
        self.display.add_caption(caption)
        if caption.kind == "final" and self.transcript.append(caption):
            self._unsaved += 1
            if self._store.current.announce_finals:
                announce(self.display, caption.text.strip())
            if letters := self._missing_letters.untold(caption.text, self.display.font()):
                self._notice(missing_font_notice(letters))

    def _on_gap(self, gap: CaptionGap) -> None:
        """Audio went uncaptioned (#10): shown in the caption flow, kept in the transcript
        and said to screen readers, always (a hole nobody is told of is worse than lag)."""
        self.display.add_gap(gap)
        self.transcript.add_gap(gap)
        announce(self.display, gap.sentence)

    def relabel(self, event: SpeakerRelabelled) -> None:
        """A caption turned out to be someone else's (#14): the transcript, quotes and the
        caption text on screen (here or in the caption window) follow."""
        self.transcript.relabel(event.start, event.end, event.speaker)
        self.display.relabel(event.start, event.end, event.speaker)

    def _on_settings_changed(self, settings: Settings) -> None:
        self.display.apply_settings(settings)

    def _on_state_changed(self, text: str) -> None:
        if self.caption_window is not None:
            quiet = self.controls.state == CaptionState.LISTENING
            self.caption_window.set_status("" if quiet else text)
        self.status_changed.emit(text)

    # -- commands --------------------------------------------------------

    def _step_font(self, bigger: bool) -> None:
        size = next_font_size(self._store.current.font_size, bigger)
        self._store.update(font_size=size)

    def _toggle_pause(self) -> None:
        self.display.set_scroll_paused(not self.display.scroll_paused)

    def _update_pause_action(self, paused: bool) -> None:
        text = "Resume scrolling" if paused else "Pause scrolling"
        self.pause_action.setChecked(paused)
        self.pause_action.setText(text)
        self.pause_button.setText(text)
        self.pause_button.setAccessibleName(text)

    def _update_start_action(self, running: bool) -> None:
        self.start_action.setText("Stop captions" if running else "Start captions")

    def _on_detach_triggered(self) -> None:
        self.set_detached(self.caption_window is None)

    @property
    def detached(self) -> bool:
        return self.caption_window is not None

    def set_detached(self, detached: bool) -> None:
        """Move the captions to their own window, or back into this view."""
        if detached == self.detached:
            self.detach_action.setChecked(detached)
            return
        if detached:
            self._holder_layout.removeWidget(self.display)
            window = CaptionWindow(self.display, self._store, self.actions())
            window.closed.connect(self._on_window_closed)
            self.destroyed.connect(window.deleteLater)  # never outlive the view
            self.caption_window = window
            self._stack.setCurrentWidget(self.placeholder)
            self._on_state_changed(self.controls.state_text())
            window.show()
            window.raise_()
            window.activateWindow()
            self.display.setFocus()
        else:
            self._reattach(close=True)
        self._show_detached(detached)

    def _on_window_closed(self) -> None:
        if self.caption_window is not None:
            self._reattach(close=False)
            self._show_detached(False)

    def _show_detached(self, detached: bool) -> None:
        text = "Attach captions" if detached else "Detach captions"
        self.detach_action.setChecked(detached)
        self.detach_action.setText(text)
        self.detach_button.setText(text)
        self.detach_button.setAccessibleName(text)
        self.detached_changed.emit(detached)

    def _reattach(self, close: bool) -> None:
        window, self.caption_window = self.caption_window, None
        if window is None:
            return
        window.closed.disconnect(self._on_window_closed)
        display = window.take_display()
        self._holder_layout.addWidget(display)
        self._stack.setCurrentWidget(self.display_holder)
        display.apply_settings(self._store.current)
        if close:
            window.close()
        window.deleteLater()

    def save_transcript(self) -> Path | None:
        """Ask where, then write the finals so far as WebVTT, SRT or text."""
        if self.transcript.is_empty():
            self._notice("Nothing to save yet: no finished captions so far.")
            return None
        folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H%M")
        fmt = SAVE_FILTERS[self._save_filter]
        suggested = str(Path(folder or Path.home()) / f"Captions {stamp}.{fmt}")
        path_text, chosen = QFileDialog.getSaveFileName(
            self._dialog_parent(),
            "Save transcript",
            suggested,
            ";;".join(SAVE_FILTERS),
            self._save_filter,
        )
        if not path_text:
            return None
        if chosen in SAVE_FILTERS:
            self._save_filter = chosen
        path = Path(path_text)
        fmt = format_for_path(path) or SAVE_FILTERS[self._save_filter]
        if format_for_path(path) is None:
            path = path.with_name(f"{path.name}.{fmt}")
        try:
            self.transcript.write(path, fmt)
        except OSError as error:
            self._notice(
                f"Could not save the transcript to {path} ({error.strerror or error}). "
                "Choose another folder and try again."
            )
            return None
        self._unsaved = 0
        self._notice(f"Saved the transcript as {FORMAT_NAMES[fmt]}: {path}")
        self.transcript_saved.emit(str(path))
        return path

    def clear(self) -> None:
        """Forget the captions on screen and the transcript (asks first if unsaved)."""
        if self._unsaved:
            answer = QMessageBox.question(
                self._dialog_parent(),
                "Clear captions",
                f"Clear the captions? {self._unsaved} finished captions have not been saved.",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return
        self.transcript.clear()
        self.display.clear_captions()
        self._unsaved = 0
        self._notice("Captions cleared.")

    def _dialog_parent(self) -> QWidget:
        """The caption window when the person is in it, so the dialog is not hidden behind."""
        window = self.caption_window
        return window if window is not None and window.isActiveWindow() else self

    def _update_sharing_label(self, state: str) -> None:
        detail = self.sharing.detail
        text = f"{state}\n{detail}" if state and detail else state
        self.sharing_label.setText(text)
        self.sharing_label.setAccessibleName(text or "Not sharing captions with the call")
        self.sharing_label.setVisible(bool(state))
        announce(self.sharing_label, state or "Stopped sharing captions with the call.")

    def _notice(self, text: str) -> None:
        self.notice_label.setText(text)
        self.notice_label.show()
        announce(self.notice_label, text)

    def shutdown(self) -> None:
        """Before the app quits: stop captioning and close the caption window."""
        self.sharing.stop()
        if self.controls.running:
            self._bridge.stop()
        if self.caption_window is not None:
            self.caption_window.save_geometry()
            self.set_detached(False)
