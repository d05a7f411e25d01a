"""A snapshot of a run for display: where it is, how long is left, what is next."""

from __future__ import annotations

from dataclasses import dataclass

from companion.facilitation.events import PromptDue, RunState
from companion.facilitation.model import Segment


@dataclass(frozen=True)
class UpcomingPrompt:
    """The next prompt that will fall due, and in how long."""

    title: str
    segment_index: int
    in_seconds: float


@dataclass(frozen=True)
class RunStatus:
    """Everything a view shows about a run at one moment."""

    state: RunState
    index: int  # the current segment
    segment: Segment
    elapsed: float  # active seconds in the current segment (all visits)
    length: float  # its length now, extensions included
    lengths: tuple[float, ...]  # every segment's length now
    spent: tuple[float, ...]  # active seconds spent in each segment so far
    session_elapsed: float  # active seconds since the start
    planned_total: float  # the plan's length in seconds, before any change
    next_segment: Segment | None
    next_prompt: UpcomingPrompt | None
    due: tuple[PromptDue, ...]  # showing now, oldest first

    @property
    def remaining(self) -> float:
        """Seconds left in the segment; negative once it runs over."""
        return self.length - self.elapsed

    @property
    def over(self) -> bool:
        return self.elapsed >= self.length

    @property
    def session_left(self) -> float:
        """Seconds left in the session if every later segment takes its time."""
        return max(0.0, self.remaining) + sum(self.lengths[self.index + 1 :])

    @property
    def behind(self) -> float:
        """Seconds the session is projected to end after its planned end (negative: early)."""
        return self.session_elapsed + self.session_left - self.planned_total
