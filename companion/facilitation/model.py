"""Plans, segments, prompts and the prompt deck: plain frozen data."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from companion.facilitation.offsets import Offset


class SegmentKind(str, Enum):
    """What the group does in a segment."""

    WELCOME = "welcome"  # arriving, the plenary, the purpose of the session
    CHECK_IN = "check-in"  # names, pronouns, access needs, how we work
    REFLECT = "reflect"  # quiet time alone to think or write
    ROUND = "round"  # each person in turn, no discussion
    DISCUSSION = "discussion"  # open conversation on the core questions
    PAIRS = "pairs"  # two people together
    TRIOS = "trios"  # three people together
    SUMMARY = "summary"  # saying back and agreeing what goes in the notes
    BREAK = "break"  # away from the screen
    CLOSE = "close"  # check-out, thanks, what happens next


class Moment(str, Enum):
    """When in a session a deck prompt belongs."""

    OPENING = "opening"  # the start of the group's time together
    DURING = "during"  # while the group talks
    CLOSING = "closing"  # agreeing notes, actions, credit
    BREAK = "break"  # breaks, about every hour


@dataclass(frozen=True)
class DeckPrompt:
    """One inclusive-facilitation prompt of the deck, referred to by ``id``."""

    id: str  # lower-case words joined by hyphens, e.g. "not-heard"
    moment: Moment
    title: str  # short, read at a glance: "Who have we not heard from?"
    text: str  # what to do or say


@dataclass(frozen=True)
class Deck:
    """The prompt deck: every prompt plans can refer to by id."""

    title: str
    prompts: tuple[DeckPrompt, ...]

    def get(self, prompt_id: str) -> DeckPrompt | None:
        return next((p for p in self.prompts if p.id == prompt_id), None)

    def ids(self) -> list[str]:
        return [p.id for p in self.prompts]

    def by_moment(self, moment: Moment) -> list[DeckPrompt]:
        return [p for p in self.prompts if p.moment == moment]


@dataclass(frozen=True)
class PlanPrompt:
    """A prompt placed in a segment: from the deck (``ref``) or in the plan's own words."""

    at: Offset  # when it becomes due inside the segment
    title: str  # shown large; the deck's title, or the plan's own
    text: str  # what to do or say
    ref: str = ""  # the deck prompt's id; empty for the plan's own prompt
    moment: Moment | None = None  # the deck prompt's moment, if from the deck

    @property
    def own(self) -> bool:
        """True when the plan wrote this prompt itself rather than using the deck."""
        return not self.ref


@dataclass(frozen=True)
class Segment:
    """One part of a session, in order, with its length and prompts."""

    title: str
    kind: SegmentKind
    minutes: float  # planned length, more than 0
    questions: tuple[str, ...] = ()  # the core questions to read out
    guide: str = ""  # a short note to the facilitator about this segment
    prompts: tuple[PlanPrompt, ...] = ()

    @property
    def seconds(self) -> float:
        return self.minutes * 60.0


@dataclass(frozen=True)
class PlanTheme:
    """A theme of the programme's codebook, shared with facilitators inside the plan."""

    name: str  # as groups tag notes with it: "Voice and inclusion"
    description: str = ""  # what belongs under it, for the note-taker
    colour: str = ""  # "#rrggbb", or empty for the next colour of the palette


@dataclass(frozen=True)
class Plan:
    """A timed session plan: segments in order, and how it is named and grouped."""

    name: str  # the file name without ".toml"; how commands refer to it
    title: str
    segments: tuple[Segment, ...]
    description: str = ""
    series: str = ""  # plans of one series are listed together, in ``order``
    order: int = 0
    break_every: float | None = None  # minutes; offer a break after this long without one
    # The programme's codebook: the themes every group tags its notes with.
    themes: tuple[PlanTheme, ...] = ()

    @property
    def total_minutes(self) -> float:
        return sum(s.minutes for s in self.segments)

    def starts(self) -> list[float]:
        """Each segment's planned start, in minutes from the session's start."""
        found: list[float] = []
        total = 0.0
        for segment in self.segments:
            found.append(total)
            total += segment.minutes
        return found
