"""The one adapter between the core and the widgets.

Core events arrive on worker threads; ``CoreBridge`` (captions) and one
``EventAdapter`` subclass per event family (``RunSignals`` for a plan run,
``NotebookSignals`` for notes) re-emit each as a typed Qt signal, which Qt
queues onto the GUI thread because the adapter lives there. Widgets connect
to these signals and never subscribe to the core or touch audio directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Signal, SignalInstance

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
from companion.facilitation.events import (
    Overrun,
    PromptCleared,
    PromptDue,
    RunStateChanged,
    SegmentAdjusted,
    SegmentChanged,
)
from companion.notes.events import NoteDeleted, NoteSaved, NotesChanged, SaveFailed
from companion.signal import Signal as CoreSignal
from companion.speech.factory import engine_factory
from companion.speech.stream import CaptionStream
from ui.captions.status import CaptionStatusFeed


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
    failed = Signal(str)  # a sentence to show
    stopped = Signal(StreamStopped)
    starting = Signal(str)  # source name, as soon as Start is pressed

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._stream: CaptionStream | None = None
        self._disconnect: Callable[[], None] | None = None
        self.caption_status = CaptionStatusFeed(self)  # what captioning is doing, for every view
        self._dispatch: dict[type[Event], SignalInstance] = {
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
        self.starting.emit(stream.source.name)
        stream.start()

    def attach(self, stream: CaptionStream) -> None:
        """Listen to a stream built elsewhere (tests and demos feed their own)."""
        if self._disconnect is not None:
            self._disconnect()  # a stream still finishing must not disturb the new one
        self._stream = stream
        self._disconnect = stream.events.connect(self._forward)

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


class EventAdapter(QObject):
    """Re-emits one core event family as typed Qt signals on the GUI thread.

    A family subclass declares one typed ``Signal`` per event class and maps
    each class to its signal's name in ``SIGNALS``. The adapter lives on the
    GUI thread, so Qt queues an emit from a worker thread onto it; views
    connect to the typed signals and never subscribe to the core directly.
    An event type the family does not map is a programming error.
    """

    SIGNALS: ClassVar[dict[type[object], str]] = {}

    def __init__(
        self, core_signal: CoreSignal[Any] | None = None, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._disconnect: Callable[[], None] | None = None
        if core_signal is not None:
            self.attach(core_signal)

    def attach(self, core_signal: CoreSignal[Any]) -> None:
        """Listen to ``core_signal`` instead of whatever the adapter listened to before.

        A model that is replaced (a new plan run) keeps one adapter, so views
        connect once and never to a finished run.
        """
        self.close()
        self._disconnect = core_signal.connect(self._forward)

    def _forward(self, event: object) -> None:
        name = self.SIGNALS.get(type(event))
        if name is None:
            raise TypeError(f"{type(self).__name__} has no signal for {type(event).__name__}")
        getattr(self, name).emit(event)

    def close(self) -> None:
        """Stop listening to the core (the adapter may outlive the model)."""
        if self._disconnect is not None:
            self._disconnect()
            self._disconnect = None


class RunSignals(EventAdapter):
    """A plan run's events (``companion.facilitation.events``) as typed signals."""

    run_state_changed = Signal(RunStateChanged)
    segment_changed = Signal(SegmentChanged)
    prompt_due = Signal(PromptDue)
    prompt_cleared = Signal(PromptCleared)
    overrun = Signal(Overrun)
    segment_adjusted = Signal(SegmentAdjusted)

    SIGNALS: ClassVar[dict[type[object], str]] = {
        RunStateChanged: "run_state_changed",
        SegmentChanged: "segment_changed",
        PromptDue: "prompt_due",
        PromptCleared: "prompt_cleared",
        Overrun: "overrun",
        SegmentAdjusted: "segment_adjusted",
    }


class NotebookSignals(EventAdapter):
    """The notes feature's events (``companion.notes.events``) as typed signals.

    Used over a notebook's ``events`` and over an autosave's ``failed``.
    """

    note_saved = Signal(NoteSaved)
    note_deleted = Signal(NoteDeleted)
    save_failed = Signal(SaveFailed)
    notes_changed = Signal(NotesChanged)

    SIGNALS: ClassVar[dict[type[object], str]] = {
        NoteSaved: "note_saved",
        NoteDeleted: "note_deleted",
        SaveFailed: "save_failed",
        NotesChanged: "notes_changed",
    }


class EventRelay(QObject):
    """Re-emits any core ``companion.signal.Signal`` as an untyped Qt signal.

    Superseded by the typed ``EventAdapter`` families; kept only until Turns
    moves to its own family (``TurnsSignals``), then removed.
    """

    received = Signal(object)  # not "event": that would hide QObject.event()

    def __init__(self, core_signal: CoreSignal[Any], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._disconnect = core_signal.connect(self.received.emit)

    def close(self) -> None:
        self._disconnect()
