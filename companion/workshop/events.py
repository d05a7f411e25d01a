"""What the workshop coordinator tells the features (frozen, Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Place:
    """Where the workshop is: a group in a session of a programme, by id and by name."""

    programme_id: int
    session_id: int
    group_id: int
    programme: str  # the programme's name, e.g. the plan's series
    session: str  # the session's title
    group: str  # the group's name


@dataclass(frozen=True, slots=True)
class RunStarted:
    """A plan run started for a group: Turns tracks the group, Notes opens its page."""

    place: Place
    run_id: int | None  # the stored run, None when it could not be saved
    plan_title: str
    questions: tuple[str, ...]  # the plan's core questions, in order


@dataclass(frozen=True, slots=True)
class RunEnded:
    """The plan run finished or was replaced; the place stays until another is chosen."""

    place: Place
    run_id: int | None


@dataclass(frozen=True, slots=True)
class SegmentStarted:
    """The run moved to a segment: Notes opens the section of its first question."""

    place: Place
    index: int  # the segment's place in the plan, from 0
    title: str
    questions: tuple[str, ...]  # this segment's core questions, in order (often none)


@dataclass(frozen=True, slots=True)
class AttentionCalled:
    """Something the facilitator should see from any area: a due prompt, an overrun."""

    text: str  # what is due now, shown in the status line of every area ("" when nothing)
    say: str = ""  # what is new, for screen readers (politely); "" for a quiet update


@dataclass(frozen=True, slots=True)
class ParticipationFiled:
    """The end-of-session participation and attendance went into the group's notes."""

    place: Place
    section: str  # the notes section they are in


WorkshopEvent = RunStarted | RunEnded | SegmentStarted | AttentionCalled | ParticipationFiled
