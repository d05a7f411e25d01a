"""Voice-assisted mode: talk accrues only while voice is heard; a silence ends the turn.

A reading holds from when it arrives until the next one; readings come ten
times a second, so counting lags the voice by at most one reading (0.1 s).
"""

from __future__ import annotations

from pytest import approx

from companion.clock import ManualClock
from companion.turns.metrics import compute
from companion.turns.tracker import TrackerConfig, TurnTracker

A, B = 1, 2


def feed(tracker: TurnTracker, clock: ManualClock, pattern: str, step: float = 0.1) -> None:
    """Voice readings every ``step`` seconds: "#" is voice, "." is silence."""
    for mark in pattern:
        clock.advance(step)
        tracker.voice(mark == "#")


def talk_of(tracker: TurnTracker, member: int) -> float:
    return round(compute(tracker.ledger, [A, B], now=tracker.now).member(member).talk, 6)


def make(silence_end: float = 2.0) -> tuple[TurnTracker, ManualClock]:
    clock = ManualClock()
    tracker = TurnTracker(clock, TrackerConfig(silence_end=silence_end))
    tracker.set_voice_assisted(True)
    return tracker, clock


def test_talk_accrues_only_while_voice_is_heard() -> None:
    tracker, clock = make()
    tracker.speak(A)
    feed(tracker, clock, "#" * 30 + "." * 10 + "#" * 20)  # 3 s, a 1 s pause, 2 s
    assert talk_of(tracker, A) == approx(5.0)
    assert tracker.speaker == A
    assert tracker.ledger.elapsed == approx(6.0)


def test_a_silence_ends_the_turn_on_its_own() -> None:
    tracker, clock = make(silence_end=2.0)
    tracker.speak(A)
    feed(tracker, clock, "#" * 10 + "." * 25)  # 1 s of voice, then 2.5 s quiet
    assert tracker.speaker is None
    turn = tracker.turns[0]
    assert turn.talk == approx(1.1)  # until the first quiet reading, at 1.1 s
    assert turn.end == approx(1.1)  # when the voice stopped, not when the silence was noticed
    feed(tracker, clock, "#" * 10)  # voice again, but nobody is marked: nobody gets it
    assert talk_of(tracker, A) == approx(1.1)


def test_the_silence_clock_starts_at_the_mark() -> None:
    tracker, clock = make(silence_end=2.0)
    feed(tracker, clock, "." * 50)  # quiet for 5 s before anyone is marked
    tracker.speak(A)
    feed(tracker, clock, "." * 15)
    assert tracker.speaker == A  # 1.5 s since the mark: not yet
    feed(tracker, clock, "." * 6)
    assert tracker.speaker is None


def test_the_turn_ends_during_ticks_without_voice_readings() -> None:
    tracker, clock = make(silence_end=2.0)
    tracker.speak(A)
    feed(tracker, clock, "#" * 10 + ".")
    clock.advance(1.9)  # readings pause (no longer than voice_stale): still quiet
    tracker.tick()
    assert tracker.speaker == A
    clock.advance(0.1)  # 2 s since the first quiet reading
    tracker.tick()
    assert tracker.speaker is None


def test_without_audio_it_counts_by_keys_alone() -> None:
    tracker, clock = make()
    tracker.speak(A)
    for _ in range(10):
        clock.advance(1)
        tracker.tick()
    assert talk_of(tracker, A) == 10  # no voice readings at all: keys decide


def test_when_the_audio_stops_keys_take_over() -> None:
    tracker, clock = make(silence_end=30.0)
    tracker.speak(A)
    feed(tracker, clock, "#" * 10 + "." * 10)  # 1 s voice, 1 s quiet (readings end at 2 s)
    assert talk_of(tracker, A) == approx(1.1)
    for _ in range(10):  # no readings for 10 s (voice_stale is 2 s)
        clock.advance(1.0)
        tracker.tick()
    # The quiet counted nothing until the tick that found the readings stale (at 5 s);
    # from then on the keys decide.
    assert talk_of(tracker, A) == approx(1.1 + 7.0)
    tracker.voice_lost()
    assert tracker.ledger.voice == "unknown"


def test_turning_the_mode_off_counts_silence_again() -> None:
    tracker, clock = make(silence_end=60.0)
    tracker.speak(A)
    feed(tracker, clock, "." * 10)
    assert talk_of(tracker, A) == approx(0.1)  # before the first reading, keys decide
    tracker.set_voice_assisted(False)
    feed(tracker, clock, "." * 10)
    assert talk_of(tracker, A) == approx(1.1)


def test_undo_replays_voice_the_same_way() -> None:
    tracker, clock = make(silence_end=2.0)
    tracker.speak(A)
    feed(tracker, clock, "#" * 20)
    tracker.speak(B)  # wrong person
    feed(tracker, clock, "#" * 10 + "." * 5)
    tracker.undo()
    assert tracker.speaker == A
    assert talk_of(tracker, A) == approx(3.1) and talk_of(tracker, B) == 0.0


def test_switching_the_mode_on_during_a_silence_counts_the_silence_from_then() -> None:
    clock = ManualClock()
    tracker = TurnTracker(clock, TrackerConfig(silence_end=3.0))
    tracker.speak(A)
    for _ in range(3):  # quiet readings, but keys decide: the time counts
        tracker.voice(False)
        clock.advance(1)
    tracker.set_voice_assisted(True)
    for _ in range(2):
        tracker.voice(False)
        clock.advance(1)
        tracker.voice(False)
    assert tracker.speaker == A  # the silence counts from the switch, not the first reading
    clock.advance(1)
    tracker.voice(False)
    assert tracker.speaker is None
    turn = tracker.turns[0]
    assert turn.talk == 3.0 and turn.end == 3.0
