"""What captioning is doing, worked out once from the caption stream's events.

``CaptionStatusModel`` folds the person's Start and Stop and the stream's
events (starting, engine ready, sound level, source lost and restored,
stepped down to a faster model, failed, stopped) into one ``CaptionStatus``:
a state, the sentence the caption controls show, and the parts of the
status line. Every view reads this one status, so the controls and the
status line never disagree.

An event that does not fit the current state (a stop queued by the previous
stream arriving just after Start, a level before the engine is ready) is
ignored: the fold returns None. No Qt and no clock here: the caller's timer
says when listening has gone on for a while without speech
(``awaiting_speech`` says when to run it).
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace

from companion.events import (
    EngineReady,
    LevelChanged,
    ModelSteppedDown,
    SourceLost,
    SourceRestored,
    StepDownFailed,
    StreamStopped,
)

IDLE_SENTENCE = "Not captioning. Press Start captions to begin."
STOPPED_SENTENCE = "Stopped. Press Start captions to begin again."
NO_SPEECH_SENTENCE = (
    "No speech heard yet. Check that the call's sound is playing on this computer, "
    "or choose another source."
)
RESTORED_MESSAGE_MS = 5_000  # "Microphone is back." stays this long in the status bar


class CaptionState(enum.Enum):
    """What captioning is doing, as shown on the state line."""

    IDLE = "idle"  # never started
    STARTING = "starting"  # Start pressed, engine loading
    LISTENING = "listening"  # engine ready, audio arriving
    NO_SPEECH = "no speech"  # listening, but no voice for a while since start
    SOURCE_LOST = "source lost"  # the device stopped; the stream retries
    FAILED = "failed"  # stopped by an error the person must act on
    STOPPED = "stopped"  # stopped by the person or at the end of the audio


class Alert(enum.Enum):
    """How a change of status is told to screen readers."""

    NONE = "none"  # shown only
    POLITE = "polite"  # announced after what is being read now
    ASSERTIVE = "assertive"  # announced at once: captioning stopped by itself


_RUNNING = frozenset(
    {
        CaptionState.STARTING,
        CaptionState.LISTENING,
        CaptionState.NO_SPEECH,
        CaptionState.SOURCE_LOST,
    }
)
_LEVELS_SHOWN = frozenset(
    {CaptionState.LISTENING, CaptionState.NO_SPEECH, CaptionState.SOURCE_LOST}
)


def short_reason(reason: str) -> str:
    """A reason cut to its first clause, for the one-line status: "auto: whisper base is
    too slow here" of "auto: whisper base is too slow here (a pass takes …), so …"."""
    return re.split(r" \(|, so ", reason, maxsplit=1)[0]


def _engine_and_why(engine: str, model: str) -> tuple[str, str]:
    """The engine and model in words, and why that model runs: a whisper model's name
    carries its reason ("tiny.en — auto: …")."""
    name, _, why = model.partition(" — ")
    # "whisper-base" is the model's name on the command line; said once, as people say
    # it. (A vosk model's folder name, "vosk-model-small-en-us-0.15", stays whole.)
    if engine == "whisper":
        name = name.removeprefix("whisper-")
    return (f"{engine} {name}" if name else engine), why


@dataclass(frozen=True)
class CaptionStatus:
    """One moment of captioning, in words; each change is a new value."""

    state: CaptionState = CaptionState.IDLE
    sentence: str = IDLE_SENTENCE  # the controls' state line
    source: str = ""  # the source being captioned, in words ("" until a stream starts)
    engine: str = ""  # the engine and model running, e.g. "vosk small-en" ("" until ready)
    engine_description: str = ""  # which model runs and why; composed into ``engine_line``
    message: str = ""  # a passing status-bar message that belongs to this change only
    message_ms: int = 0  # how long ``message`` stays; 0: until the next message
    alert: Alert = Alert.NONE  # whether ``sentence`` is announced, and how

    @property
    def running(self) -> bool:
        """A stream is starting or running (Start captions reads Stop captions)."""
        return self.state in _RUNNING

    @property
    def shows_level(self) -> bool:
        """Sound levels are worth showing: the engine is ready and audio flows or is awaited."""
        return self.state in _LEVELS_SHOWN

    @property
    def engine_line(self) -> str:
        """The status line's engine part, e.g. "Engine: vosk small-en, listening"."""
        if self.state == CaptionState.IDLE:
            return "Engine: not started"
        if self.state == CaptionState.STARTING:
            return "Engine: loading…"
        if self.state == CaptionState.STOPPED:
            return "Engine: stopped"
        if self.state == CaptionState.FAILED:
            return "Engine: stopped by an error"
        why = short_reason(self.engine_description)
        described = f" ({why})" if why else ""
        return f"Engine: {self.engine}{described}, listening"

    @property
    def source_line(self) -> str | None:
        """The status line's source part; None when no stream has named its source."""
        if not self.source:
            return None
        if self.state == CaptionState.SOURCE_LOST:
            return f"Source: {self.source} lost, retrying"
        return f"Source: {self.source}"

    @property
    def level_line(self) -> str | None:
        """The status line's level part when no levels are shown; None while they are."""
        if self.state == CaptionState.STARTING:
            return "Level: waiting"
        if self.state == CaptionState.SOURCE_LOST:
            return "Level: no sound"
        if self.state in (CaptionState.LISTENING, CaptionState.NO_SPEECH):
            return None
        return "Level: off"


