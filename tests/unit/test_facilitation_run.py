"""Running a plan on a fake clock: prompts fall due at the right moments through
pause, skip, back, extend, taking time from later segments and overrun."""

from __future__ import annotations

import pytest

from companion.clock import ManualClock
from companion.facilitation.events import (
    Adjustment,
    FacilitationEvent,
    Move,
    Outcome,
    Overrun,
    PromptCleared,
    PromptDue,
    RunState,
    RunStateChanged,
    SegmentAdjusted,
    SegmentChanged,
)
from companion.facilitation.model import Plan, PlanPrompt, Segment, SegmentKind
from companion.facilitation.offsets import Offset
from companion.facilitation.run import Run

MIN = 60.0


def _prompt(at: str, title: str) -> PlanPrompt:
    return PlanPrompt(Offset.parse(at), title, f"Do {title}.")


def _plan(break_every: float | None = None) -> Plan:
    return Plan(
        name="test",
        title="Test plan",
        break_every=break_every,
        segments=(
            Segment(
                "Check-in",
                SegmentKind.CHECK_IN,
                10,
                prompts=(_prompt("start", "names"), _prompt("start+3", "pass")),
            ),
            Segment(
                "Discussion",
                SegmentKind.DISCUSSION,
                20,
                questions=("What matters?",),
                prompts=(
                    _prompt("halfway", "quiet"),
                    _prompt("end-2", "time"),
                    _prompt("end", "wrap"),
                ),
            ),
            Segment("Break", SegmentKind.BREAK, 10),
            Segment("Round", SegmentKind.ROUND, 15, prompts=(_prompt("start", "round"),)),
            Segment("Close", SegmentKind.CLOSE, 5, prompts=(_prompt("start", "thanks"),)),
        ),
    )


class Recorder:
    def __init__(self, run: Run) -> None:
        self.events: list[FacilitationEvent] = []
        run.events.connect(self.events.append)

    def prompts(self) -> list[tuple[str, float]]:
        return [(e.title, e.at) for e in self.events if isinstance(e, PromptDue)]

    def of(self, kind: type) -> list[FacilitationEvent]:
        return [e for e in self.events if isinstance(e, kind)]

    def clear(self) -> None:
        self.events.clear()


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(1000.0)  # the clock's origin means nothing; only differences do


def _started(
    clock: ManualClock, plan: Plan | None = None, **options: object
) -> tuple[Run, Recorder]:
    run = Run(plan or _plan(), clock, **options)  # type: ignore[arg-type]
    seen = Recorder(run)
    run.start()
    return run, seen


def _advance(run: Run, clock: ManualClock, seconds: float) -> None:
    clock.advance(seconds)
    run.tick()


def test_start_shows_the_start_prompts_at_once(clock: ManualClock) -> None:
    run, seen = _started(clock)
    assert seen.of(RunStateChanged) == [RunStateChanged(RunState.RUNNING, 0.0)]
    assert seen.of(SegmentChanged) == [SegmentChanged(0, None, Move.START, 0.0)]
    assert seen.prompts() == [("names", 0.0)]
    assert [p.title for p in run.due] == ["names"]
    assert run.status().remaining == 10 * MIN


def test_prompts_fall_due_at_their_offsets_and_a_late_tick_keeps_exact_times(
    clock: ManualClock,
) -> None:
    run, seen = _started(clock)
    _advance(run, clock, 2 * MIN)
    assert seen.prompts() == [("names", 0.0)]
    _advance(run, clock, 61)  # 3:01: "pass" fell due at 3:00
    assert seen.prompts()[-1] == ("pass", 180.0)
    run.skip()  # to the discussion at 3:01
    clock.advance(25 * MIN)  # one very late tick, well past the discussion's end
    run.tick()
    start = 181.0
    assert seen.prompts()[2:] == [
        ("quiet", start + 10 * MIN),
        ("time", start + 18 * MIN),
        ("wrap", start + 20 * MIN),
    ]
    assert seen.of(Overrun) == [Overrun(1, start + 20 * MIN)]  # once, when time ran out


def test_pause_stops_time_and_nothing_falls_due(clock: ManualClock) -> None:
    run, seen = _started(clock)
    _advance(run, clock, 1 * MIN)
    run.pause()
    _advance(run, clock, 30 * MIN)
    assert run.state == RunState.PAUSED
    assert seen.prompts() == [("names", 0.0)]
    assert run.status().elapsed == pytest.approx(1 * MIN)
    run.resume()
    _advance(run, clock, 2 * MIN)
    assert seen.prompts()[-1] == ("pass", 3 * MIN)  # active time, pauses left out
    states = [e.state for e in seen.of(RunStateChanged)]
    assert states == [RunState.RUNNING, RunState.PAUSED, RunState.RUNNING]


