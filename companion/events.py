"""The frozen dataclass events the core emits.

The UI's one adapter re-emits these as Qt signals on the GUI thread; the
command line prints them. Times called ``start``/``end``/``time`` are seconds
of audio fed since the stream began.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

CaptionKind = Literal["partial", "final"]
GapCause = Literal["behind", "dropped"]  # why audio went uncaptioned (see CaptionGap)
MY_SPEAKER = "you"  # a phrase the microphone carried in "call and my microphone" (#14)
CALL_SPEAKER = "the call"  # a phrase the call carried there (who in the call: see Turns)


@dataclass(frozen=True, slots=True)
class Word:
    """One recognised word with its place in the audio."""

    text: str
    start: float
    end: float
    confidence: float | None = None  # 0..1 where the engine gives it


@dataclass(frozen=True, slots=True)
class Caption:
    """A partial (may still change) or final (never changes) piece of text."""

    kind: CaptionKind
    text: str
    start: float
    end: float
    words: tuple[Word, ...] = ()
    emitted: float = 0.0  # audio time fed (or wall time in real time) when it came out
    source: str = ""  # which audio source it came from, for display
    speaker: str | None = None  # who said it, when known (the member marked in Turns)


@dataclass(frozen=True, slots=True)
class SpeakerRelabelled:
    """A final caption already out turned out to be someone else's (a late mark or a fix).

    ``start``/``end`` are the caption's own audio seconds, which name it within its run.
    """

    start: float
    end: float
    speaker: str | None


@dataclass(frozen=True, slots=True)
class LevelChanged:
    """Loudness and voice activity of the latest block of audio."""

    level: float  # 0..1, for a meter (dBFS mapped from -60..0)
    dbfs: float
    voice: bool
    time: float
    source: str = ""


@dataclass(frozen=True, slots=True)
class SourceLost:
    """The audio source stopped delivering; the stream keeps retrying."""

    source: str
    reason: str


@dataclass(frozen=True, slots=True)
class SourceRestored:
    """A lost audio source delivers again."""

    source: str


@dataclass(frozen=True, slots=True)
class EngineReady:
    """The speech engine has loaded its model and is listening."""

    engine: str
    model: str
    load_seconds: float


@dataclass(frozen=True, slots=True)
class ModelSteppedDown:
    """Decoding fell behind the speaker, so captions went on with a faster model.

    Happens at most once a stream, between phrases: every word before ``time``
    came from the slower model, every word after it from the faster one.
    """

    engine: str  # "whisper"
    model: str  # the model now running, for display ("tiny.en — ...")
    sentence: str  # what to tell the person ("Captions switched to tiny.en: ...")
    time: float  # audio seconds fed when the faster model took over
    switch_seconds: float  # wall time the switch took: the slow model's last final and the load
    load_seconds: float  # of that, loading the faster model
    measured: str = ""  # what the watcher measured, in figures (for benchmarks and bug reports)


@dataclass(frozen=True, slots=True)
class StepDownFailed:
    """Decoding fell behind the speaker, but the faster model could not be loaded (tried
    ahead and again at the step down), so the slower model goes on (#10)."""

    sentence: str  # what to tell the person: what happened and what to do


@dataclass(frozen=True, slots=True)
class CaptionGap:
    """Audio that was never captioned: decoding fell too far behind the speaker, so
    the stream made what it had heard final and went on from the live edge.

    Every final before it ends by ``start``; every caption after it starts at
    ``end`` or later (no phrase is glued across the hole).
    """

    start: float  # audio seconds where the uncaptioned audio begins
    end: float  # audio seconds where captions go on
    cause: GapCause  # "behind": the stream skipped the audio waiting to be decoded;
    # "dropped": the device's queue overflowed first (the reader stalled even longer)
    emitted: float = 0.0  # as for ``Caption``: when it came out
    source: str = ""  # which audio source, for display

    @property
    def seconds(self) -> float:
        """How much audio went uncaptioned."""
        return self.end - self.start

    @property
    def sentence(self) -> str:
        """What a person reads in the captions: how much is missing, why, and that
        captions are live again ("12 s not captioned: this computer fell behind. …")."""
        return f"{self.missing} not captioned: this computer fell behind."

    @property
    def missing(self) -> str:
        """The missing time in words: "12 s", or "about 1 s" for less than one."""
        whole = round(self.seconds)
        return f"{whole} s" if whole >= 1 else "about 1 s"


@dataclass(frozen=True, slots=True)
class StreamFailed:
    """The caption stream stopped because of an error a person must act on."""

    message: str  # a sentence saying what happened and what to do


@dataclass(frozen=True, slots=True)
class StreamStopped:
    """The caption stream ended (stopped by the user or the audio ended)."""

    reason: str = "stopped"
    extra: dict[str, float] = field(default_factory=dict)


Event = (
    Caption
    | LevelChanged
    | SourceLost
    | SourceRestored
    | EngineReady
    | ModelSteppedDown
    | StepDownFailed
    | CaptionGap
    | StreamFailed
    | StreamStopped
)
