"""Per member and group figures: talk, shares against an equal share, turns, not heard yet."""

from __future__ import annotations

from pytest import approx

from companion.clock import ManualClock
from companion.turns.metrics import compute
from companion.turns.tracker import TurnTracker

A, B, C, D = 1, 2, 3, 4
MEMBERS = [A, B, C, D]


def run(tracker: TurnTracker, clock: ManualClock, seconds: float) -> None:
    for _ in range(int(seconds)):
        clock.advance(1.0)
        tracker.tick()


def scenario() -> tuple[TurnTracker, ManualClock]:
    clock = ManualClock()
    tracker = TurnTracker(clock)
    for member, seconds in ((A, 60), (B, 20), (A, 100), (C, 20), (None, 10), (A, 10)):
        if member is None:
            tracker.nobody()
        else:
            tracker.speak(member)
        run(tracker, clock, seconds)
    tracker.pass_turn(D)
    run(tracker, clock, 30)  # A carries on: the pass does not end A's turn
    return tracker, clock


def test_member_figures() -> None:
    tracker, clock = scenario()
    stats = compute(tracker.ledger, MEMBERS, now=clock())
    a, b, c, d = stats.members
    assert (a.talk, b.talk, c.talk, d.talk) == (200, 20, 20, 0)
    assert a.share == approx(200 / 240) and b.share == approx(20 / 240)
    assert a.equal_share == 0.25 and a.ratio == approx(200 / 240 * 4)
    assert (a.turns, b.turns, c.turns, d.turns) == (3, 1, 1, 0)
    assert a.longest_turn == 100 and b.longest_turn == 20
    assert a.speaking and a.since_spoke == 0
    assert b.since_spoke == clock() - 80  # B's turn ended at 80 s
    assert c.since_spoke == clock() - 200
    assert d.since_spoke is None and d.passes == 1 and d.since_passed == 30
    assert stats.turns == 5 and stats.total_talk == 240 and stats.elapsed == 250
    assert stats.speaker == A and stats.current_turn == 40
    assert stats.not_heard == () and stats.passed_only == (D,)


def test_away_members_are_left_out_of_equal_share_and_equality() -> None:
    tracker, clock = scenario()
    stats = compute(tracker.ledger, MEMBERS, away=[D], now=clock())
    assert stats.present == 3
    assert stats.member(A).equal_share == approx(1 / 3)
    assert stats.member(D).equal_share == 0 and stats.member(D).ratio == 0
    assert stats.gini == approx(0.5)  # [200, 20, 20]: pairs 180*4 = 720 / (2*9*80) = 0.5
    assert stats.max_gini == approx(2 / 3)


def test_not_heard_yet_before_anyone_speaks() -> None:
    clock = ManualClock()
    tracker = TurnTracker(clock)
    stats = compute(tracker.ledger, MEMBERS, now=clock())
    assert stats.not_heard == (A, B, C, D)
    assert stats.gini == 0 and stats.total_talk == 0
    assert all(m.share == 0 and m.since_spoke is None for m in stats.members)


def test_turns_of_members_no_longer_listed_do_not_count() -> None:
    tracker, clock = scenario()
    stats = compute(tracker.ledger, [B, C], now=clock())
    assert stats.total_talk == 40 and stats.speaker is None
