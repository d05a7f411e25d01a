"""The one adapter between the core and the widgets.

Core events arrive on worker threads; ``CoreBridge`` re-emits each as a Qt
signal, which Qt queues onto the GUI thread because the bridge lives there.
Widgets connect to these signals and never touch audio or speech directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal

from companion.audio.devices import open_source
from companion.errors import CompanionError
from companion.events import (
    Caption,
    EngineReady,
    Event,
    LevelChanged,
    SourceLost,
    SourceRestored,
    StreamFailed,
    StreamStopped,
)
from companion.signal import Signal as CoreSignal
from companion.speech.factory import engine_factory
from companion.speech.stream import CaptionStream
from companion.speech.vocabulary import Vocabulary


class CoreBridge(QObject):
    """Starts and stops captioning and turns core events into Qt signals."""

    caption = Signal(object)  # Caption
    level = Signal(object)  # LevelChanged
    source_lost = Signal(object)  # SourceLost
    source_restored = Signal(object)  # SourceRestored
    engine_ready = Signal(object)  # EngineReady
    failed = Signal(str)  # a sentence to show
    stopped = Signal(object)  # StreamStopped
    starting = Signal(str)  # source name, as soon as Start is pressed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stream: CaptionStream | None = None
        self._vocabulary = Vocabulary()  # the group's names, for the engine to listen for
        self._disconnect: Callable[[], None] | None = None
        self._dispatch = {
            Caption: self.caption,
            LevelChanged: self.level,
            SourceLost: self.source_lost,
            SourceRestored: self.source_restored,
            EngineReady: self.engine_ready,
            StreamStopped: self.stopped,
        }

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
        self._disconnect = stream.events.connect(self._forward)

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

    def _forward(self, event: Event) -> None:
        # Called on the worker thread: only emit signals here.
        if isinstance(event, StreamFailed):
            self.failed.emit(event.message)
            return
        signal = self._dispatch.get(type(event))
        if signal is not None:
            signal.emit(event)


class EventRelay(QObject):
    """Re-emits any core ``companion.signal.Signal`` as a Qt signal on the GUI thread.

    Features whose core models emit events (plans, turns, notes) use one relay
    each, so widgets subscribe to Qt signals and never to core objects directly.
    """

    received = Signal(object)  # not "event": that would hide QObject.event()

    def __init__(self, core_signal: CoreSignal[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._disconnect = core_signal.connect(self.received.emit)

    def close(self) -> None:
        self._disconnect()
