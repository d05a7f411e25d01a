"""Typed Qt signals for every core event family, on the GUI thread.

``EventAdapter`` is the base: a family declares one typed ``Signal`` per event
class and maps each class to its signal's name. The families: the workshop
(``WorkshopSignals``), a plan run (``RunSignals``), Turns (``TurnsSignals``),
notes (``NotebookSignals``), sharing captions with the call (``SharingSignals``)
speaker labels changed after a caption came out (``SpeakerSignals``) and voice
recognition in Turns (``VoiceSignals``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Signal

from companion.events import SpeakerRelabelled
from companion.facilitation.events import (
    Overrun,
    PromptCleared,
    PromptDue,
    RunStateChanged,
    SegmentAdjusted,
    SegmentChanged,
)
from companion.notes.events import NoteDeleted, NoteSaved, NotesChanged, SaveFailed
from companion.sharing.events import CaptionSent, SharingFailed, SharingStarted, SharingStopped
from companion.signal import Signal as CoreSignal
from companion.turns.events import (
    HandsChanged,
    NudgeCleared,
    NudgeRaised,
    PassMarked,
    RosterChanged,
    SessionReset,
    StatsChanged,
    TurnChanged,
    VoiceChange,
    VoiceWatchFailed,
)
from companion.workshop.events import (
    AttentionCalled,
    ParticipationFiled,
    RunEnded,
    RunStarted,
    SegmentStarted,
)


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
        # Weakly: a core object holding the adapter would make a cycle with a QObject in
        # it, freed by the cycle collector on whatever thread allocates next (#10).
        self._disconnect = core_signal.connect_weakly(self._forward)

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


class WorkshopSignals(EventAdapter):
    """The workshop coordinator's events: a run started, moved on or ended; attention."""

    run_started = Signal(RunStarted)
    run_ended = Signal(RunEnded)
    segment_started = Signal(SegmentStarted)
    attention_called = Signal(AttentionCalled)
    participation_filed = Signal(ParticipationFiled)
    SIGNALS: ClassVar[dict[type[object], str]] = {
        RunStarted: "run_started",
        RunEnded: "run_ended",
        SegmentStarted: "segment_started",
        AttentionCalled: "attention_called",
        ParticipationFiled: "participation_filed",
    }


class TurnsSignals(EventAdapter):
    """The Turns family (``companion.turns.events``): one typed signal per event class."""

    turn_changed = Signal(TurnChanged)
    pass_marked = Signal(PassMarked)
    hands_changed = Signal(HandsChanged)
    nudge_raised = Signal(NudgeRaised)
    nudge_cleared = Signal(NudgeCleared)
    stats_changed = Signal(StatsChanged)
    roster_changed = Signal(RosterChanged)
    session_reset = Signal(SessionReset)

    SIGNALS: ClassVar[dict[type[object], str]] = {
        TurnChanged: "turn_changed",
        PassMarked: "pass_marked",
        HandsChanged: "hands_changed",
        NudgeRaised: "nudge_raised",
        NudgeCleared: "nudge_cleared",
        StatsChanged: "stats_changed",
        RosterChanged: "roster_changed",
        SessionReset: "session_reset",
    }


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


class SharingSignals(EventAdapter):
    """A caption sender's events (``companion.sharing.events``) as typed signals (#17)."""

    started = Signal(SharingStarted)
    sent = Signal(CaptionSent)
    failed = Signal(SharingFailed)
    stopped = Signal(SharingStopped)

    SIGNALS: ClassVar[dict[type[object], str]] = {
        SharingStarted: "started",
        CaptionSent: "sent",
        SharingFailed: "failed",
        SharingStopped: "stopped",
    }


class SpeakerSignals(EventAdapter):
    """Speaker labels (``companion.speakers``): a caption turned out to be someone else's (#14)."""

    relabelled = Signal(SpeakerRelabelled)

    SIGNALS: ClassVar[dict[type[object], str]] = {SpeakerRelabelled: "relabelled"}


class VoiceSignals(EventAdapter):
    """Turns' voice recognition (``companion.turns.voice_watch``): changes heard, or a failure."""

    changed = Signal(VoiceChange)
    failed = Signal(VoiceWatchFailed)

    SIGNALS: ClassVar[dict[type[object], str]] = {
        VoiceChange: "changed",
        VoiceWatchFailed: "failed",
    }
