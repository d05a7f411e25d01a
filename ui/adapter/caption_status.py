"""The one caption status the views share, fed by the bridge's typed signals.

``CaptionStatusFeed`` holds the Qt-free ``CaptionStatusModel``, folds each
of the bridge's caption signals into it on the GUI thread, runs the
"no speech heard yet" timer the model asks for, and emits every new
``CaptionStatus`` (``changed``) and each sound level worth showing
(``level``). The caption controls and the status line both read it, so they
say the same thing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from companion.captions_status import CaptionStatus, CaptionStatusModel
from companion.events import (
    EngineReady,
    LevelChanged,
    ModelSteppedDown,
    SourceLost,
    SourceRestored,
    StepDownFailed,
    StreamStopped,
)

if TYPE_CHECKING:
    from ui.adapter.bridge import CoreBridge

NO_SPEECH_AFTER_MS = 10_000  # listening this long without a voice says "No speech heard yet"


class CaptionStatusFeed(QObject):
    """Keeps the current caption status for every view of one bridge."""

    changed = Signal(CaptionStatus)
    level = Signal(LevelChanged)  # only while levels are worth showing

    def __init__(self, bridge: CoreBridge) -> None:
        super().__init__(bridge)
        self._model = CaptionStatusModel()
        self.no_speech_timer = QTimer(self)
        self.no_speech_timer.setSingleShot(True)
        self.no_speech_timer.setInterval(NO_SPEECH_AFTER_MS)
        self.no_speech_timer.timeout.connect(self._on_no_speech)
        # Bound methods, not lambdas: Qt then queues worker-thread emits onto this object's thread.
        bridge.starting.connect(self._on_starting)
        bridge.engine_ready.connect(self._on_engine_ready)
        bridge.stepped_down.connect(self._on_stepped_down)
        bridge.step_down_failed.connect(self._on_step_down_failed)
        bridge.level.connect(self._on_level)
        bridge.source_lost.connect(self._on_source_lost)
        bridge.source_restored.connect(self._on_source_restored)
        bridge.failed.connect(self._on_failed)
        bridge.stopped.connect(self._on_stopped)

    @property
    def current(self) -> CaptionStatus:
        return self._model.status

    def press_start(self) -> None:
        """The person pressed Start: say so before the engine starts loading."""
        self._show(self._model.press_start())

    def press_stop(self) -> None:
        """The person pressed Stop."""
        self._show(self._model.press_stop())

    def _on_starting(self, source: str) -> None:
        self._show(self._model.starting(source))

    def _on_engine_ready(self, event: EngineReady) -> None:
        self._show(self._model.engine_ready(event))

    def _on_stepped_down(self, event: ModelSteppedDown) -> None:
        self._show(self._model.stepped_down(event))

    def _on_step_down_failed(self, event: StepDownFailed) -> None:
        self._show(self._model.step_down_failed(event))

    def _on_source_lost(self, event: SourceLost) -> None:
        self._show(self._model.source_lost(event))

    def _on_source_restored(self, event: SourceRestored) -> None:
        self._show(self._model.source_restored(event))

    def _on_failed(self, message: str) -> None:
        self._show(self._model.failed(message))

    def _on_stopped(self, event: StreamStopped) -> None:
        self._show(self._model.stopped(event))

    def _on_level(self, event: LevelChanged) -> None:
        if not self.current.shows_level:
            return
        self._show(self._model.level(event))
        self.level.emit(event)

    def _on_no_speech(self) -> None:
        self._show(self._model.no_speech())

    def _show(self, status: CaptionStatus | None) -> None:
        if not self._model.awaiting_speech:
            self.no_speech_timer.stop()
        elif status is not None:
            self.no_speech_timer.start()  # listening afresh: watch for speech from now
        if status is not None:
            self.changed.emit(status)
