"""Who said each caption: phrases labelled with the member marked speaking, by audio time.

The caption stream counts audio seconds from its first frame; the turn tracker
counts on its own clock. ``AudioTimeline`` ties the two together from anchors
(an audio time and the clock time it arrived at: every level reading, as it
comes out of the stream), so a phrase's audio times become clock times, even
after the source was lost and reopened.

``SpeakerLabeller`` gives each caption the speaker whose turn covers most of
the phrase. Facilitators press a member's key after they hear the voice, so
turns are taken to begin ``key_lag`` seconds before the key: a late key still
lands on the right phrase. When the turns change (a mark arriving after the
phrase's final, a fix, an undo), the finals it remembers are labelled again
and each one that changes is reported as ``SpeakerRelabelled``. With no turns
(Turns is not tracking) captions carry no speaker: one is never invented.
Finals from before the first turn of the current turns keep their labels, so
starting Turns again does not wipe the labels of an earlier session.

With "call and my microphone" the stream already says which side carried a
phrase (``MY_SPEAKER`` or ``CALL_SPEAKER``): a phrase from the microphone is
the facilitator's (``my_name`` when known), never a member's; a phrase from
the call goes to the member marked in Turns, or stays "the call".

Called from the caption worker (``label``) and the GUI thread (the rest), so
its state is behind a lock.
"""

from __future__ import annotations

import bisect
import threading
from collections import deque
from collections.abc import Sequence
from dataclasses import dataclass, replace

from companion.clock import Clock
from companion.events import (
    CALL_SPEAKER,
    MY_SPEAKER,
    Caption,
    Event,
    LevelChanged,
    SpeakerRelabelled,
)
from companion.signal import Signal

KEY_LAG = 1.0  # seconds a facilitator's key usually comes after the voice begins
KEEP_FINALS = 500  # finals remembered for relabelling (a fix is about recent turns)
MAX_ANCHORS = 64  # the timeline only needs recent anchors; older ones are dropped


@dataclass(frozen=True, slots=True)
class SpeakerSpan:
    """One turn on the turn tracker's clock: who, from when, until when (None: still going)."""

    speaker: str
    start: float
    end: float | None = None


class AudioTimeline:
    """Maps the caption stream's audio seconds to the turn tracker's clock."""

    def __init__(self) -> None:
        self._audio: list[float] = []
        self._clock: list[float] = []

    def anchor(self, audio: float, at: float) -> bool:
        """Audio second ``audio`` arrived at clock time ``at``; True if a new stream began."""
        restarted = bool(self._audio) and audio < self._audio[-1]
        if restarted:
            self.clear()  # a new stream: its audio clock started again at zero
        self._audio.append(audio)
        self._clock.append(at)
        if len(self._audio) > MAX_ANCHORS:
            del self._audio[0], self._clock[0]
        return restarted

    def clear(self) -> None:
        self._audio.clear()
        self._clock.clear()

    def to_clock(self, audio: float) -> float | None:
        """The clock time of audio second ``audio`` (None before any anchor)."""
        if not self._audio:
            return None
        index = max(0, bisect.bisect_right(self._audio, audio) - 1)
        return self._clock[index] + (audio - self._audio[index])


def speaker_between(
    start: float, end: float, spans: Sequence[SpeakerSpan], key_lag: float = KEY_LAG
) -> str | None:
    """Whose turn covers most of ``start``..``end`` (clock times); None if nobody's does.

    Each turn is taken to begin (and the one before to end) ``key_lag`` earlier.
    A phrase with no length is placed at its start.
    """
    best: str | None = None
    best_overlap = 0.0
    for span in spans:
        begin = span.start - key_lag
        until = float("inf") if span.end is None else span.end - key_lag
        if end <= start:
            overlap = 1.0 if begin <= start < until else 0.0
        else:
            overlap = min(end, until) - max(start, begin)
        if overlap > best_overlap:
            best, best_overlap = span.speaker, overlap
    return best


