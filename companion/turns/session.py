"""One group's turn-taking in one session: the roster, the tracker, the queue and nudges.

``TurnsSession`` is what the Turns area drives: marks, passes, hands, undo and
voice readings go in; ``events`` (``companion.turns.events``) come out. Call
``tick()`` about once a second so the figures, clock jumps and nudges stay
current. The figures live in memory only; ``summary()`` builds the totals the
facilitator may choose to keep.
"""

from __future__ import annotations

from collections.abc import Collection

from companion.clock import Clock
from companion.signal import Signal
from companion.turns.events import (
    HandsChanged,
    NudgeCleared,
    NudgeRaised,
    PassMarked,
    RosterChanged,
    SessionReset,
    StatsChanged,
    TurnChanged,
    TurnReason,
    TurnsEvent,
)
from companion.turns.metrics import GroupStats, compute
from companion.turns.nudges import NudgeMonitor, NudgeRules, Person
from companion.turns.queue import HandQueue, QueueOrder, QueueState
from companion.turns.roster import Member, Roster
from companion.turns.summary import ParticipationSummary, build_summary
from companion.turns.tracker import TrackerConfig, TurnTracker


class TurnsSession:
    """Turn-taking for one group: feed it marks and voice, read its events."""

    def __init__(
        self,
        roster: Roster,
        clock: Clock,
        *,
        config: TrackerConfig | None = None,
        rules: NudgeRules | None = None,
    ) -> None:
        self.roster = roster
        self.clock = clock
        self.config = config or TrackerConfig()
        self.events: Signal[TurnsEvent] = Signal()
        self.tracker = TurnTracker(clock, self.config)
        self.queue = HandQueue(self._talk_of)
        self.nudges = NudgeMonitor(rules)
        self.away: set[int] = set()
        self._queue_before: list[QueueState] = []  # the queue before each undoable mark
        self._speaker: int | None = None
        self._stats = self._compute()
        self._known = set(roster.ids)
        roster.changed.connect(self._on_roster_changed)

    # -- reading ---------------------------------------------------------

    @property
    def stats(self) -> GroupStats:
        """The latest figures (as of the last tick or mark)."""
        return self._stats

    @property
    def speaker(self) -> int | None:
        return self.tracker.speaker

    @property
    def started(self) -> bool:
        return self.tracker.started

    @property
    def can_undo(self) -> bool:
        return self.tracker.can_undo

    def people(self) -> dict[int, Person]:
        labels = self.roster.labels()
        return {
            m.id: Person(
                labels[m.id], m.details.spoken, m.details.pronunciation, m.details.pronouns
            )
            for m in self.roster
        }

    # -- marks -----------------------------------------------------------

    def speak(self, member: int) -> None:
        """``member`` is speaking now (their raised hand goes down)."""
        if member not in self.roster:
            return
        before = self.queue.state()
        if self.tracker.speak(member):
            self._queue_before.append(before)
            if self.queue.lower_hand(member):
                self._emit_hands()
        self._update("mark")

    def speak_key(self, key: str) -> Member | None:
        """Mark the member with shortcut ``key`` ("1".."9", "0"); None if no such member."""
        member = self.roster.at_key(key)
        if member is not None:
            self.speak(member.id)
        return member

    def nobody(self) -> None:
        if self.tracker.nobody():
            self._queue_before.append(self.queue.state())
        self._update("mark")

    def pass_turn(self, member: int) -> None:
        """``member`` passed: it is respected, and their hand goes down."""
        if member not in self.roster:
            return
        before = self.queue.state()
        self.tracker.pass_turn(member)
        self._queue_before.append(before)
        if self.queue.lower_hand(member):
            self._emit_hands()
        self.events.emit(PassMarked(member, self.clock()))
        self._update("pass")

    def fix_turn(self, member: int, turn: int | None = None) -> bool:
        """The latest turn (or turn number ``turn``) was really ``member``'s."""
        if member not in self.roster:
            return False
        before = self.queue.state()
        if not self.tracker.fix(member, turn):
            return False
        self._queue_before.append(before)
        self._update("fix")
        return True

    def undo(self) -> bool:
        """Take back the latest mark, pass or fix; False if there is nothing to undo."""
        if self.tracker.undo() is None:
            return False
        if self._queue_before:
            self.queue.restore(self._queue_before.pop())
            self._emit_hands()
        self._update("undo")
        return True

    def set_away(self, member: int, away: bool) -> None:
        """Mark a member as not here today (left out of shares, equality and nudges)."""
        if away:
            self.away.add(member)
            if self.queue.lower_hand(member):
                self._emit_hands()
        else:
            self.away.discard(member)
        self._update("mark")

    # -- hands -----------------------------------------------------------

    def raise_hand(self, member: int) -> None:
        if member in self.roster and self.queue.raise_hand(member):
            self._emit_hands()

    def lower_hand(self, member: int) -> None:
        if self.queue.lower_hand(member):
            self._emit_hands()

    def next_hand(self) -> int | None:
        """Give the floor to the first raised hand; returns who (None if nobody waits)."""
        first = self.queue.members()[0] if len(self.queue) else None
        if first is not None:
            self.speak(first)
        return first

    def move_hand(self, member: int, place: int) -> None:
        if self.queue.move(member, place):
            self._emit_hands()

    def set_queue_order(self, order: QueueOrder) -> None:
        self.queue.set_order(order)
        self._emit_hands()

    # -- voice -----------------------------------------------------------

    def set_voice_assisted(self, on: bool) -> None:
        self.tracker.set_voice_assisted(on)
        self._update("silence")

    def set_silence_end(self, seconds: float) -> None:
        self.config = TrackerConfig(self.config.max_gap, seconds, self.config.voice_stale)
        self.tracker.set_silence_end(seconds)

    def voice(self, heard: bool) -> None:
        """A voice detector reading (many a second): only a turn's end is reported at once."""
        self.tracker.voice(heard)
        if self.tracker.speaker != self._speaker:
            self._update("silence")

    def voice_lost(self) -> None:
        """The audio stopped; count by keys alone until readings come again."""
        self.tracker.voice_lost()

    # -- nudges ----------------------------------------------------------

    def dismiss_nudge(self, nudge_id: int) -> None:
        nudge = self.nudges.dismiss(nudge_id, self.clock())
        if nudge is not None:
            self.events.emit(NudgeCleared(nudge, "dismissed"))

    def set_rules(self, rules: NudgeRules) -> None:
        for nudge in self.nudges.set_rules(rules):
            self.events.emit(NudgeCleared(nudge, "off"))
        self._update("mark")

    # -- time and the whole session --------------------------------------

    def tick(self) -> GroupStats:
        """Bring the figures up to now, check the nudges, and report; returns the figures."""
        self.tracker.tick()
        self._update("silence")
        return self._stats

    def reset(self) -> None:
        """Start again from nothing (the figures so far are forgotten, not kept)."""
        voice_assisted = self.tracker.voice_assisted
        self.tracker = TurnTracker(self.clock, self.config)
        if voice_assisted:
            self.tracker.set_voice_assisted(True)
        self.queue.clear()
        self._queue_before.clear()
        for nudge in self.nudges.reset():
            self.events.emit(NudgeCleared(nudge, "off"))
        self.events.emit(SessionReset(self.clock()))
        self._emit_hands()
        self._update("reset")

    def summary(self, anonymise: Collection[int] = (), group: str = "") -> ParticipationSummary:
        """Per member totals (never a timeline); members in ``anonymise`` lose their names."""
        self.tick()
        labels = self.roster.labels()
        roles = {m.id: m.details.role for m in self.roster}
        return build_summary(self._stats, labels, roles, anonymise, group)

    # -- inside ----------------------------------------------------------

    def _talk_of(self, member: int) -> float:
        try:
            return self._stats.member(member).talk
        except KeyError:
            return 0.0

    def _compute(self) -> GroupStats:
        return compute(self.tracker.ledger, self.roster.ids, self.away, self.clock())

    def _update(self, reason: TurnReason) -> None:
        self._stats = self._compute()
        speaker = self.tracker.speaker
        if speaker != self._speaker:
            previous, self._speaker = self._speaker, speaker
            self.events.emit(TurnChanged(speaker, previous, self.clock(), reason))
        raised, cleared = self.nudges.check(self._stats, self.people())
        for nudge, why in cleared:
            self.events.emit(NudgeCleared(nudge, why))
        for nudge in raised:
            self.events.emit(NudgeRaised(nudge))
        self.events.emit(StatsChanged(self._stats))

    def _emit_hands(self) -> None:
        self.events.emit(HandsChanged(self.queue.members(), self.queue.order))

    def _on_roster_changed(self, members: tuple[Member, ...]) -> None:
        ids = {m.id for m in members}
        for gone in self._known - ids:
            self.tracker.forget(gone)
            self.away.discard(gone)
            if self.queue.lower_hand(gone):
                self._emit_hands()
        self._known = ids
        self.events.emit(RosterChanged(members))
        self._update("removed")
