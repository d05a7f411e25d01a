"""The frozen dataclass events a ``TurnsSession`` emits.

The UI re-emits them as typed Qt signals with ``ui.adapter.TurnsSignals``; ``time`` is
the session clock's time (seconds; only differences mean anything).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from companion.turns.metrics import GroupStats
from companion.turns.nudges import ClearReason, Nudge
from companion.turns.queue import QueueOrder
from companion.turns.roster import Member

TurnReason = Literal["mark", "silence", "pass", "undo", "fix", "removed", "reset"]


@dataclass(frozen=True, slots=True)
class TurnChanged:
    """Someone else (or nobody) is speaking now."""

    speaker: int | None  # member id, None for nobody
    previous: int | None
    time: float
    reason: TurnReason = "mark"  # silence: ended by voice-assisted mode after a pause


@dataclass(frozen=True, slots=True)
class PassMarked:
    """A member passed when invited (respected, not counted as silence)."""

    member: int
    time: float


@dataclass(frozen=True, slots=True)
class HandsChanged:
    """The raised-hands queue changed."""

    hands: tuple[int, ...]  # first to speak first
    order: QueueOrder


@dataclass(frozen=True, slots=True)
class NudgeRaised:
    """A nudge for the facilitator."""

    nudge: Nudge


@dataclass(frozen=True, slots=True)
class NudgeCleared:
    """A nudge went away: dismissed, no longer true, or nudges turned off."""

    nudge: Nudge
    reason: ClearReason


@dataclass(frozen=True, slots=True)
class StatsChanged:
    """New figures (after every tick and every mark)."""

    stats: GroupStats


@dataclass(frozen=True, slots=True)
class RosterChanged:
    """Members were added, edited, moved or removed."""

    members: tuple[Member, ...]


@dataclass(frozen=True, slots=True)
class SessionReset:
    """The tracking started again from nothing."""

    time: float


TurnsEvent = (
    TurnChanged
    | PassMarked
    | HandsChanged
    | NudgeRaised
    | NudgeCleared
    | StatsChanged
    | RosterChanged
    | SessionReset
)


@dataclass(frozen=True, slots=True)
class VoiceChange:
    """Voice recognition (#14): the voice changed at audio second ``time`` of the captions."""

    time: float
    member: int | None  # a member whose voice was confirmed earlier, else None: ask who
    likeness: float  # cosine of the new voice and that member's (0 when nobody's)
    again: bool = False  # the same change, recognised a moment later from more of the voice


@dataclass(frozen=True, slots=True)
class VoiceWatchFailed:
    """Voice recognition could not run; ``message`` says what to do."""

    message: str