@dataclass(slots=True)
class _Final:
    start: float  # audio seconds, as the caption had them (they name it)
    end: float
    clock_start: float
    clock_end: float
    speaker: str | None
    side: str | None  # CALL_SPEAKER or MY_SPEAKER from a two-sided source, else None


class SpeakerLabeller:
    """Labels captions with the speaker marked in Turns; reports later changes."""

    def __init__(self, clock: Clock, key_lag: float = KEY_LAG) -> None:
        self.clock = clock  # the turn tracker's
        self.key_lag = key_lag
        self.my_name: str | None = None  # the facilitator's name, for the microphone side
        self.timeline = AudioTimeline()
        self.events: Signal[SpeakerRelabelled] = Signal()
        self._spans: tuple[SpeakerSpan, ...] = ()
        self._finals: deque[_Final] = deque(maxlen=KEEP_FINALS)
        self._lock = threading.Lock()

    def observe(self, event: Event) -> Event:
        """A caption stream's event as it comes out (on its worker): a level reading
        anchors the timeline now; a caption comes back with its speaker."""
        if isinstance(event, LevelChanged):
            self.anchor(event.time, self.clock())
        elif isinstance(event, Caption):
            return self.label(event)
        return event

    def anchor(self, audio: float, at: float) -> None:
        """Audio second ``audio`` of the caption stream arrived at clock time ``at``."""
        with self._lock:
            if self.timeline.anchor(audio, at):
                self._finals.clear()  # a new stream: old finals' times mean nothing now

    def label(self, caption: Caption) -> Caption:
        """``caption`` with its speaker (None when Turns marks nobody for it)."""
        with self._lock:
            begin = self.timeline.to_clock(caption.start)
            finish = self.timeline.to_clock(caption.end)
            side = caption.speaker if caption.speaker in (MY_SPEAKER, CALL_SPEAKER) else None
            if begin is None or finish is None:
                return replace(caption, speaker=self._speaker(0.0, 0.0, side, turns=False))
            speaker = self._speaker(begin, finish, side)
            if caption.kind == "final":
                final = _Final(caption.start, caption.end, begin, finish, speaker, side)
                self._finals.append(final)
        return replace(caption, speaker=speaker)

    def _speaker(
        self, begin: float, finish: float, side: str | None, *, turns: bool = True
    ) -> str | None:
        """The microphone's phrase is mine; the call's is the marked member's, or the call's."""
        if side == MY_SPEAKER:
            return self.my_name or MY_SPEAKER
        member = speaker_between(begin, finish, self._spans, self.key_lag) if turns else None
        return member or side

    def set_turns(self, spans: Sequence[SpeakerSpan]) -> None:
        """The turns as they stand now; finals whose speaker changes are reported."""
        changed: list[SpeakerRelabelled] = []
        with self._lock:
            if tuple(spans) == self._spans:
                return  # a tick with no change in the turns: nothing to look at again
            self._spans = tuple(spans)
            if not self._spans:
                return  # not tracking (or started again): labels given so far stay
            first = min(span.start for span in self._spans) - self.key_lag
            for final in self._finals:
                if final.clock_end <= first:
                    continue  # before these turns began: another session's label stays
                speaker = self._speaker(final.clock_start, final.clock_end, final.side)
                if speaker != final.speaker:
                    final.speaker = speaker
                    changed.append(SpeakerRelabelled(final.start, final.end, speaker))
        for event in changed:
            self.events.emit(event)


def short_name(speaker: str) -> str:
    """How a caption line starts for ``speaker``: the first name ("Aisha" for "Aisha Rahman");
    the sides of "call and my microphone" as "You" and "The call"."""
    if speaker in (MY_SPEAKER, CALL_SPEAKER):
        return speaker.capitalize()
    words = speaker.split()
    return words[0] if words else speaker