def test_skip_moves_on_and_takes_away_prompts_left_showing(clock: ManualClock) -> None:
    run, seen = _started(clock)
    _advance(run, clock, 4 * MIN)
    run.done("0:0")
    run.skip()
    assert run.index == 1
    cleared = seen.of(PromptCleared)
    assert cleared == [
        PromptCleared("0:0", Outcome.DONE, 4 * MIN),
        PromptCleared("0:1", Outcome.EXPIRED, 4 * MIN),
    ]
    assert run.due == ()
    assert seen.of(SegmentChanged)[-1] == SegmentChanged(1, 0, Move.NEXT, 4 * MIN)
    _advance(run, clock, 10 * MIN)
    assert seen.prompts()[-1] == ("quiet", 14 * MIN)  # halfway of the discussion's 20 minutes


def test_skipping_past_a_prompt_leaves_it_unshown(clock: ManualClock) -> None:
    run, seen = _started(clock)
    run.skip()  # at 0:00, before "pass" at 3:00
    _advance(run, clock, 5 * MIN)
    assert "pass" not in [title for title, _at in seen.prompts()]


def test_back_returns_to_where_the_segment_was_left(clock: ManualClock) -> None:
    run, seen = _started(clock)
    _advance(run, clock, 2 * MIN)
    run.skip()
    _advance(run, clock, 1 * MIN)
    run.back()
    assert run.index == 0
    assert seen.of(SegmentChanged)[-1].how == Move.BACK
    assert run.status().elapsed == pytest.approx(2 * MIN)  # carries on from 2:00
    _advance(run, clock, 1 * MIN)
    assert seen.prompts()[-1] == ("pass", 4 * MIN)  # its 3:00 offset, a minute after returning
    assert [t for t, _ in seen.prompts()].count("names") == 1  # shown prompts never repeat


def test_back_on_the_first_segment_does_nothing(clock: ManualClock) -> None:
    run, seen = _started(clock)
    run.back()
    assert run.index == 0
    assert len(seen.of(SegmentChanged)) == 1


def test_extend_moves_end_relative_prompts_and_the_overrun(clock: ManualClock) -> None:
    run, seen = _started(clock)
    run.skip()  # discussion from 0:00, 20 minutes
    _advance(run, clock, 5 * MIN)
    adjusted = run.extend(5)
    assert adjusted == SegmentAdjusted(1, Adjustment.EXTEND, 5 * MIN, (), 5 * MIN)
    assert adjusted.shortfall == 5 * MIN
    _advance(run, clock, 13 * MIN)  # 18:00: "end-2" was 18:00, is now 23:00
    titles = [t for t, _ in seen.prompts()]
    assert "time" not in titles
    assert "quiet" in titles  # halfway moved from 10:00 to 12:30 and has passed
    assert seen.prompts()[-1] == ("quiet", 12.5 * MIN)
    _advance(run, clock, 7 * MIN)  # 25:00
    assert seen.prompts()[-2:] == [("time", 23 * MIN), ("wrap", 25 * MIN)]
    assert seen.of(Overrun) == [Overrun(1, 25 * MIN)]
    assert run.status().session_left == pytest.approx(30 * MIN)  # break, round, close


def test_overrun_is_said_once_and_extending_afterwards_rearms_it(clock: ManualClock) -> None:
    run, seen = _started(clock)
    _advance(run, clock, 12 * MIN)
    assert seen.of(Overrun) == [Overrun(0, 10 * MIN)]
    status = run.status()
    assert status.over and status.remaining == pytest.approx(-2 * MIN)
    assert status.behind == pytest.approx(2 * MIN)
    _advance(run, clock, 5 * MIN)
    assert len(seen.of(Overrun)) == 1
    run.extend(10)  # now 17 of 20 minutes
    assert not run.status().over
    _advance(run, clock, 4 * MIN)
    assert seen.of(Overrun)[-1] == Overrun(0, 20 * MIN)


def test_take_from_later_keeps_the_session_end_and_spares_breaks(clock: ManualClock) -> None:
    run, seen = _started(clock)
    _advance(run, clock, 11 * MIN)
    adjusted = run.take_from_later(5)
    assert adjusted is not None
    assert adjusted.how == Adjustment.TAKE
    assert adjusted.taken == ((1, 5 * MIN),)  # the discussion gives; the break never does
    assert adjusted.shortfall == 0
    lengths = run.status().lengths
    assert lengths == (15 * MIN, 15 * MIN, 10 * MIN, 15 * MIN, 5 * MIN)
    assert sum(lengths) == _plan().total_minutes * MIN
    _advance(run, clock, 4 * MIN)
    run.skip()  # at 15:00
    _advance(run, clock, 7.5 * MIN)
    assert seen.prompts()[-1] == ("quiet", (15 + 7.5) * MIN)  # halfway of the shortened 15


def test_take_from_later_leaves_a_minute_and_reports_the_shortfall(clock: ManualClock) -> None:
    plan = Plan(
        "t",
        "T",
        (
            Segment("A", SegmentKind.DISCUSSION, 10),
            Segment("B", SegmentKind.ROUND, 3),
            Segment("C", SegmentKind.SUMMARY, 2),
            Segment("D", SegmentKind.CLOSE, 5),
        ),
    )
    run, _seen = _started(clock, plan)
    adjusted = run.take_from_later(10)
    assert adjusted is not None
    assert adjusted.taken == ((1, 2 * MIN), (2, 1 * MIN))  # B and C keep a minute; D never gives
    assert adjusted.shortfall == pytest.approx(7 * MIN)
    assert run.status().lengths == (20 * MIN, 1 * MIN, 1 * MIN, 5 * MIN)


