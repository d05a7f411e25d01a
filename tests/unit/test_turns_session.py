"""The session: events out for every change, the queue with undo, roster changes, reset."""

from __future__ import annotations

from companion.clock import ManualClock
from companion.turns.events import (
    HandsChanged,
    NudgeCleared,
    NudgeRaised,
    PassMarked,
    RosterChanged,
    SessionReset,
    StatsChanged,
    TurnChanged,
    TurnsEvent,
)
from companion.turns.nudges import NudgeRules
from companion.turns.queue import QueueOrder
from companion.turns.roster import MemberDetails, Roster
from companion.turns.session import TurnsSession
from companion.turns.tracker import TrackerConfig


def make(count: int = 4, **options: object) -> tuple[TurnsSession, ManualClock, list[TurnsEvent]]:
    roster = Roster()
    roster.add_many([MemberDetails(f"M{i}") for i in range(1, count + 1)])
    clock = ManualClock()
    session = TurnsSession(roster, clock, **options)  # type: ignore[arg-type]
    events: list[TurnsEvent] = []
    session.events.connect(events.append)
    return session, clock, events


def of(events: list[TurnsEvent], kind: type) -> list[TurnsEvent]:
    return [e for e in events if isinstance(e, kind)]


def test_marks_emit_turn_changes_and_stats() -> None:
    session, clock, events = make()
    a, b = session.roster.ids[:2]
    session.speak(a)
    clock.advance(1)
    session.speak_key("2")
    session.nobody()
    session.nobody()  # nobody already: no event
    assert [(e.speaker, e.previous) for e in of(events, TurnChanged)] == [  # type: ignore[attr-defined]
        (a, None),
        (b, a),
        (None, b),
    ]
    assert len(of(events, StatsChanged)) == 4
    assert session.speak_key("9") is None


def test_unknown_members_are_ignored() -> None:
    session, _clock, events = make()
    session.speak(999)
    session.pass_turn(999)
    session.raise_hand(999)
    assert session.speaker is None and of(events, TurnChanged) == []
    assert not session.fix_turn(999)


def test_hands_go_down_when_someone_speaks_and_come_back_on_undo() -> None:
    session, _clock, events = make()
    a, b, c, _d = session.roster.ids
    session.speak(a)
    session.raise_hand(b)
    session.raise_hand(c)
    assert session.next_hand() == b
    assert session.speaker == b and session.queue.members() == (c,)
    session.undo()
    assert session.speaker == a and session.queue.members() == (b, c)
    session.pass_turn(c)
    assert session.queue.members() == (b,)
    assert of(events, PassMarked)[-1].member == c  # type: ignore[attr-defined]
    session.undo()
    assert session.queue.members() == (b, c)
    assert isinstance(events[-1], StatsChanged)
    assert of(events, HandsChanged)[-1].hands == (b, c)  # type: ignore[attr-defined]


def test_progressive_stack_orders_by_talk_so_far() -> None:
    session, clock, _events = make()
    a, b, c, _d = session.roster.ids
    session.speak(a)
    for _ in range(30):
        clock.advance(1)
        session.tick()
    session.speak(b)
    for _ in range(10):
        clock.advance(1)
        session.tick()
    session.nobody()
    for member in (a, b, c):
        session.raise_hand(member)
    session.set_queue_order(QueueOrder.LEAST_TALK)
    assert session.queue.members() == (c, b, a)
    session.move_hand(a, 0)
    assert session.queue.order is QueueOrder.ARRANGED
    assert session.queue.members() == (a, c, b)
    session.lower_hand(c)
    assert session.queue.members() == (a, b)


def test_fixing_the_last_turn() -> None:
    session, clock, events = make()
    a, b, *_ = session.roster.ids
    session.speak(a)
    clock.advance(5)
    assert session.fix_turn(b)
    assert session.speaker == b
    assert of(events, TurnChanged)[-1].reason == "fix"  # type: ignore[attr-defined]
    session.tick()
    assert session.stats.member(b).talk == 5


def test_removing_a_member_forgets_their_talk_and_hand() -> None:
    session, clock, events = make()
    a, b, c, _d = session.roster.ids
    session.speak(a)
    clock.advance(5)
    session.speak(b)
    session.raise_hand(c)
    clock.advance(5)
    session.roster.remove(b)
    session.roster.remove(c)
    assert session.speaker is None
    assert of(events, RosterChanged)
    assert session.stats.total_talk == 5 and session.queue.members() == ()
    assert len(session.stats.members) == 2


def test_voice_readings_end_a_turn_and_report_it() -> None:
    session, clock, events = make(config=TrackerConfig(silence_end=1.0))
    a = session.roster.ids[0]
    session.set_voice_assisted(True)
    session.speak(a)
    before = len(of(events, StatsChanged))
    for heard in [True] * 5 + [False] * 15:
        clock.advance(0.1)
        session.voice(heard)
    assert session.speaker is None
    assert of(events, TurnChanged)[-1].reason == "silence"  # type: ignore[attr-defined]
    assert len(of(events, StatsChanged)) == before + 1  # not one per reading
    session.voice_lost()
    assert session.tracker.ledger.voice == "unknown"


def test_nudges_are_raised_and_cleared_as_events() -> None:
    session, clock, events = make(rules=NudgeRules(long_turn=10.0))
    a, b, *_ = session.roster.ids
    session.speak(a)
    for _ in range(10):
        clock.advance(1)
        session.tick()
    raised = of(events, NudgeRaised)
    assert len(raised) == 1 and raised[0].nudge.label == "M1"  # type: ignore[attr-defined]
    session.speak(b)
    cleared = of(events, NudgeCleared)
    assert cleared[-1].reason == "resolved"  # type: ignore[attr-defined]


def test_reset_forgets_everything_but_voice_mode() -> None:
    session, clock, events = make()
    a, b, *_ = session.roster.ids
    session.set_voice_assisted(True)
    session.speak(a)
    session.raise_hand(b)
    clock.advance(10)
    session.reset()
    assert of(events, SessionReset)
    assert session.speaker is None and not session.started and not session.can_undo
    assert session.stats.total_talk == 0 and session.queue.members() == ()
    assert session.tracker.voice_assisted


def test_summary_holds_totals_only() -> None:
    session, clock, _events = make()
    a, b, _c, _d = session.roster.ids
    session.roster.edit(b, role="Consultant")
    session.speak(a)
    clock.advance(20)
    session.speak(b)
    clock.advance(10)
    summary = session.summary(anonymise={a}, group="Group 3")
    assert [m.label for m in summary.members] == ["Participant 1", "M2", "M3", "M4"]
    assert summary.members[0].talk_seconds == 20 and summary.members[1].role == "Consultant"
    assert summary.members[0].anonymised and summary.members[0].role == ""
    assert summary.group == "Group 3" and summary.turns == 2 and summary.elapsed_seconds == 30
