"""The built-in plans and prompt deck: what the issue asks of them, and webinar 2 run through."""

from __future__ import annotations

from companion.clock import ManualClock
from companion.facilitation.deck import load_deck
from companion.facilitation.events import PromptDue, RunState
from companion.facilitation.library import BUILTIN_DIR, PlanLibrary
from companion.facilitation.model import Moment, SegmentKind
from companion.facilitation.run import Run

MIN = 60.0


def test_every_built_in_plan_loads() -> None:
    library = PlanLibrary.load(user_dir=BUILTIN_DIR / "none")
    assert library.broken() == []
    assert {e.name for e in library.entries} == {
        "webinar-1-introduction",
        "webinar-2-shared-understanding",
        "webinar-3-in-the-organisation",
        "webinar-4-leadership-support",
        "webinar-5-shared-findings",
        "breakout-30",
        "one-two-four-all",
        "trio-debrief",
    }


def test_the_series_is_five_two_hour_webinars_with_core_questions() -> None:
    series = [e.plan for e in PlanLibrary.load().plans() if e.plan and e.plan.series]
    assert [p.order for p in series if p] == [1, 2, 3, 4, 5]
    for plan in series:
        assert plan is not None
        assert plan.total_minutes == 120, plan.name
        kinds = [s.kind for s in plan.segments]
        assert kinds[0] == SegmentKind.WELCOME and kinds[-1] == SegmentKind.CLOSE
        assert SegmentKind.CHECK_IN in kinds and SegmentKind.BREAK in kinds
        talk = [s for s in plan.segments if s.kind == SegmentKind.DISCUSSION]
        assert talk and all(s.questions for s in talk), plan.name
        refs = {p.ref for s in plan.segments for p in s.prompts}
        assert {"names", "access-needs", "not-heard", "agree-notes", "credit"} <= refs
        # The break comes about an hour in.
        starts = dict(zip(kinds, plan.starts(), strict=False))
        assert 50 <= starts[SegmentKind.BREAK] <= 70


def test_one_two_four_all_has_its_timings() -> None:
    plan = PlanLibrary.load().find("one-two-four-all").plan
    assert plan is not None
    steps = [(s.kind, s.minutes) for s in plan.segments[1:]]
    assert steps == [
        (SegmentKind.REFLECT, 1),
        (SegmentKind.PAIRS, 2),
        (SegmentKind.DISCUSSION, 4),
        (SegmentKind.SUMMARY, 5),
    ]


def test_the_general_breakout_is_thirty_minutes_and_the_trio_debrief_has_a_round() -> None:
    library = PlanLibrary.load()
    breakout = library.find("breakout-30").plan
    trio = library.find("trio-debrief").plan
    assert breakout is not None and breakout.total_minutes == 30
    assert trio is not None
    assert any(
        s.kind == SegmentKind.ROUND and "three people" in s.questions[0] for s in trio.segments
    )


def test_the_deck_covers_every_moment_the_issue_lists() -> None:
    deck = load_deck()
    ids = {m: {p.id for p in deck.by_moment(m)} for m in Moment}
    assert {"names", "pronouns", "access-needs", "how-we-work", "chat", "fine-to-pass"} <= ids[
        Moment.OPENING
    ]
    assert {
        "not-heard",
        "other-view",
        "read-chat",
        "describe-screen",
        "summarise",
        "check-time",
    } <= ids[Moment.DURING]
    assert {"agree-notes", "actions", "credit"} <= ids[Moment.CLOSING]
    assert "break-time" in ids[Moment.BREAK]


def test_webinar_two_run_through_shows_each_prompt_at_its_time() -> None:
    """The "done when" in the core: check-in prompts, core question, quiet voices, close."""
    plan = PlanLibrary.load().find("webinar-2").plan
    assert plan is not None
    clock = ManualClock()
    run = Run(plan, clock)
    shown: list[tuple[str, float]] = []
    run.events.connect(lambda e: shown.append((e.ref, e.at)) if isinstance(e, PromptDue) else None)
    run.start()
    for _segment in plan.segments:
        while run.status().remaining > 0:
            clock.advance(15)  # a quarter-minute tick
            run.tick()
        if run.index + 1 < len(plan.segments):
            run.skip()  # the facilitator moves on when time is up
    run.finish()
    assert run.state == RunState.FINISHED
    due = {}
    for ref, at in shown:
        due.setdefault(ref, at / MIN)
    assert due["names"] == 25 and due["pronouns"] == 25 and due["fine-to-pass"] == 30
    assert due["not-heard"] == 45
    assert due["agree-notes"] == 90 and due["credit"] == 96 and due["check-out"] == 100
    assert [at / MIN for ref, at in shown if ref == "not-heard"] == [45, 80]
