"""Gentle nudges for the facilitator: who has not been heard, who holds the floor.

``NudgeMonitor.check(stats, people)`` compares the figures with the rules and
returns the nudges that start and the ones that no longer hold. A dismissed
nudge stays away for ``snooze`` seconds, then comes back only if it still
holds. A member who passed is not nudged again until the silence rule's time
has gone by since the pass: a pass is respected.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Literal

from companion.settings_values import positive
from companion.timefmt import spoken, whole_minutes
from companion.turns.metrics import GroupStats, MemberStats, percent
from companion.turns.wording import NudgeKind, phrase

ClearReason = Literal["dismissed", "resolved", "off"]
_HYSTERESIS = 0.1  # a share nudge ends only once the share is 10% back inside the limit


@dataclass(frozen=True, slots=True)
class NudgeRules:
    """When nudges come; all times in seconds, every number above zero."""

    enabled: bool = True  # nudges can be turned off
    # N: someone has not spoken for this long
    not_heard_after: float = field(default=600.0, metadata=positive())
    # share nudges only once the session is this long
    share_after: float = field(default=600.0, metadata=positive())
    # below this fraction of an equal share is "far below"
    low_share: float = field(default=0.5, metadata=positive())
    # above this multiple of an equal share is "far above"
    high_share: float = field(default=2.0, metadata=positive())
    # M: one person has held the floor this long
    long_turn: float = field(default=180.0, metadata=positive())
    # a dismissed nudge stays away this long
    snooze: float = field(default=300.0, metadata=positive())

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> NudgeRules:
        """Rules from saved settings; unknown keys and bad values fall back to defaults."""
        default = cls()
        values: dict[str, Any] = {}
        for f in fields(cls):
            value = data.get(f.name, getattr(default, f.name))
            wanted = type(getattr(default, f.name))
            if wanted is bool:
                values[f.name] = value if isinstance(value, bool) else getattr(default, f.name)
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and value > 0:
                values[f.name] = float(value)
            else:
                values[f.name] = getattr(default, f.name)
        return cls(**values)


@dataclass(frozen=True, slots=True)
class Person:
    """How a member is named: in the facilitator's view, aloud, and how to say it."""

    label: str  # unique in the roster ("Sam (2)")
    name: str  # as they want to be called (their "call me" name), for the spoken words
    pronunciation: str = ""
    pronouns: str = ""  # shown beside the name ("she/her"), never said for them

    @property
    def shown(self) -> str:
        """The label with pronouns, as the facilitator reads it: "Mei-Ling (she/her)"."""
        return f"{self.label} ({self.pronouns})" if self.pronouns else self.label


@dataclass(frozen=True, slots=True)
class Nudge:
    """A suggestion for the facilitator's eyes only."""

    id: int
    kind: NudgeKind
    member: int
    label: str  # the member's label in the roster
    reason: str  # why, in a sentence: "Sam has not spoken in the first 10 minutes."
    words: str  # words the facilitator could use
    pronunciation: str  # how to say the name, if recorded
    raised_at: float  # clock time
    name: str = ""  # the name to say (their "call me" name)
    pronouns: str = ""  # shown beside the name

    @property
    def shown(self) -> str:
        """Who it is about, with pronouns: "Mei-Ling Chen (she/her)"."""
        return f"{self.label} ({self.pronouns})" if self.pronouns else self.label


Key = tuple[NudgeKind, int]
_ORDER = (
    NudgeKind.LONG_TURN,
    NudgeKind.NOT_HEARD,
    NudgeKind.QUIET,
    NudgeKind.LOW_SHARE,
    NudgeKind.HIGH_SHARE,
)