def test_snoozed_prompt_comes_back_in_its_segment_but_not_after_it(clock: ManualClock) -> None:
    run, seen = _started(clock, snooze_minutes=2)
    _advance(run, clock, 30)
    run.snooze("0:0")
    assert run.due == ()
    assert seen.of(PromptCleared)[-1] == PromptCleared("0:0", Outcome.SNOOZED, 30.0)
    _advance(run, clock, 2 * MIN)
    back = seen.of(PromptDue)[-1]
    assert isinstance(back, PromptDue)
    assert (back.key, back.at, back.repeat) == ("0:0", 150.0, 1)
    run.snooze("0:0")
    run.skip()
    _advance(run, clock, 5 * MIN)
    assert [e.key for e in seen.of(PromptDue)].count("0:0") == 2  # dropped with its segment


def test_auto_advance_moves_on_at_the_exact_end_and_finishes(clock: ManualClock) -> None:
    run, seen = _started(clock, auto_advance=True)
    _advance(run, clock, 61 * MIN)  # past every segment's end (60 minutes in all)
    moves = [(e.index, e.how, e.at) for e in seen.of(SegmentChanged)][1:]
    assert moves == [
        (1, Move.AUTO, 10 * MIN),
        (2, Move.AUTO, 30 * MIN),
        (3, Move.AUTO, 40 * MIN),
        (4, Move.AUTO, 55 * MIN),
    ]
    assert seen.of(Overrun) == []
    assert run.state == RunState.FINISHED
    assert seen.of(RunStateChanged)[-1] == RunStateChanged(RunState.FINISHED, 60 * MIN)
    assert ("round", 40 * MIN) in seen.prompts()
    assert ("thanks", 55 * MIN) in seen.prompts()


def test_break_is_offered_after_break_every_minutes_without_one(clock: ManualClock) -> None:
    plan = Plan(
        "t",
        "T",
        (
            Segment("A", SegmentKind.DISCUSSION, 70),
            Segment("Break", SegmentKind.BREAK, 10),
            Segment("B", SegmentKind.DISCUSSION, 50),
            Segment("C", SegmentKind.CLOSE, 30),
        ),
        break_every=60,
    )
    run, seen = _started(clock, plan)
    _advance(run, clock, 65 * MIN)
    breaks = [
        e for e in seen.of(PromptDue) if isinstance(e, PromptDue) and e.key.startswith("break")
    ]
    assert [(e.key, e.at) for e in breaks] == [("break:1", 60 * MIN)]
    run.skip()  # into the break at 65:00: the count starts again from it
    _advance(run, clock, 10 * MIN)
    run.skip()  # into B at 75:00
    _advance(run, clock, 50 * MIN)
    run.skip()  # into the close at 125:00, where no break is offered
    _advance(run, clock, 30 * MIN)
    keys = [e.key for e in seen.of(PromptDue) if isinstance(e, PromptDue)]
    assert keys.count("break:1") == 1 and "break:2" not in keys


def test_status_tells_now_next_and_time_left(clock: ManualClock) -> None:
    run, _seen = _started(clock)
    _advance(run, clock, 1 * MIN)
    status = run.status()
    assert status.segment.title == "Check-in"
    assert status.next_segment is not None and status.next_segment.title == "Discussion"
    assert status.remaining == pytest.approx(9 * MIN)
    assert status.session_left == pytest.approx(59 * MIN)
    assert status.next_prompt is not None
    assert (status.next_prompt.title, status.next_prompt.in_seconds) == ("pass", 2 * MIN)
    _advance(run, clock, 3 * MIN)
    upcoming = run.status().next_prompt
    assert upcoming is not None
    # Nothing more in the check-in: the discussion's first, 6 + 10 minutes away.
    assert (upcoming.title, upcoming.segment_index, upcoming.in_seconds) == ("quiet", 1, 16 * MIN)


def test_finish_expires_what_is_showing_and_stops_everything(clock: ManualClock) -> None:
    run, seen = _started(clock)
    run.finish()
    assert run.state == RunState.FINISHED
    assert seen.of(PromptCleared) == [PromptCleared("0:0", Outcome.EXPIRED, 0.0)]
    _advance(run, clock, 60 * MIN)
    run.skip()
    run.extend(5)
    assert run.index == 0
    assert seen.of(RunStateChanged)[-1].state == RunState.FINISHED


def test_skip_on_the_last_segment_finishes(clock: ManualClock) -> None:
    run, _seen = _started(clock)
    for _ in range(4):
        run.skip()
    assert run.status().segment.title == "Close"
    run.skip()
    assert run.state == RunState.FINISHED


def test_a_run_starts_once(clock: ManualClock) -> None:
    from companion.errors import CompanionError

    run, _seen = _started(clock)
    with pytest.raises(CompanionError, match="already started"):
        run.start()
