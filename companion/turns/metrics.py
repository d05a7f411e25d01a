"""Participation figures from the turns so far: per member and for the group.

``gini`` is the Gini coefficient of talk time: 0 when everyone has talked
equally; ``(n - 1) / n`` when one person of ``n`` did all the talking.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from companion.turns.ledger import Ledger


@dataclass(frozen=True, slots=True)
class MemberStats:
    """One member's participation so far."""

    member: int
    talk: float  # seconds of talk counted
    share: float  # of the group's talk time, 0..1 (0 while nobody has talked)
    equal_share: float  # what an equal share would be: 1 / members here (0 when away)
    turns: int  # turns with some talk counted
    longest_turn: float  # seconds of talk in their longest turn
    since_spoke: float | None  # seconds since their last turn ended; 0 while speaking
    passes: int  # times they passed
    since_passed: float | None  # seconds since they last passed
    speaking: bool  # speaking now
    away: bool  # not here today: left out of shares, equality and nudges

    @property
    def heard(self) -> bool:
        return self.talk > 0

    @property
    def ratio(self) -> float:
        """Share as a multiple of an equal share (1 = exactly equal, 0 when away)."""
        return self.share / self.equal_share if self.equal_share else 0.0


@dataclass(frozen=True, slots=True)
class GroupStats:
    """The group's participation so far; ``members`` in roster order."""

    now: float  # clock time these figures are for
    elapsed: float  # session time counted (from the first mark, clock jumps left out)
    total_talk: float
    turns: int
    gini: float  # 0 = equal talk time
    speaker: int | None
    current_turn: float  # seconds of talk in the current turn so far
    members: tuple[MemberStats, ...]

    @property
    def not_heard(self) -> tuple[int, ...]:
        """Members here who have not spoken and have not passed."""
        return tuple(m.member for m in self.members if not (m.away or m.heard or m.passes))

    @property
    def passed_only(self) -> tuple[int, ...]:
        """Members here who passed and have not spoken."""
        return tuple(m.member for m in self.members if not m.away and not m.heard and m.passes)

    @property
    def present(self) -> int:
        return sum(1 for m in self.members if not m.away)

    @property
    def max_gini(self) -> float:
        """The figure if one person did all the talking: (n - 1) / n."""
        n = self.present
        return (n - 1) / n if n else 0.0

    def member(self, member_id: int) -> MemberStats:
        for stats in self.members:
            if stats.member == member_id:
                return stats
        raise KeyError(member_id)


def gini(values: Iterable[float]) -> float:
    """The Gini coefficient of non-negative ``values``: 0 = equal, (n-1)/n = one has all."""
    data = sorted(max(0.0, v) for v in values)
    n = len(data)
    total = sum(data)
    if n < 2 or total <= 0:
        return 0.0
    # Sum over pairs |x_i - x_j| / (2 n^2 mean), computed in O(n log n) from sorted values.
    weighted = sum((2 * (i + 1) - n - 1) * x for i, x in enumerate(data))
    return weighted / (n * total)


def compute(
    ledger: Ledger, members: Sequence[int], away: Iterable[int] = (), now: float | None = None
) -> GroupStats:
    """The figures for ``members`` (roster order) from ``ledger``, as of ``now``."""
    when = now if now is not None else (ledger.now or 0.0)
    absent = set(away)
    talk = dict.fromkeys(members, 0.0)
    turns = dict.fromkeys(members, 0)
    longest = dict.fromkeys(members, 0.0)
    last_end: dict[int, float] = {}
    for turn in ledger.turns:
        member = turn.member
        if member is None or member not in talk or turn.talk <= 0:
            continue
        talk[member] += turn.talk
        turns[member] += 1
        longest[member] = max(longest[member], turn.talk)
        last_end[member] = turn.end if turn.end is not None else when
    present = [m for m in members if m not in absent]
    total = sum(talk[m] for m in members)
    equal = 1.0 / len(present) if present else 0.0
    speaker = ledger.speaker
    rows = tuple(
        MemberStats(
            member=m,
            talk=talk[m],
            share=talk[m] / total if total > 0 else 0.0,
            equal_share=0.0 if m in absent else equal,
            turns=turns[m],
            longest_turn=longest[m],
            since_spoke=0.0 if m == speaker else _since(when, last_end.get(m)),
            passes=len(ledger.passes.get(m, ())),
            since_passed=_since(when, max(ledger.passes[m])) if ledger.passes.get(m) else None,
            speaking=m == speaker,
            away=m in absent,
        )
        for m in members
    )
    current = ledger.current
    return GroupStats(
        now=when,
        elapsed=ledger.elapsed,
        total_talk=total,
        turns=sum(turns.values()),
        gini=gini(talk[m] for m in present),
        speaker=speaker if speaker in talk else None,
        current_turn=current.talk if current is not None else 0.0,
        members=rows,
    )


def _since(now: float, then: float | None) -> float | None:
    return None if then is None else max(0.0, now - then)


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage, "38%"; a little above 0 shows as "<1%"."""
    if share <= 0 or math.isnan(share):
        return "0%"
    value = round(share * 100)
    return "<1%" if value == 0 else f"{value}%"
