"""The facilitation tables (runs, segments, prompts, adjustments): the "facilitation" set.

- ``plan_runs``: one per run: plan, group, session, a copy of the plan as TOML,
  state, wall times and active seconds;
- ``run_segments``: one row per visit to a segment (going back makes a new
  one), with wall and active times, how it was entered and left, its length
  when left and whether it ran over;
- ``prompt_log``: each prompt shown: when it fell due, its outcome (done,
  snoozed, expired) and how often it was snoozed;
- ``run_adjustments``: each extension, and the time taken from later segments.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from companion.store.db import table

migrations = Migrations("facilitation")


@migrations()
def m001_plan_runs(db: Database) -> None:
    table(db, "plan_runs").create(
        {
            "id": int,
            "session_id": int,
            "group_id": int,
            "plan_name": str,
            "plan_title": str,
            "plan_builtin": int,  # 1 for a built-in plan, 0 for the user's own
            "plan_toml": str,  # the plan as it was run, so later edits do not change history
            "clock_speed": float,  # 1 normally; more in demo mode
            "state": str,  # ready, running, paused, finished
            "started_at": str,
            "ended_at": str,
            "active_seconds": float,  # time run, pauses left out
            "planned_seconds": float,
        },
        pk="id",
        foreign_keys=[("session_id", "sessions", "id"), ("group_id", "groups", "id")],
        not_null={"plan_name", "state"},
    )
    table(db, "plan_runs").create_index(["group_id"])
    table(db, "run_segments").create(
        {
            "id": int,
            "run_id": int,
            "visit": int,  # 1, 2, 3 … in the order segments were run
            "segment_index": int,  # 0-based place in the plan
            "title": str,
            "kind": str,
            "planned_seconds": float,
            "length_seconds": float,  # its length when left, extensions and cuts included
            "started_at": str,
            "ended_at": str,
            "start_active": float,  # active run seconds when entered
            "end_active": float,
            "entered_by": str,  # start, next, back, auto
            "left_by": str,  # next, back, auto, finish
            "overran": int,  # 1 if time ran out while in it
        },
        pk="id",
        foreign_keys=[("run_id", "plan_runs", "id")],
        not_null={"run_id", "segment_index"},
    )
    table(db, "run_segments").create_index(["run_id"])
    table(db, "prompt_log").create(
        {
            "id": int,
            "run_id": int,
            "prompt_key": str,
            "segment_index": int,
            "prompt_ref": str,  # the deck id, or "" for a plan's own prompt
            "title": str,
            "text": str,
            "due_active": float,  # active run seconds when it first fell due
            "shown_at": str,
            "outcome": str,  # shown, done, snoozed, expired
            "outcome_at": str,
            "snoozes": int,
        },
        pk="id",
        foreign_keys=[("run_id", "plan_runs", "id")],
        not_null={"run_id", "prompt_key"},
    )
    table(db, "prompt_log").create_index(["run_id"])
    table(db, "run_adjustments").create(
        {
            "id": int,
            "run_id": int,
            "segment_index": int,
            "how": str,  # extend, take
            "added_seconds": float,
            "taken": str,  # JSON list of [segment_index, seconds]
            "at_active": float,
            "created_at": str,
        },
        pk="id",
        foreign_keys=[("run_id", "plan_runs", "id")],
        not_null={"run_id"},
    )