class CaptionStatusModel:
    """Folds commands and stream events into the current ``CaptionStatus``.

    Each method returns the new status, or None when nothing changed.
    """

    def __init__(self) -> None:
        self.status = CaptionStatus()
        self._heard_voice = False

    @property
    def awaiting_speech(self) -> bool:
        """Listening and no voice heard since Start: time to watch for "no speech yet"."""
        return self.status.state == CaptionState.LISTENING and not self._heard_voice

    # The person.

    def press_start(self) -> CaptionStatus:
        self._heard_voice = False
        return self._set(CaptionState.STARTING, "Starting… loading the speech engine.", engine="")

    def press_stop(self) -> CaptionStatus:
        return self._set(CaptionState.STOPPED, STOPPED_SENTENCE)

    # The stream.

    def starting(self, source: str) -> CaptionStatus:
        return self._set(
            CaptionState.STARTING,
            f"Starting… loading the speech engine for {source}.",
            source=source,
            engine="",
        )

    def engine_ready(self, event: EngineReady) -> CaptionStatus | None:
        if not self.status.running:
            return None
        engine, why = _engine_and_why(event.engine, event.model)
        sentence = (
            f"Listening with {engine} — {why}." if why else f"Listening (engine: {event.engine})."
        )
        self._set(CaptionState.LISTENING, sentence, engine=engine)
        self.status = replace(self.status, engine_description=why)
        return self.status

    def stepped_down(self, event: ModelSteppedDown) -> CaptionStatus | None:
        """Captions went on with a faster model: the captions' line says so (announced),
        and the engine part names the model and why. No status-bar message: beside the
        status parts it had room for a few words only ("Captions switched to tiny.en: w")."""
        if not self.status.running:
            return None
        engine, why = _engine_and_why(event.engine, event.model)
        self._set(self.status.state, event.sentence, engine=engine, alert=Alert.POLITE)
        self.status = replace(self.status, engine_description=why)  # the old model's reason is gone
        return self.status

    def step_down_failed(self, event: StepDownFailed) -> CaptionStatus | None:
        """The faster model could not be loaded: the captions' line says so (announced),
        as captions will come late; the engine part still names the slow model."""
        if not self.status.running:
            return None
        self._set(self.status.state, event.sentence, engine=self.status.engine, alert=Alert.POLITE)
        return self.status

    def level(self, event: LevelChanged) -> CaptionStatus | None:
        if not self.status.shows_level or not event.voice:
            return None
        self._heard_voice = True
        if self.status.state != CaptionState.NO_SPEECH:
            return None
        return self._set(CaptionState.LISTENING, "Listening: speech heard.")

    def no_speech(self) -> CaptionStatus | None:
        """The caller's timer ran out while ``awaiting_speech``."""
        if not self.awaiting_speech:
            return None
        return self._set(CaptionState.NO_SPEECH, NO_SPEECH_SENTENCE, alert=Alert.POLITE)

    def source_lost(self, event: SourceLost) -> CaptionStatus | None:
        if self.status.state not in (CaptionState.LISTENING, CaptionState.NO_SPEECH):
            return None
        return self._set(
            CaptionState.SOURCE_LOST,
            f"{event.source} lost — retrying. Captions carry on when the sound comes back.",
            source=event.source,
            message=f"{event.source} stopped sending sound: {event.reason}",
            alert=Alert.POLITE,
        )

    def source_restored(self, event: SourceRestored) -> CaptionStatus | None:
        if self.status.state != CaptionState.SOURCE_LOST:
            return None
        return self._set(
            CaptionState.LISTENING,
            f"Listening: {event.source} is back.",
            source=event.source,
            message=f"{event.source} is back.",
            message_ms=RESTORED_MESSAGE_MS,
            alert=Alert.POLITE,
        )

    def failed(self, message: str) -> CaptionStatus:
        return self._set(
            CaptionState.FAILED,
            f"Captions stopped: {message}",
            message=message,
            alert=Alert.ASSERTIVE,
        )

    def stopped(self, event: StreamStopped) -> CaptionStatus | None:
        # A stop queued by the previous stream can arrive just after Start: ignore it.
        if self.status.state in (CaptionState.STARTING, CaptionState.FAILED, CaptionState.STOPPED):
            return None
        if event.reason == "end of audio":
            return self._set(CaptionState.STOPPED, "Stopped: the audio ended.")
        return self._set(CaptionState.STOPPED, STOPPED_SENTENCE)

    # Inside.

    def _set(
        self,
        state: CaptionState,
        sentence: str,
        *,
        source: str | None = None,
        engine: str | None = None,
        message: str = "",
        message_ms: int = 0,
        alert: Alert = Alert.NONE,
    ) -> CaptionStatus:
        self.status = replace(
            self.status,
            state=state,
            sentence=sentence,
            source=self.status.source if source is None else source,
            engine=self.status.engine if engine is None else engine,
            message=message,
            message_ms=message_ms,
            alert=alert,
        )
        return self.status
