"""The frozen dataclass events a running plan emits.

The UI re-emits them as typed Qt signals through ``ui.adapter.RunSignals``; the run
record stores them. ``at`` is always active run time: seconds since the run
started, not counting pauses.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class RunState(str, Enum):
    """Where a run is in its life."""

    READY = "ready"  # built, not started
    RUNNING = "running"  # time passes, prompts fall due
    PAUSED = "paused"  # time stands still until resumed
    FINISHED = "finished"  # over; nothing more happens


class Move(str, Enum):
    """How the run came to a segment."""

    START = "start"  # the run started here
    NEXT = "next"  # the facilitator moved on (skipping what was left)
    BACK = "back"  # the facilitator went back to the segment before
    AUTO = "auto"  # time was up and the run moves on by itself


class Outcome(str, Enum):
    """What became of a prompt that was shown."""

    DONE = "done"  # the facilitator marked it done (or dismissed it)
    SNOOZED = "snoozed"  # put off; it comes back a little later in the same segment
    EXPIRED = "expired"  # still showing when its segment ended, so taken away


class Adjustment(str, Enum):
    """How a segment's length was changed while running."""

    EXTEND = "extend"  # made longer; the session ends later
    TAKE = "take"  # made longer by taking time from later segments


@dataclass(frozen=True)
class RunStateChanged:
    """The run started, paused, resumed or finished."""

    state: RunState
    at: float


@dataclass(frozen=True)
class SegmentChanged:
    """A segment became the current one."""

    index: int
    previous: int | None  # the segment left, None at the start
    how: Move
    at: float


@dataclass(frozen=True)
class PromptDue:
    """A prompt is due now: show it until it is done, snoozed or its segment ends."""

    key: str  # unique within the run: "3:1" (segment 3, prompt 1) or "break:1"
    title: str
    text: str
    segment_index: int
    at: float
    ref: str = ""  # the deck prompt's id, if it came from the deck
    repeat: int = 0  # how many times it was snoozed before coming back


@dataclass(frozen=True)
class PromptCleared:
    """A prompt went away from the panel."""

    key: str
    outcome: Outcome
    at: float


@dataclass(frozen=True)
class Overrun:
    """The current segment's time is up and the run has not moved on."""

    index: int
    at: float  # when the time ran out


@dataclass(frozen=True)
class SegmentAdjusted:
    """The current segment was made longer, perhaps with time taken from later ones."""

    index: int
    how: Adjustment
    added: float  # seconds added to this segment
    taken: tuple[tuple[int, float], ...]  # (later segment, seconds taken from it)
    at: float

    @property
    def shortfall(self) -> float:
        """Seconds that could not be found in later segments (the session ends later by this)."""
        if self.how == Adjustment.EXTEND:
            return self.added
        return max(0.0, self.added - sum(seconds for _index, seconds in self.taken))


FacilitationEvent = (
    RunStateChanged | SegmentChanged | PromptDue | PromptCleared | Overrun | SegmentAdjusted
)
