"""The caption stream: audio source → speech engine on a worker, events out.

Decoding never runs on the caller's thread when started with ``start``; the
command line uses ``run`` to do the same work in the foreground. A live source
that stops delivering is reported within ``lost_after`` seconds, closed, and
reopened every ``retry_every`` seconds until it delivers again.

When the factory offers a faster model (``faster()``, a ``StepDown``: whisper
base offers tiny.en) and decoding stays behind the speaker (``keeping_up``),
the stream steps down once: at the next pause in the voice (or after
``PAUSE_WAIT`` seconds without one) the slow engine finishes the phrase in
progress, the faster one takes every block from there with the same names to
listen for, and ``ModelSteppedDown`` says so. The faster one is loaded ahead,
on a thread of its own, once decoding has been behind for a while
(``preloading``), so the switch is quick and decoding goes on meanwhile. Caption times
stay in the stream's audio time across the switch.

On live audio, captions never fall more than a bound behind (``catching_up``):
when the undecoded audio passes it, or the source itself had to drop audio
nobody read in time, the words on screen become final as shown (no decode: one
took 2-10 s under an overload while the audio kept arriving), the waiting audio
is read and left out up to the live edge, the engine starts afresh (no phrase
is glued across the hole) and ``CaptionGap`` says how much was missed, from the
end of the words kept.
Audio time goes on counting the skipped audio, so times stay the speaker's.
Files decoded without ``realtime`` never lag, and never skip.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import numpy as np

from companion.audio.level import VoiceActivityDetector
from companion.audio.source import SAMPLE_RATE, AudioSource, EndOfAudio, Frames
from companion.errors import CompanionError
from companion.events import (
    Caption,
    CaptionGap,
    EngineReady,
    Event,
    GapCause,
    LevelChanged,
    ModelSteppedDown,
    SourceLost,
    SourceRestored,
    StepDownFailed,
    StreamFailed,
    StreamStopped,
    Word,
)
from companion.signal import Signal
from companion.speech.catching_up import CatchUp, LiveEdge
from companion.speech.engine import Engine
from companion.speech.keeping_up import KeepingUp, Limits, StepDown
from companion.speech.preloading import Preload
from companion.speech.vocabulary import Vocabulary

Clock = Callable[[], float]
LEAD_IN_SAMPLES = SAMPLE_RATE * 15 // 100  # the last 0.15 s, fed to the faster model first:
# a word may begin in it before voice activity is sure, and the slow model's final ends a
# TAIL after the last voice, which is 0.3 s (the hangover) before a pause is declared
MOST_SKIPPED = 600 * SAMPLE_RATE  # a skip reads at most this much: a source that never
# runs dry (it cannot be live) must not hold the stream for ever
PAUSE_WAIT = 8.0  # seconds of audio a due step down waits for a pause in the voice; then
# it happens anyway (a word cut there may be split), as lagging longer is worse


class CaptionStream:
    """Runs one source through one engine and emits ``Event``s."""

    def __init__(
        self,
        source: AudioSource,
        engine_factory: Callable[[], Engine],
        *,
        realtime: bool | None = None,
        lost_after: float = 2.0,
        retry_every: float = 1.0,
        level_every: float = 0.1,
        clock: Clock = time.monotonic,
        keeping_up: Limits | None = None,
        catch_up: CatchUp | None = None,
    ) -> None:
        self.source = source
        self.events: Signal[Event] = Signal()
        # Every block of audio as it is read, on the worker (#14: voice prints are made from
        # it); a subscriber must return quickly and keep nothing it is not meant to.
        self.blocks: Signal[Frames] = Signal()
        self._engine_factory = engine_factory
        # Live sources always report wall time; files only when asked to pace.
        self._realtime = source.live if realtime is None else realtime
        self._lost_after = lost_after
        self._retry_every = retry_every
        self._level_every = level_every
        self._clock = clock
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.engine: Engine | None = None
        self.samples_fed = 0
        self.decode_seconds = 0.0  # wall time spent inside the engine, for real-time factor
        self._first_frame_at: float | None = None  # wall time of the first audio block
        self._vocabulary: Vocabulary | None = None  # names to listen for, kept for the engine
        self._limits = keeping_up  # when decoding counts as behind (None: the defaults)
        self._watch: KeepingUp | None = None  # set while a faster model is on offer
        self._step_down: StepDown | None = None
        self.preload: Preload | None = None  # loads the faster model ahead while behind
        self._due_at: float | None = None  # audio time a step down became due
        self._offset = 0.0  # audio seconds before the running engine's time 0
        self._lead_in: Frames = np.zeros(0, dtype=np.int16)  # the last audio fed, see LEAD_IN
        # How far behind the live edge decoding is (live audio only; None: never skips).
        self.live_edge = LiveEdge(catch_up, clock=clock) if self._realtime else None
        self._vad = VoiceActivityDetector()

    # -- control ---------------------------------------------------------

    def start(self) -> None:
        """Run on a daemon worker thread; returns at once."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self.run, name="caption-stream", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 5.0) -> None:
        """Ask the worker to finish (pending text becomes final) and wait for it."""
        self._stop.set()
        thread = self._thread
        if wait > 0 and thread is not None and thread is not threading.current_thread():
            thread.join(wait)

    def set_vocabulary(self, vocabulary: Vocabulary) -> None:
        """Names for the engine to listen for, from now on (any thread, before or after
        the engine is loaded); engines that cannot be biased ignore them."""
        self._vocabulary = vocabulary
        engine = self.engine
        setter = getattr(engine, "set_vocabulary", None)
        if callable(setter):
            setter(vocabulary.terms, vocabulary.heard)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- work ------------------------------------------------------------

    def run(self) -> None:
        """Do the whole job on this thread, until the audio ends or ``stop``."""
        try:
            loaded = self._clock()
            engine = self.engine = self._engine_factory()
            if self._vocabulary is not None:
                self.set_vocabulary(self._vocabulary)
            load_seconds = self._clock() - loaded
            # A factory that wraps another (benchmarks) offers nothing: it measures what it ran.
            faster = getattr(self._engine_factory, "faster", None)
            self._step_down = faster() if callable(faster) else None
            if self._step_down is not None:
                self._watch = KeepingUp(self._limits, live=self._realtime, clock=self._clock)
                edge = self.live_edge.limits if self.live_edge is not None else None
                self.preload = Preload(self._step_down.load, self._limits, edge)
            # Ready means listening: the source delivers before anyone is told to speak.
            self.source.open()
            self.events.emit(EngineReady(engine.name, engine.model_name, load_seconds))
            reason = self._loop()
            self.source.close()  # the device is free before anyone hears "stopped"
            self._emit_captions(self._running().finish())
            self.events.emit(StreamStopped(reason, self._figures()))
        except CompanionError as error:
            self.events.emit(StreamFailed(str(error)))
        except Exception as error:  # a worker must report, never die silently
            self.events.emit(
                StreamFailed(
                    f"Captioning stopped because of an unexpected error ({error}). "
                    "Press Start to try again; if it happens again, choose another engine."
                )
            )
        finally:
            self.source.close()
            if self.preload is not None:
                self.preload.close()  # a faster model loaded (or loading) but never used

    def _running(self) -> Engine:
        engine = self.engine
        assert engine is not None  # set before the loop starts
        return engine

    def _loop(self) -> str:
        self._vad = VoiceActivityDetector()
        last_data = self._clock()
        last_level = -1.0
        lost = False
        self._first_frame_at = None
        while not self._stop.is_set():
            if lost:
                if not self._try_reopen():
                    continue
                lost = False
                last_data = self._clock()
                if self._watch is not None:
                    self._watch.resume()  # the gap was the device's, not decoding's
                if self.live_edge is not None:
                    self.live_edge.restart()
                self.events.emit(SourceRestored(self.source.name))
            try:
                asked = self._clock()
                frames = self.source.read(timeout=0.2)
            except EndOfAudio:
                return "end of audio"
            now = self._clock()
            if frames is None or len(frames) == 0:
                if self.source.live and now - last_data >= self._lost_after:
                    lost = True
                    self.events.emit(
                        SourceLost(self.source.name, "no audio arrived for two seconds — retrying")
                    )
                    self.source.close()
                continue
            last_data = now
            if self._first_frame_at is None:
                self._first_frame_at = now
            dropped = self._take_dropped()  # the source's queue overflowed before this block
            cause = "dropped" if dropped else self._skip_cause(len(frames), now - asked)
            if cause is not None:
                self._skip(dropped + len(frames), cause)
                continue
            self.samples_fed += len(frames)
            # A source of two sides offers its call side alone for voice recognition (#14).
            call_side = getattr(self.source, "call_side", None)
            self.blocks.emit(call_side() if callable(call_side) else frames)
            quiet_before = not self._vad.voice  # every phrase before this block has ended
            reading = self._vad.update(frames)
            audio_time = self.samples_fed / SAMPLE_RATE
            if audio_time - last_level >= self._level_every:
                last_level = audio_time
                self.events.emit(
                    LevelChanged(
                        reading.level, reading.dbfs, reading.voice, audio_time, self.source.name
                    )
                )
            self._feed(frames, quiet_before=quiet_before)
        return "stopped"

    def _take_dropped(self) -> int:
        """Samples the source threw away unread since last asked (0 if it never does)."""
        take = getattr(self.source, "take_dropped", None)
        return int(take()) if callable(take) else 0

    def _skip_cause(self, block: int, waited: float) -> GapCause | None:
        """ "behind" when the block just read and the audio waiting after it are too late
        to caption (``block`` samples, read after waiting ``waited`` seconds)."""
        if self.live_edge is None:
            return None
        fed = (self.samples_fed + block) / SAMPLE_RATE
        waiting = self.live_edge.read(fed, waited)
        offered = self._step_down is not None
        return "behind" if self.live_edge.skip_due(waiting, step_down_on_offer=offered) else None

    def _skip(self, samples: int, cause: GapCause) -> None:
        """Leave ``samples`` already read, and all the audio waiting after them, out: the
        words on screen become final first (what the engine heard after them is left out
        too), then it starts afresh at the live edge.

        A faster model still on offer takes over here too: a skip is proof enough that
        this one cannot keep up, and its load then falls inside the one gap rather than
        leaving the faster model a backlog that would make a second."""
        began = self._clock()
        finals, start = self._finish_shown()
        self.decode_seconds += self._clock() - began
        self._emit_captions(finals)
        if self._step_down is not None:
            why = (
                "the device dropped audio nobody read in time"
                if cause == "dropped"
                else f"{self.live_edge.waiting if self.live_edge else 0.0:.1f} s of audio "
                "waiting to be decoded"
            )
            measured = f"skipped to the live edge: {why}"
            self._switch(start, at_pause=False, measured=measured, finished=True)
        skipped = samples + self._read_waiting()  # what arrived meanwhile too
        self.samples_fed += skipped
        self._running().reset()
        self._offset = self.samples_fed / SAMPLE_RATE  # the engine's time 0 is the live edge
        self._lead_in = self._lead_in[:0]
        self._vad = VoiceActivityDetector()  # the next voice begins a new phrase
        if self._watch is not None:
            self._watch.resume()  # the backlog it watched was skipped
        if self.live_edge is not None:
            self.live_edge.restart()
        self.events.emit(
            CaptionGap(
                start,
                self.samples_fed / SAMPLE_RATE,
                cause,
                self._emitted_now(),
                self.source.name,
            )
        )

    def _finish_shown(self) -> tuple[list[Caption], float]:
        """The running engine's phrase in progress made final as on screen, and the audio
        time from which nothing is captioned (an engine that cannot: its ``finish``)."""
        engine = self._running()
        shown = getattr(engine, "finish_shown", None)
        if not callable(shown):
            return engine.finish(), self.samples_fed / SAMPLE_RATE
        finals, captioned_to = shown()
        return finals, self._offset + captioned_to

    def _read_waiting(self) -> int:
        """Read (and leave out) every block already waiting; how many samples that was."""
        count = 0
        while count < MOST_SKIPPED:
            try:
                frames = self.source.read(timeout=0.0)
            except EndOfAudio:
                break  # the next read says so again, and the stream ends there
            if frames is None or len(frames) == 0:
                break
            count += len(frames) + self._take_dropped()
        return count

    def _feed(self, frames: Frames, *, quiet_before: bool) -> None:
        audio_time = self.samples_fed / SAMPLE_RATE
        if self._due_at is not None and (quiet_before or audio_time - self._due_at >= PAUSE_WAIT):
            self._switch(audio_time - len(frames) / SAMPLE_RATE, at_pause=quiet_before)
        began = self._clock()
        captions = self._running().accept(frames)
        cost = self._clock() - began
        self.decode_seconds += cost
        self._emit_captions(captions)
        watch = self._watch
        if watch is not None:
            self._lead_in = np.concatenate([self._lead_in, frames])[-LEAD_IN_SAMPLES:]
            final = any(c.kind == "final" for c in captions)
            if watch.record(len(frames) / SAMPLE_RATE, cost, final):
                self._due_at = audio_time
            if self.preload is not None:
                waiting = self.live_edge.waiting if self.live_edge is not None else 0.0
                seconds = len(frames) / SAMPLE_RATE
                self.preload.watch(watch.behind_for, waiting, seconds, audio_time)

    def _switch(
        self, at: float, *, at_pause: bool, measured: str = "", finished: bool = False
    ) -> None:
        """Step down at audio time ``at`` (where the block about to be fed begins): the
        slow engine finishes the phrase it heard (unless ``finished`` already), the faster
        one hears the rest (and, at a pause, the lead-in before it, which no final of the
        slow engine holds)."""
        step_down, self._step_down = self._step_down, None
        self._due_at = None
        if self._watch is not None and not measured:
            measured = self._watch.reason
        self._watch = None  # never back up: the rest of this stream stays on the faster model
        if step_down is None:
            return
        began = self._clock()
        slow = self._running()
        quickly = getattr(slow, "finish_quickly", None)  # the phrase in progress, cheaper
        if not finished:
            self._emit_captions(quickly() if callable(quickly) else slow.finish())
        loading = self._clock()
        preload, self.preload = self.preload, None
        try:
            engine = preload.take() if preload is not None else step_down.load()
        except Exception as error:  # late captions are better than none: keep the slow engine
            self.events.emit(StepDownFailed(_not_loaded(step_down, error)))
            return
        loaded = self._clock() - loading
        if preload is not None:
            measured = f"{measured}; {step_down.fast} {preload.note}"
        lead_in = self._lead_in if at_pause else self._lead_in[:0]
        self._lead_in = self._lead_in[:0]
        self.engine, self._offset = engine, at - len(lead_in) / SAMPLE_RATE
        if self._vocabulary is not None:
            self.set_vocabulary(self._vocabulary)
        self._emit_captions(engine.accept(lead_in))
        self.events.emit(
            ModelSteppedDown(
                engine.name,
                engine.model_name,
                step_down.sentence,
                at,
                self._clock() - began,
                loaded,
                measured,
            )
        )

    def _try_reopen(self) -> bool:
        if self._stop.wait(self._retry_every):
            return False
        try:
            self.source.open()
        except CompanionError:
            return False
        return True

    def _emitted_now(self) -> float:
        if self._realtime and self._first_frame_at is not None:
            return self._clock() - self._first_frame_at
        return self.samples_fed / SAMPLE_RATE

    def _emit_captions(self, captions: list[Caption]) -> None:
        emitted = self._emitted_now()
        # A source of two sides ("system+mic") says which carried each phrase (#14).
        side_between = getattr(self.source, "side_between", None)
        for caption in captions:
            if self._offset:  # the running engine's time 0 was a step down's moment
                caption = _shifted(caption, self._offset)
            speaker = side_between(caption.start, caption.end) if side_between else caption.speaker
            self.events.emit(
                Caption(
                    caption.kind,
                    caption.text,
                    caption.start,
                    caption.end,
                    caption.words,
                    emitted,
                    self.source.name,
                    speaker,
                )
            )

    def _figures(self) -> dict[str, float]:
        audio = self.samples_fed / SAMPLE_RATE
        return {
            "audio_seconds": audio,
            "decode_seconds": self.decode_seconds,
            "real_time_factor": self.decode_seconds / audio if audio else 0.0,
        }


def _not_loaded(step_down: StepDown, error: Exception) -> str:
    """What the person reads when the faster model could not be loaded at the step down."""
    why = str(error) if isinstance(error, CompanionError) else f"{error or type(error).__name__}."
    return (
        f"Captions stay on {step_down.slow}, which cannot keep up on this computer, as "
        f"{step_down.fast} could not be loaded: {why} Captions may come late or skip; "
        "closing other programs helps."
    )


def _shifted(caption: Caption, offset: float) -> Caption:
    """``caption`` with its times (and its words') ``offset`` seconds later."""
    words = tuple(
        Word(w.text, w.start + offset, w.end + offset, w.confidence) for w in caption.words
    )
    return Caption(
        caption.kind,
        caption.text,
        caption.start + offset,
        caption.end + offset,
        words,
        caption.emitted,
        caption.source,
        caption.speaker,
    )
