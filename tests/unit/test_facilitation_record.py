"""The stored run: plan, segment times as actually run, prompts shown and their outcomes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.facilitation.library import PlanLibrary
from companion.facilitation.record import RunRecorder, list_runs, run_review
from companion.facilitation.run import Run
from companion.store.database import open_database
from companion.store.db import table
from companion.workshop.coordinator import Workshop

MIN = 60.0


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "companion.db")
    yield database
    database.close()


def _run(clock: ManualClock, name: str = "breakout-30") -> Run:
    plan = PlanLibrary.load().find(name).plan
    assert plan is not None
    return Run(plan, clock)


def _recorder(db: Database, run: Run, group: str, **options: float) -> RunRecorder:
    """A recorder for ``group`` where the workshop keeps a run of this plan."""
    plan = run.plan
    place = Workshop(db).place_for_plan(plan.series, plan.title, plan.name, group)
    return RunRecorder(db, run, group_id=place.group_id, session_id=place.session_id, **options)


def test_the_migration_makes_the_tables(db: Database) -> None:
    assert {"plan_runs", "run_segments", "prompt_log", "run_adjustments"} <= set(db.table_names())


def test_a_run_is_stored_as_it_happens(db: Database) -> None:
    clock = ManualClock()
    run = _run(clock)
    recorder = _recorder(db, run, "Group 3", clock_speed=1.0)
    run.start()
    clock.advance(2 * MIN)
    run.tick()
    run.done("0:0")
    run.snooze("0:1")
    clock.advance(6 * MIN)  # 8:00: over by 3 minutes; the snoozed prompt came back
    run.tick()
    run.extend(2)
    run.skip()
    run.back()
    clock.advance(1 * MIN)
    run.finish()
    recorder.close()

    stored = run_review(db, recorder.run_id)
    assert stored["plan_name"] == "breakout-30" and stored["state"] == "finished"
    assert stored["active_seconds"] == 9 * MIN and stored["planned_seconds"] == 30 * MIN
    assert stored["started_at"] and stored["ended_at"]
    assert 'title = "Breakout: 30 minutes"' in stored["plan_toml"]
    visits = [
        (
            s["visit"],
            s["segment_index"],
            s["entered_by"],
            s["left_by"],
            s["start_active"],
            s["end_active"],
            s["overran"],
            s["length_seconds"],
        )
        for s in stored["segments"]
    ]
    assert visits == [
        (1, 0, "start", "next", 0.0, 8 * MIN, 1, 7 * MIN),
        (2, 1, "next", "back", 8 * MIN, 8 * MIN, 0, 17 * MIN),
        (3, 0, "back", "finish", 8 * MIN, 9 * MIN, 1, 7 * MIN),  # back into used-up time
    ]
    prompts = {p["prompt_key"]: p for p in stored["prompts"]}
    assert prompts["0:0"]["outcome"] == "done" and prompts["0:0"]["prompt_ref"] == "names"
    assert prompts["0:1"]["snoozes"] == 1 and prompts["0:1"]["due_active"] == 1 * MIN
    assert prompts["0:1"]["outcome"] == "expired"  # came back, then left when the run moved on
    assert prompts["0:3"]["outcome"] == "expired"
    (adjustment,) = stored["adjustments"]
    assert (adjustment["how"], adjustment["added_seconds"]) == ("extend", 2 * MIN)
    assert json.loads(adjustment["taken"]) == []


def test_runs_belong_to_a_group_and_todays_session(db: Database) -> None:
    clock = ManualClock()
    first = _recorder(db, _run(clock), "Group 1")
    second = _recorder(db, _run(clock), "Group 1")
    other = _recorder(db, _run(clock, "webinar-2"), "Group 1")
    rows = {r["id"]: r for r in list_runs(db)}
    assert rows[first.run_id]["session_id"] == rows[second.run_id]["session_id"]
    assert rows[other.run_id]["session_id"] != rows[first.run_id]["session_id"]
    programmes = {r["name"] for r in table(db, "programmes").rows}
    assert programmes == {"Workshops", "Inclusive and collective leadership"}
    group_id = rows[first.run_id]["group_id"]
    assert [r["id"] for r in list_runs(db, group_id)] == [second.run_id, first.run_id]
    assert "plan_toml" not in rows[first.run_id]


def test_take_from_later_is_stored_with_what_was_taken(db: Database) -> None:
    clock = ManualClock()
    run = _run(clock)
    recorder = RunRecorder(db, run)
    run.start()
    run.take_from_later(3)
    (adjustment,) = run_review(db, recorder.run_id)["adjustments"]
    assert adjustment["how"] == "take"
    assert json.loads(adjustment["taken"]) == [[1, 180.0]]


def test_a_killed_run_keeps_what_happened_so_far(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    db = open_database(path)
    clock = ManualClock()
    run = _run(clock)
    recorder = RunRecorder(db, run)
    run.start()
    clock.advance(2 * MIN)
    run.tick()
    # No finish, no close: read it back through a second connection, as after a crash.
    other = open_database(path)
    try:
        stored = run_review(other, recorder.run_id)
        assert stored["state"] == "running"
        assert [p["prompt_key"] for p in stored["prompts"]] == ["0:0", "0:1", "0:2"]
    finally:
        other.close()
        db.close()
