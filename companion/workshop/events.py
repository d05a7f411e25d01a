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


WorkshopEvent = RunStarted | RunEnded
