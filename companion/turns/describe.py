"""The figures in words: each member's status and the group line, for the screen and readers.

Every flag is a word (and a symbol before it), never a colour alone, and the
same sentences are what a screen reader says for the bar view.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass

from companion.timefmt import clock, spoken, whole_minutes
from companion.turns.metrics import GroupStats, MemberStats, percent
from companion.turns.nudges import NudgeRules


class Flag(enum.Enum):
    """What stands out about a member, in words (shown after a symbol, never colour alone)."""

    SPEAKING = "Speaking"
    NOT_HEARD = "Not heard yet"
    PASSED = "Passed"
    BELOW = "Low share"  # far below an equal share
    ABOVE = "High share"  # far above an equal share
    HAND = "Hand up"
    AWAY = "Away today"

    @property
    def symbol(self) -> str:
        return _SYMBOLS[self]


_SYMBOLS = {
    Flag.SPEAKING: "▶",
    Flag.NOT_HEARD: "○",
    Flag.PASSED: "–",
    Flag.BELOW: "↓",
    Flag.ABOVE: "↑",
    Flag.HAND: "☝",
    Flag.AWAY: "×",
}


@dataclass(frozen=True, slots=True)
class Status:
    """A member's flags and, for the queue, their place in it."""

    flags: tuple[Flag, ...]
    hand_place: int | None = None

    def words(self) -> list[str]:
        """Each flag in words: "Speaking", "Hand up (2nd)"."""
        return [
            f"Hand up ({ordinal(self.hand_place)})"
            if flag is Flag.HAND and self.hand_place is not None
            else flag.value
            for flag in self.flags
        ]

    def text(self, separator: str = ", ") -> str:
        """For the status column: each flag after its symbol, "▶ Speaking, ☝ Hand up (2nd)"."""
        return separator.join(
            f"{flag.symbol} {words}" for flag, words in zip(self.flags, self.words(), strict=True)
        )

    @property
    def quiet(self) -> bool:
        """Flagged as a quieter voice (not heard yet, or far below an equal share)."""
        return Flag.NOT_HEARD in self.flags or Flag.BELOW in self.flags


def ordinal(n: int) -> str:
    """1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def member_status(
    m: MemberStats, stats: GroupStats, rules: NudgeRules, hand_place: int | None = None
) -> Status:
    """The flags for one member: speaking, not heard, passed, far from equal, hand, away."""
    flags: list[Flag] = []
    if m.away:
        flags.append(Flag.AWAY)
    if m.speaking:
        flags.append(Flag.SPEAKING)
    if not m.away and not m.heard:
        flags.append(Flag.PASSED if m.passes else Flag.NOT_HEARD)
    elif m.passes and not m.speaking:
        flags.append(Flag.PASSED)
    if not m.away and m.heard and stats.elapsed >= rules.share_after and stats.present > 1:
        if m.ratio < rules.low_share:
            flags.append(Flag.BELOW)
        elif m.ratio > rules.high_share:
            flags.append(Flag.ABOVE)
    if hand_place is not None:
        flags.append(Flag.HAND)
    return Status(tuple(flags), hand_place)


def member_sentence(m: MemberStats, label: str, key: str | None, status: Status) -> str:
    """Everything about one member in a sentence, for screen readers."""
    parts = [label + (f", key {key}" if key else "")]
    if status.flags:
        parts.append(", ".join(status.words()).lower())
    if m.heard:
        parts.append(
            f"{spoken(m.talk)} of talk, {percent(m.share)} of all talk "
            f"(an equal share is {percent(m.equal_share)})"
        )
        parts.append(f"{m.turns} {'turn' if m.turns == 1 else 'turns'}")
        parts.append(f"longest {spoken(m.longest_turn)}")
        if m.since_spoke:
            whole = int(m.since_spoke // 60)  # whole minutes, as the table cell shows
            ago = whole_minutes(whole * 60) if whole else "under 1 minute"
            parts.append(f"last spoke {ago} ago")
    return ". ".join(part[:1].upper() + part[1:] for part in parts) + "."


def since_text(m: MemberStats) -> str:
    """The "last spoke" cell, in whole minutes: "now", "<1 min", "12 min", or "—" if never.

    Whole minutes are what a facilitator needs, and a cell that changes once a
    minute rather than every second keeps the table calm (and cheap to redraw).
    """
    if m.speaking:
        return "now"
    if m.since_spoke is None:
        return "—"
    whole = int(m.since_spoke // 60)
    return "<1 min" if whole < 1 else f"{whole} min"


def group_line(stats: GroupStats, labels: Mapping[int, str]) -> str:
    """The group at a glance: time, turns, equality, who has not been heard yet."""
    if stats.elapsed <= 0 and stats.speaker is None and not stats.turns:
        return (
            "Tracking starts at the first mark: press a member's key (1–9, 0) "
            "or click their row when they speak."
        )
    parts = [
        f"{clock(stats.elapsed)} tracked",
        f"{stats.turns} {'turn' if stats.turns == 1 else 'turns'}",
        f"equality {stats.gini:.2f} (0 = equal, {stats.max_gini:.2f} = one voice)",
    ]
    not_heard = [labels[m] for m in stats.not_heard if m in labels]
    parts.append("not heard yet: " + (", ".join(not_heard) if not_heard else "nobody"))
    passed = [labels[m] for m in stats.passed_only if m in labels]
    if passed:
        parts.append("passed: " + ", ".join(passed))
    line = " · ".join(parts)
    return line[0].upper() + line[1:]
