"""Voice recognition on its own thread: caption audio in, ``VoiceChange`` events out (#14).

``VoiceWatch`` is fed the caption stream's blocks (``feed``, from the caption
worker: it only queues them, dropping blocks rather than slowing captions
when it falls behind) and makes voice prints on its own daemon thread
(``companion.audio.voice_encoder``), which a ``VoiceBook`` turns into changes
and recognised voices. The encoder is loaded on that thread when the watch
starts; if it cannot be, ``VoiceWatchFailed`` says what to do. ``restart``
begins a new audio stream (its times start again at zero) and keeps the
confirmed voices; ``forget`` drops them. Nothing is written anywhere.
"""

from __future__ import annotations

import contextlib
import queue
import threading
from collections.abc import Callable

import numpy as np

from companion.audio.source import Frames
from companion.audio.voice_encoder import VoiceEncoder, VoicePrints
from companion.errors import CompanionError
from companion.signal import Signal
from companion.turns.events import VoiceChange, VoiceWatchFailed
from companion.turns.voices import VoiceBook

QUEUE_BLOCKS = 200  # about 20 s of caption blocks; more waiting than that is dropped
_RESTART = "restart"


class VoiceWatch:
    """Finds voice changes in caption audio on a worker thread."""

    def __init__(
        self,
        encoder: Callable[[], VoiceEncoder] = VoiceEncoder.installed,
        book: VoiceBook | None = None,
    ) -> None:
        self.events: Signal[VoiceChange | VoiceWatchFailed] = Signal()
        self.book = book or VoiceBook()
        self._encoder_factory = encoder
        self._queue: queue.Queue[Frames | str | None] = queue.Queue(maxsize=QUEUE_BLOCKS)
        self._lock = threading.Lock()  # the book is read on the worker, taught on the GUI thread
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()
        self.dropped = 0  # blocks dropped because the worker fell behind

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def start(self) -> None:
        if self.running:
            return
        self._queue = queue.Queue(maxsize=QUEUE_BLOCKS)
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="voice-watch", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 0.0) -> None:
        """Finish the worker (what it holds is dropped with it)."""
        thread, self._thread = self._thread, None
        if thread is None:
            return
        self._stopping.set()
        with contextlib.suppress(queue.Full):
            self._queue.put_nowait(None)  # wakes the worker at once when there is room
        if wait > 0:
            thread.join(wait)

    def feed(self, frames: Frames) -> None:
        """A block of caption audio (any thread); dropped if the worker is behind or stopped."""
        if self._thread is None:
            return
        try:
            self._queue.put_nowait(frames)
        except queue.Full:
            self.dropped += 1

    def restart(self) -> None:
        """A new audio stream begins: times start at zero again; confirmed voices stay."""
        if self._thread is None:
            return
        try:
            self._queue.put_nowait(_RESTART)
        except queue.Full:
            self.dropped += 1

    def confirm(self, member: int) -> None:
        """The voice heard now is ``member``'s."""
        with self._lock:
            self.book.confirm(member)

    def forget(self, member: int | None = None) -> None:
        """Drop one member's voice, or every voice."""
        with self._lock:
            self.book.forget(member)

    def _run(self) -> None:
        source, stopping = self._queue, self._stopping
        try:
            prints = VoicePrints(self._encoder_factory())
        except CompanionError as error:
            self.events.emit(VoiceWatchFailed(str(error)))
            return
        except Exception as error:  # a worker must report, never die silently
            self.events.emit(
                VoiceWatchFailed(
                    f"Voice recognition could not start ({error}); switch it off and on to "
                    "try again, or reinstall Companion with its set-up."
                )
            )
            return
        while not stopping.is_set():
            try:
                item = source.get(timeout=0.5)
            except queue.Empty:
                continue
            if item is None:
                return
            if isinstance(item, str):
                with self._lock:
                    self.book.forget_stretch()
                prints = VoicePrints(prints.encoder)
                continue
            for voice in prints.update(np.asarray(item)):
                with self._lock:
                    change = self.book.add(voice.start, voice.end, voice.vector)
                if change is not None:
                    self.events.emit(change)
