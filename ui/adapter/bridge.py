"""``CoreBridge``: starts and stops captioning and re-emits caption events as typed Qt signals.

Caption events arrive on the stream's worker thread; the bridge lives on the
GUI thread, so Qt queues each emit there. ``caption_status`` folds them into
the one caption status the status line and the controls both read.

The bridge owns its stream; the stream holds the bridge only weakly (#10), so
the two never form a reference cycle. A bridge or stream let go is then freed
by reference counting where it is let go (a bridge on the GUI thread), never
by the cycle collector on a worker thread, where freeing a QObject crashes Qt.
A worker still holds the bridge for the instant it hands it an event, so let a
bridge go once its stream has stopped (the app's lives as long as its window).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal, SignalInstance

from companion.audio.devices import open_source
from companion.audio.source import Frames
from companion.errors import CompanionError
from companion.events import (
    Caption,
    CaptionGap,
    EngineReady,
    Event,
    LevelChanged,
    ModelSteppedDown,
    SourceLost,
    SourceRestored,
    StepDownFailed,
    StreamFailed,
    StreamStopped,
)
from companion.speech.factory import engine_factory
from companion.speech.stream import CaptionStream
from companion.speech.vocabulary import Vocabulary
from ui.adapter.caption_status import CaptionStatusFeed


class CoreBridge(QObject):
    """Starts and stops captioning and turns core events into typed Qt signals.

    ``caption_status`` folds those signals into the one ``CaptionStatus`` that
    the caption controls and the status line both show.
    """

    caption = Signal(Caption)
    level = Signal(LevelChanged)
    source_lost = Signal(SourceLost)
    source_restored = Signal(SourceRestored)
    engine_ready = Signal(EngineReady)
    stepped_down = Signal(ModelSteppedDown)  # captions went on with a faster model
    step_down_failed = Signal(StepDownFailed)  # ...which could not be loaded (#10)
    gap = Signal(CaptionGap)  # audio skipped: decoding fell too far behind (#10)
    failed = Signal(str)  # a sentence to show
    stopped = Signal(StreamStopped)
    starting = Signal(str)  # source name, as soon as Start is pressed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stream: CaptionStream | None = None
        self._vocabulary = Vocabulary()  # the group's names, for the engine to listen for
        self._disconnect: Callable[[], None] | None = None
        self.caption_status = CaptionStatusFeed(self)  # what captioning is doing, for every view
        # Sees each event first and gives captions their speaker (#14, a SpeakerLabeller's
        # observe); it runs on the worker, so it must be thread-safe.
        self.label_events: Callable[[Event], Event] | None = None
        # Given every block of audio on the worker (#14: Turns' voice recognition, when the
        # facilitator switched it on); it must only queue the block and return.
        self.audio_tap: Callable[[Frames], None] | None = None
        self._dispatch: dict[type[Event], SignalInstance] = {
            Caption: self.caption,
            LevelChanged: self.level,
            SourceLost: self.source_lost,
            SourceRestored: self.source_restored,
            EngineReady: self.engine_ready,
            ModelSteppedDown: self.stepped_down,
            StepDownFailed: self.step_down_failed,
            CaptionGap: self.gap,
            StreamStopped: self.stopped,
        }

    @property
    def stream(self) -> CaptionStream | None:
        """The stream captioning now (None once stopped)."""
        return self._stream

    @property
    def running(self) -> bool:
        return self._stream is not None and self._stream.running

    def start(self, source: str, engine: str, model: str | None = None) -> None:
        """Begin captioning ``source`` ("system", "mic", a device or a WAV path)."""
        self.stop()
        try:
            factory = engine_factory(engine, model)
            stream = CaptionStream(open_source(source), factory)
        except CompanionError as error:
            self.failed.emit(str(error))
            return
        self.attach(stream)
        stream.set_vocabulary(self._vocabulary)
        self.starting.emit(stream.source.name)
        stream.start()

    def attach(self, stream: CaptionStream) -> None:
        """Listen to a stream built elsewhere (tests and demos feed their own)."""
        if self._disconnect is not None:
            self._disconnect()  # a stream still finishing must not disturb the new one
        self._stream = stream
        stop_events = stream.events.connect_weakly(self._forward)
        stop_blocks = stream.blocks.connect_weakly(self._tap)

        def disconnect() -> None:
            stop_events()
            stop_blocks()

        self._disconnect = disconnect

    def set_names(self, names: list[tuple[str, str]]) -> None:
        """The group's (name, how to say it) pairs: the running engine listens for them."""
        self._vocabulary = Vocabulary.from_names(names)
        if self._stream is not None:
            self._stream.set_vocabulary(self._vocabulary)

    def stop(self) -> None:
        """Ask the stream to stop; it finishes on its worker, never blocking the GUI."""
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.stop(wait=0)

    def _tap(self, frames: Frames) -> None:
        tap = self.audio_tap  # called on the worker thread
        if tap is not None:
            tap(frames)

    def _forward(self, event: Event) -> None:
        # Called on the worker thread: only emit signals here.
        if isinstance(event, StreamFailed):
            self.failed.emit(event.message)
            return
        if self.label_events is not None:
            event = self.label_events(event)
        signal = self._dispatch.get(type(event))
        if signal is not None:
            signal.emit(event)
