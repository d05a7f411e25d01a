"""The tracker with a fake clock: turns, passes, undo, fixing a turn, clock jumps."""

from __future__ import annotations

import pytest

from companion.clock import ManualClock
from companion.turns.ledger import Nobody, Speak
from companion.turns.metrics import compute
from companion.turns.tracker import TrackerConfig, TurnTracker

A, B, C = 1, 2, 3


def run(tracker: TurnTracker, clock: ManualClock, seconds: float, step: float = 1.0) -> None:
    """Let ``seconds`` pass with a tick every ``step`` seconds, as the app's timer does."""
    left = seconds
    while left > 1e-9:
        clock.advance(min(step, left))
        left -= step
        tracker.tick()


def talk(tracker: TurnTracker) -> dict[int, float]:
    stats = compute(tracker.ledger, [A, B, C], now=tracker.now)
    return {m.member: round(m.talk, 6) for m in stats.members}


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1000.0)


@pytest.fixture
def tracker(clock: ManualClock) -> TurnTracker:
    return TurnTracker(clock)


def test_nothing_counts_before_the_first_mark(tracker: TurnTracker, clock: ManualClock) -> None:
    run(tracker, clock, 120)
    assert not tracker.started and tracker.ledger.elapsed == 0
    tracker.speak(A)
    run(tracker, clock, 10)
    assert tracker.ledger.elapsed == 10 and talk(tracker)[A] == 10


def test_marking_another_member_ends_the_turn(tracker: TurnTracker, clock: ManualClock) -> None:
    tracker.speak(A)
    run(tracker, clock, 30)
    tracker.speak(B)
    run(tracker, clock, 20)
    tracker.speak(A)
    run(tracker, clock, 5)
    tracker.nobody()
    run(tracker, clock, 45)
    assert talk(tracker) == {A: 35, B: 20, C: 0}
    assert [(t.member, t.talk) for t in tracker.turns] == [(A, 30), (B, 20), (A, 5)]
    assert tracker.turns[0].end == 1030 and tracker.turns[-1].end == 1055
    assert tracker.speaker is None and tracker.ledger.elapsed == 100


def test_marking_the_speaker_again_changes_nothing(
    tracker: TurnTracker, clock: ManualClock
) -> None:
    assert tracker.speak(A)
    run(tracker, clock, 10)
    assert not tracker.speak(A)
    assert len(tracker.turns) == 1
    assert tracker.nobody()
    assert not tracker.nobody()


def test_a_pass_is_recorded_and_ends_the_passers_turn(
    tracker: TurnTracker, clock: ManualClock
) -> None:
    tracker.speak(A)
    run(tracker, clock, 10)
    tracker.pass_turn(C)  # C passed while A speaks: A carries on
    assert tracker.speaker == A
    run(tracker, clock, 10)
    tracker.pass_turn(A)
    assert tracker.speaker is None
    stats = compute(tracker.ledger, [A, B, C], now=tracker.now)
    assert stats.member(C).passes == 1 and stats.member(C).talk == 0
    assert stats.passed_only == (C,)
    assert stats.not_heard == (B,)


def test_undo_takes_back_the_last_mark_and_gives_the_time_back(
    tracker: TurnTracker, clock: ManualClock
) -> None:
    tracker.speak(A)
    run(tracker, clock, 60)
    tracker.speak(B)  # a slip: A is still talking
    run(tracker, clock, 5)
    assert isinstance(tracker.undo(), Speak)
    run(tracker, clock, 5)
    assert tracker.speaker == A
    assert talk(tracker) == {A: 70, B: 0, C: 0}
    assert len(tracker.turns) == 1


def test_undo_of_nobody_and_of_everything(tracker: TurnTracker, clock: ManualClock) -> None:
    assert tracker.undo() is None
    tracker.speak(A)
    run(tracker, clock, 10)
    tracker.nobody()
    run(tracker, clock, 10)
    assert isinstance(tracker.undo(), Nobody)
    assert tracker.speaker == A and talk(tracker)[A] == 20
    assert isinstance(tracker.undo(), Speak)
    assert not tracker.can_undo and tracker.speaker is None and talk(tracker)[A] == 0


def test_fix_gives_a_turn_to_the_right_person(tracker: TurnTracker, clock: ManualClock) -> None:
    tracker.speak(A)
    run(tracker, clock, 30)
    tracker.speak(B)
    run(tracker, clock, 20)
    assert tracker.fix(C)  # the current turn was really C's
    assert tracker.speaker == C
    run(tracker, clock, 10)
    assert tracker.fix(B, turn=0)
    assert talk(tracker) == {A: 0, B: 30, C: 30}
    assert not tracker.fix(C)  # already C's
    assert not tracker.fix(A, turn=7)
    tracker.undo()  # takes back the second fix
    assert talk(tracker) == {A: 30, B: 0, C: 30}


def test_a_clock_jump_is_not_counted(tracker: TurnTracker, clock: ManualClock) -> None:
    tracker.speak(A)
    run(tracker, clock, 20)
    clock.advance(3600)  # the laptop slept for an hour mid-turn
    tracker.tick()
    run(tracker, clock, 10)
    assert talk(tracker)[A] == 30
    assert tracker.ledger.elapsed == 30 and tracker.ledger.skipped == 3600


def test_a_jump_survives_undo(tracker: TurnTracker, clock: ManualClock) -> None:
    tracker.speak(A)
    run(tracker, clock, 10)
    clock.advance(600)
    tracker.speak(B)  # the first tick after the sleep
    run(tracker, clock, 10)
    tracker.undo()
    assert talk(tracker) == {A: 20, B: 0, C: 0}
    assert tracker.ledger.skipped == 600


def test_max_gap_scales_for_a_fast_demo_clock() -> None:
    config = TrackerConfig().scaled(60)
    assert config.max_gap == 1800 and config.voice_stale == 120 and config.silence_end == 5


def test_forgetting_a_member_drops_their_talk(tracker: TurnTracker, clock: ManualClock) -> None:
    tracker.speak(A)
    run(tracker, clock, 10)
    tracker.speak(B)
    run(tracker, clock, 10)
    tracker.forget(B)
    assert tracker.speaker is None
    run(tracker, clock, 10)
    assert talk(tracker) == {A: 10, B: 0, C: 0}
    assert tracker.ledger.elapsed == 30
