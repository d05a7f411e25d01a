"""Sharing captions with the call, in the app: the actions, the sender, the state line.

``CaptionSharing`` owns the one ``CaptionSender`` while sharing is on. It
hands the bridge's final captions to it (queuing only, so the captions view
never waits on the network), follows its events through ``SharingSignals``
and says the state in plain words on ``state_changed``: "Sharing captions
with the call", "… delayed, trying again in 4 s" or "" when off. Stopping
is one action; a stop the person did not ask for is said on ``notice``. The
link is remembered in the settings only when the person ticks the box.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from companion.events import Caption, CaptionGap
from companion.sharing import (
    CaptionSender,
    CaptionSent,
    CaptionTarget,
    SharingFailed,
    SharingStarted,
    SharingStopped,
)
from companion.sharing.settings import SharingSettings
from ui.adapter import CoreBridge, SharingSignals
from ui.captions.share_dialog import ShareCaptionsDialog
from ui.settings.store import SettingsStore
from ui.widgets.a11y import make_action

SHARING = "Sharing captions with the call"
STOPPED_BY_YOU = "You stopped sharing captions with the call."


class CaptionSharing(QObject):
    """Starts, follows and stops sharing final captions with the call."""

    state_changed = Signal(str)  # the plain state line; "" when not sharing
    notice = Signal(str)  # a sentence worth showing once (a stop, lines not delivered)

    def __init__(
        self,
        bridge: CoreBridge,
        parent: QWidget,
        store: SettingsStore | None = None,
        make_sender: Callable[[CaptionTarget], CaptionSender] = CaptionSender,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self.make_sender = make_sender  # tests give a sender with short back-off
        self._sender: CaptionSender | None = None
        self.state = ""
        self.detail = ""  # the last failure's sentence while delayed
        self.signals = SharingSignals(parent=self)
        self.signals.started.connect(self._on_started)
        self.signals.sent.connect(self._on_sent)
        self.signals.failed.connect(self._on_failed)
        self.signals.stopped.connect(self._on_stopped)
        bridge.caption.connect(self._on_caption)
        bridge.gap.connect(self._on_gap)
        self.share_action = make_action(
            parent,
            "&Share captions with the call…",
            "Send final captions to a Zoom or Teams call's own captions",
            shortcut="Ctrl+Shift+H",
            triggered=self.open_dialog,
            object_name="share_captions",
        )
        self.stop_action = make_action(
            parent,
            "S&top sharing captions",
            "Stop sending captions to the call",
            shortcut="Ctrl+Shift+O",
            triggered=self.stop,
            object_name="stop_sharing",
        )
        self.stop_action.setEnabled(False)
        for action in (self.share_action, self.stop_action):
            # Like the other caption actions: the keys work in the detached window too.
            action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
            parent.addAction(action)

    @property
    def sharing(self) -> bool:
        return self._sender is not None

    def open_dialog(self) -> ShareCaptionsDialog:
        """Open the dialog (not blocking); accepting it starts sharing."""
        remembered = self._store.current.sharing.url if self._store is not None else ""
        owner = self.parent()  # read, not kept: a Python reference to it would make a cycle
        assert isinstance(owner, QWidget)
        dialog = ShareCaptionsDialog(owner, remembered)
        dialog.accepted.connect(lambda: self._accepted(dialog))
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()
        return dialog

    def _accepted(self, dialog: ShareCaptionsDialog) -> None:
        if dialog.target is None:
            return
        self._remember(dialog.target.url if dialog.remember_check.isChecked() else "")
        self.start(dialog.target)

    def _remember(self, url: str) -> None:
        """Keep ``url`` in the private settings, or forget any kept link ("")."""
        if self._store is None or self._store.current.sharing.url == url:
            return
        self._store.update(sharing=SharingSettings(remember=bool(url), url=url))

    def start(self, target: CaptionTarget) -> None:
        """Share final captions with ``target`` from now on (replacing any other)."""
        self.stop()
        sender = self.make_sender(target)
        self._sender = sender
        self.signals.attach(sender.events)
        self.stop_action.setEnabled(True)
        self._set_state(f"{SHARING} ({target.platform_name}): connecting")
        sender.start()

    def stop(self) -> None:
        """Stop sharing now; the GUI does not wait for the network."""
        sender, self._sender = self._sender, None
        if sender is None:
            return
        self.signals.close()  # a late event from the old sender must not show
        sender.stop(STOPPED_BY_YOU, wait=False)
        self.stop_action.setEnabled(False)
        self._set_state("")

    def _on_gap(self, gap: CaptionGap) -> None:
        if self._sender is not None:
            self._sender.offer_gap(gap)  # queues only

    def _on_caption(self, caption: Caption) -> None:
        if self._sender is not None and caption.kind == "final":
            self._sender.offer(caption)  # queues only

    def _on_started(self, event: SharingStarted) -> None:
        name = "Zoom" if event.platform == "zoom" else "Teams"
        self._set_state(f"{SHARING} ({name})")

    def _on_sent(self, event: CaptionSent) -> None:
        if self.detail and self._sender is not None:
            self._set_state(f"{SHARING} ({self._sender.target.platform_name})")

    def _on_failed(self, event: SharingFailed) -> None:
        seconds = max(1, math.ceil(event.retry_in))
        self._set_state(f"{SHARING}: delayed, trying again in {seconds} s", event.message)

    def _on_stopped(self, event: SharingStopped) -> None:
        self._sender = None
        self.stop_action.setEnabled(False)
        self._set_state("")
        if event.reason != STOPPED_BY_YOU:
            self.notice.emit(event.reason)

    def _set_state(self, text: str, detail: str = "") -> None:
        self.detail = detail
        if text != self.state:
            self.state = text
            self.state_changed.emit(text)
