"""The faster model, loaded ahead while decoding is behind, so a step down is quick (#10).

Loading tiny.en at the moment of a step down took 2.7-7.2 s under a heavy
overload, while the audio kept arriving: every step down measured there
ended in a 13-19 s gap in the captions (docs/benchmarks.md, "Captions that
fall behind catch up"). ``Preload`` starts that load on a thread of its own
once decoding has been behind for ``AHEAD`` of the way to the step down (5 s
of audio in a row; the step down is due after ``keeping_up.SUSTAINED``), or
once ``WAITING`` of the audio that makes a skip step down waits to be decoded
(5 s; a slow start gets there first, ``catching_up.ON_OFFER``), so the
caption worker goes on decoding meanwhile and the faster engine is ready
when the step down comes.

Measured there since: the switch takes 0.00 s for the load (1.2-1.9 s in
all, base's last final, when the phrase is in progress), against 3.1-7.2 s;
the gaps under that heavy overload remain, as base is already 10 s behind
when it steps down (docs/benchmarks.md, "Loading tiny.en ahead").

Both models loaded together peaked about 20 MB higher than base alone there
(419-431 MB against 402-411 MB, under the 600 MB target), but a computer
that keeps up should hold one model, so they are held together only while a
step down is likely: once decoding has kept up again for ``FREE_AFTER`` of
keeping_up's windows (20 s of audio) in a row, the preloaded engine is let
go (and loaded again if decoding falls behind again). A load that fails
ahead is not retried ahead: the step down loads it then, as it did before,
and says why if that fails too.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from companion.speech.catching_up import CatchUp
from companion.speech.engine import Engine
from companion.speech.keeping_up import Limits

AHEAD = 1 / 3  # of the audio behind in a row that makes a step down due (5 s of 15 s): it
# leaves 10 s of audio for a load that took up to 7.2 s under an overload; on a quiet
# machine base was never behind that long (docs/benchmarks.md, "Loading tiny.en ahead")
WAITING = 1 / 2  # of the undecoded audio that makes a skip step down (5 s of 10 s): under
# an overload base's first, slow passes left 10 s waiting after 5 s of audio
FREE_AFTER = 2.0  # keeping_up windows of audio keeping up in a row (20 s) before the loaded
# model is let go: a lull between two bursts of load should not drop it


class Preload:
    """Loads a faster engine ahead on its own thread and hands it over at the step down.

    ``watch`` is called after every block the stream decodes, ``take`` at the
    step down, both on the stream's worker.
    """

    def __init__(
        self,
        load: Callable[[], Engine],
        limits: Limits | None = None,
        catch_up: CatchUp | None = None,
    ) -> None:
        limits = limits or Limits()
        self._load = load
        self.ahead = limits.sustained * AHEAD  # audio seconds behind before loading ahead
        self.waiting = (catch_up or CatchUp()).on_offer * WAITING  # ...or waiting, seconds
        self.free_after = limits.window * FREE_AFTER  # ...keeping up before letting it go
        self._lock = threading.Lock()  # guards what the loading thread hands over
        self._thread: threading.Thread | None = None
        self._engine: Engine | None = None
        self._closed = False  # the stream has ended: a load still under way is let go
        self._keeping_up_for = 0.0  # audio seconds decoding has kept up in a row
        self.error = ""  # why the load ahead failed ("": it did not)
        self.loads = 0  # loads started ahead (for benchmarks and bug reports)
        self.freed = 0  # preloaded engines let go because decoding kept up again
        self.load_seconds = 0.0  # wall time the last load ahead took
        self.started_at: float | None = None  # audio time the last load ahead began

    @property
    def ready(self) -> bool:
        """A preloaded engine is waiting to be taken."""
        with self._lock:
            return self._engine is not None

    @property
    def loading(self) -> bool:
        thread = self._thread
        return thread is not None and thread.is_alive()

    def watch(self, behind_for: float, waiting: float, audio: float, at: float) -> None:
        """A block of ``audio`` seconds was decoded at audio time ``at``; decoding has been
        behind for ``behind_for`` seconds of audio in a row (``KeepingUp.behind_for``), and
        ``waiting`` seconds of audio wait to be decoded (``LiveEdge.waiting``)."""
        self._keeping_up_for = 0.0 if behind_for > 0 else self._keeping_up_for + audio
        if behind_for >= self.ahead or waiting >= self.waiting:
            if self._thread is None and not self.error:
                self.started_at = at
                self.loads += 1
                self._thread = threading.Thread(
                    target=self._load_ahead, name="preload-faster-model", daemon=True
                )
                self._thread.start()
        elif self._keeping_up_for >= self.free_after and self._thread and not self.loading:
            self.free()  # a load under way is let go once it has finished
            self.freed += 1

    def take(self) -> Engine:
        """The faster engine: the preloaded one (waiting for a load under way to finish),
        else loaded now, on this thread (raises what the load raises)."""
        thread = self._thread
        if thread is not None:
            thread.join()
        with self._lock:
            engine, self._engine = self._engine, None
        return engine if engine is not None else self._load()

    @property
    def note(self) -> str:
        """How the faster engine was had, in words, for the step down's figures."""
        if self.error:
            return f"loading it ahead failed ({self.error}), so it was loaded at the switch"
        if self.started_at is None:
            return "not loaded ahead"
        return f"loaded ahead from {self.started_at:.1f} s of audio in {self.load_seconds:.1f} s"

    def free(self) -> None:
        """Let a preloaded engine go (its memory with it); a later ``watch`` may load again."""
        with self._lock:
            self._engine = None
        self._thread = None

    def close(self) -> None:
        """The stream has ended: let go of the engine, now or when a load under way ends."""
        with self._lock:
            self._closed = True
        self.free()

    def _load_ahead(self) -> None:
        began = time.perf_counter()
        try:
            engine = self._load()
        except Exception as error:  # the step down loads it again, and reports a failure
            self.error = str(error) or type(error).__name__
            return
        finally:
            self.load_seconds = time.perf_counter() - began
        with self._lock:
            self._engine = None if self._closed else engine
