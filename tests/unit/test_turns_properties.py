"""Property tests: whatever the marks, times add up to the session and shares sum to 1."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from pytest import approx

from companion.clock import ManualClock
from companion.turns.metrics import compute
from companion.turns.tracker import TrackerConfig, TurnTracker

MEMBERS = [1, 2, 3, 4, 5]

member = st.sampled_from(MEMBERS)
operation = st.one_of(
    st.tuples(st.just("speak"), member),
    st.tuples(st.just("nobody"), st.none()),
    st.tuples(st.just("pass"), member),
    st.tuples(st.just("fix"), member),
    st.tuples(st.just("undo"), st.none()),
    st.tuples(st.just("wait"), st.floats(0.05, 90.0)),
    st.tuples(st.just("sleep"), st.floats(31.0, 50_000.0)),
    st.tuples(st.just("voice"), st.booleans()),
    st.tuples(st.just("voice-mode"), st.booleans()),
    st.tuples(st.just("audio-lost"), st.none()),
)


def play(operations: list[tuple[str, object]]) -> tuple[TurnTracker, ManualClock, float | None]:
    clock = ManualClock(500.0)
    tracker = TurnTracker(clock, TrackerConfig(max_gap=30.0, silence_end=3.0))
    started_at: float | None = None
    for name, value in operations:
        if name == "wait":
            assert isinstance(value, float)
            left = value
            while left > 0:  # the app ticks about every second
                clock.advance(min(1.0, left))
                left -= 1.0
                tracker.tick()
        elif name == "sleep":
            assert isinstance(value, float)
            clock.advance(value)
            tracker.tick()
        elif name == "speak":
            tracker.speak(int(value))  # type: ignore[call-overload]
        elif name == "nobody":
            tracker.nobody()
        elif name == "pass":
            tracker.pass_turn(int(value))  # type: ignore[call-overload]
        elif name == "fix":
            tracker.fix(int(value))  # type: ignore[call-overload]
        elif name == "undo":
            tracker.undo()
        elif name == "voice":
            tracker.voice(bool(value))
        elif name == "voice-mode":
            tracker.set_voice_assisted(bool(value))
        else:
            tracker.voice_lost()
        if started_at is None and tracker.started:
            started_at = tracker.ledger.started
    tracker.tick()
    return tracker, clock, started_at


@settings(max_examples=300, deadline=None)
@given(st.lists(operation, max_size=60))
def test_times_always_add_up_to_the_session(operations: list[tuple[str, object]]) -> None:
    tracker, clock, _ = play(operations)
    ledger = tracker.ledger
    talk = sum(turn.talk for turn in ledger.turns)
    assert talk + ledger.idle == approx(ledger.elapsed, abs=1e-6)
    if ledger.started is not None:
        assert ledger.elapsed + ledger.skipped == approx(clock() - ledger.started, abs=1e-6)
    else:
        assert ledger.elapsed == 0 and talk == 0
    stats = compute(ledger, MEMBERS, now=clock())
    assert stats.total_talk == approx(talk, abs=1e-6)
    assert stats.total_talk <= stats.elapsed + 1e-6


@settings(max_examples=300, deadline=None)
@given(st.lists(operation, max_size=60))
def test_shares_sum_to_one_and_figures_stay_in_range(operations: list[tuple[str, object]]) -> None:
    tracker, clock, _ = play(operations)
    stats = compute(tracker.ledger, MEMBERS, now=clock())
    shares = sum(m.share for m in stats.members)
    assert shares == approx(1.0) if stats.total_talk > 0 else shares == 0
    assert 0.0 <= stats.gini <= stats.max_gini + 1e-9
    for m in stats.members:
        assert m.longest_turn <= m.talk + 1e-9
        assert (m.turns == 0) == (m.talk == 0)
    for turn in tracker.turns:
        end = turn.end if turn.end is not None else clock()
        assert turn.talk <= end - turn.start + 1e-6


@settings(max_examples=200, deadline=None)
@given(st.lists(operation, max_size=40), st.lists(operation, max_size=10))
def test_undo_after_marks_gives_what_replaying_gives(
    first: list[tuple[str, object]], more: list[tuple[str, object]]
) -> None:
    """Replay is deterministic: the ledger rebuilt from the entries matches the live one."""
    from companion.turns.ledger import replay

    tracker, clock, _ = play(first + more)
    rebuilt = replay(list(tracker._entries), tracker.config.silence_end, clock())
    live = tracker.ledger
    assert [(t.member, round(t.talk, 6)) for t in rebuilt.turns] == [
        (t.member, round(t.talk, 6)) for t in live.turns
    ]
    assert rebuilt.elapsed == approx(live.elapsed)