class NudgeMonitor:
    """Keeps the nudges showing, raises new ones and withdraws those that no longer hold."""

    def __init__(self, rules: NudgeRules | None = None) -> None:
        self.rules = rules or NudgeRules()
        self._active: dict[Key, Nudge] = {}
        self._snoozed: dict[Key, float] = {}
        self._next_id = 1
        self._phrasings: dict[NudgeKind, int] = {}

    @property
    def active(self) -> tuple[Nudge, ...]:
        """Nudges showing, most pressing first."""
        return tuple(sorted(self._active.values(), key=lambda n: (_ORDER.index(n.kind), n.id)))

    def check(
        self, stats: GroupStats, people: Mapping[int, Person]
    ) -> tuple[list[Nudge], list[tuple[Nudge, ClearReason]]]:
        """Compare the figures with the rules: (nudges raised, nudges withdrawn)."""
        if not self.rules.enabled:
            return [], []
        holding = self._holding(stats)
        cleared: list[tuple[Nudge, ClearReason]] = []
        for key in [k for k in self._active if k not in holding or k[1] not in people]:
            cleared.append((self._active.pop(key), "resolved"))
        raised: list[Nudge] = []
        for key in sorted(holding, key=lambda k: (_ORDER.index(k[0]), k[1])):
            if key in self._active or key[1] not in people:
                continue
            if self._snoozed.get(key, float("-inf")) > stats.now:
                continue
            nudge = self._make(key, stats, people[key[1]])
            self._active[key] = nudge
            raised.append(nudge)
        return raised, cleared

    def dismiss(self, nudge_id: int, now: float) -> Nudge | None:
        """The facilitator dismissed a nudge: it stays away for ``snooze`` seconds."""
        for key, nudge in list(self._active.items()):
            if nudge.id == nudge_id:
                del self._active[key]
                self._snoozed[key] = now + self.rules.snooze
                return nudge
        return None

    def set_rules(self, rules: NudgeRules) -> list[Nudge]:
        """Use new rules; returns the nudges withdrawn (all of them if nudges are turned off)."""
        self.rules = rules
        if rules.enabled:
            return []
        withdrawn = list(self._active.values())
        self._active.clear()
        return withdrawn

    def reset(self) -> list[Nudge]:
        """Forget every nudge (a new session); returns those that were showing."""
        withdrawn = list(self._active.values())
        self._active.clear()
        self._snoozed.clear()
        return withdrawn

    # -- rules -----------------------------------------------------------

    def _holding(self, stats: GroupStats) -> set[Key]:
        rules = self.rules
        found: set[Key] = set()
        here = [m for m in stats.members if not m.away]
        for m in here:
            if m.speaking and stats.current_turn >= rules.long_turn:
                found.add((NudgeKind.LONG_TURN, m.member))
            if self._respect_pass(m):
                continue
            if not m.heard:
                if stats.elapsed >= rules.not_heard_after:
                    found.add((NudgeKind.NOT_HEARD, m.member))
            elif (
                not m.speaking
                and m.since_spoke is not None
                and m.since_spoke >= rules.not_heard_after
            ):
                found.add((NudgeKind.QUIET, m.member))
        if stats.elapsed < rules.share_after or len(here) < 2 or stats.total_talk <= 0:
            return found
        for m in here:
            key_low, key_high = (NudgeKind.LOW_SHARE, m.member), (NudgeKind.HIGH_SHARE, m.member)
            slack_low = _HYSTERESIS if key_low in self._active else 0.0
            slack_high = _HYSTERESIS if key_high in self._active else 0.0
            quiet = (NudgeKind.QUIET, m.member) in found
            if (
                m.heard
                and not m.speaking
                and not quiet
                and not self._respect_pass(m)
                and m.ratio < rules.low_share * (1 + slack_low)
            ):
                found.add(key_low)
            if m.ratio > rules.high_share * (1 - slack_high) and (
                (NudgeKind.LONG_TURN, m.member) not in found
            ):
                found.add(key_high)
        return found

    def _respect_pass(self, m: MemberStats) -> bool:
        return m.since_passed is not None and m.since_passed < self.rules.not_heard_after

    # -- words -----------------------------------------------------------

    def _make(self, key: Key, stats: GroupStats, person: Person) -> Nudge:
        kind, member = key
        m = stats.member(member)
        turn = self._phrasings.get(kind, 0)
        self._phrasings[kind] = turn + 1
        nudge = Nudge(
            id=self._next_id,
            kind=kind,
            member=member,
            label=person.label,
            reason=_reason(kind, m, stats, person.shown),
            words=phrase(kind, person.name, turn),
            pronunciation=person.pronunciation,
            raised_at=stats.now,
            name=person.name,
            pronouns=person.pronouns,
        )
        self._next_id += 1
        return nudge


def _reason(kind: NudgeKind, m: MemberStats, stats: GroupStats, label: str) -> str:
    share = f"{percent(m.share)} of the talk time; an equal share is {percent(m.equal_share)}"
    if kind is NudgeKind.NOT_HEARD:
        return f"{label} has not spoken yet, {whole_minutes(stats.elapsed)} in."
    if kind is NudgeKind.QUIET:
        return f"{label} has not spoken for {whole_minutes(m.since_spoke or 0.0)}."
    if kind in (NudgeKind.LOW_SHARE, NudgeKind.HIGH_SHARE):
        return f"{label} has had {share}."
    return f"{label} has held the floor for {spoken(stats.current_turn)}."
