"""The run as stored: which plan, segment times as actually run, prompts and what became of them.

The tables are described in ``schema``. ``RunRecorder`` listens to a run's
events and writes each one as it happens, so a run killed half way is kept up
to that moment. ``list_runs`` and ``run_review`` read runs back for review.
"""

from __future__ import annotations

import json
from typing import Any

from sqlite_utils import Database

from companion.facilitation.events import (
    FacilitationEvent,
    Overrun,
    PromptCleared,
    PromptDue,
    RunState,
    RunStateChanged,
    SegmentAdjusted,
    SegmentChanged,
)
from companion.facilitation.run import Run
from companion.facilitation.writer import plan_to_toml
from companion.store.db import insert, now, table


class RunRecorder:
    """Writes a run's events to the database as they happen."""

    def __init__(
        self,
        db: Database,
        run: Run,
        *,
        group_id: int | None = None,
        session_id: int | None = None,
        builtin: bool = True,
        clock_speed: float = 1.0,
    ) -> None:
        self._db = db
        self._run = run
        self.group_id = group_id
        self.session_id = session_id
        record: dict[str, object] = {
            "session_id": session_id,
            "group_id": group_id,
            "plan_name": run.plan.name,
            "plan_title": run.plan.title,
            "plan_builtin": int(builtin),
            "plan_toml": plan_to_toml(run.plan),
            "clock_speed": clock_speed,
            "state": run.state.value,
            "planned_seconds": run.plan.total_minutes * 60.0,
        }
        self.run_id = insert(db, "plan_runs", record)
        self._segment_row: int | None = None
        self._visits = 0
        self._prompt_rows: dict[str, int] = {}
        self._disconnect = run.events.connect(self._on_event)

    def close(self) -> None:
        """Stop listening (the rows written so far stay)."""
        self._disconnect()

    def _update(self, name: str, row: int, values: dict[str, object]) -> None:
        table(self._db, name).update(row, values)

    def _on_event(self, event: FacilitationEvent) -> None:
        if isinstance(event, RunStateChanged):
            self._on_state(event)
        elif isinstance(event, SegmentChanged):
            self._close_segment(event.how.value, event.at)
            self._open_segment(event)
        elif isinstance(event, PromptDue):
            self._on_prompt_due(event)
        elif isinstance(event, PromptCleared):
            row = self._prompt_rows.get(event.key)
            if row is not None:
                self._update(
                    "prompt_log", row, {"outcome": event.outcome.value, "outcome_at": now()}
                )
        elif isinstance(event, Overrun) and self._segment_row is not None:
            self._update("run_segments", self._segment_row, {"overran": 1})
        elif isinstance(event, SegmentAdjusted):
            self._on_adjusted(event)

    def _on_state(self, event: RunStateChanged) -> None:
        values: dict[str, object] = {"state": event.state.value, "active_seconds": event.at}
        if event.state == RunState.RUNNING and event.at == 0.0:
            values["started_at"] = now()
        if event.state == RunState.FINISHED:
            self._close_segment("finish", event.at)
            values["ended_at"] = now()
        self._update("plan_runs", self.run_id, values)

    def _open_segment(self, event: SegmentChanged) -> None:
        segment = self._run.plan.segments[event.index]
        self._visits += 1
        record: dict[str, object] = {
            "run_id": self.run_id,
            "visit": self._visits,
            "segment_index": event.index,
            "title": segment.title,
            "kind": segment.kind.value,
            "planned_seconds": segment.seconds,
            "length_seconds": self._run.status().lengths[event.index],
            "started_at": now(),
            "start_active": event.at,
            "entered_by": event.how.value,
            "overran": 0,
        }
        self._segment_row = insert(self._db, "run_segments", record)

    def _close_segment(self, left_by: str, at: float) -> None:
        if self._segment_row is None:
            return
        row = table(self._db, "run_segments").get(self._segment_row)
        values: dict[str, object] = {
            "ended_at": now(),
            "end_active": at,
            "left_by": left_by,
            "length_seconds": self._run.status().lengths[int(row["segment_index"])],
        }
        self._update("run_segments", self._segment_row, values)
        self._segment_row = None

    def _on_prompt_due(self, event: PromptDue) -> None:
        row = self._prompt_rows.get(event.key)
        if row is not None:
            self._update("prompt_log", row, {"outcome": "shown", "snoozes": event.repeat})
            return
        record: dict[str, object] = {
            "run_id": self.run_id,
            "prompt_key": event.key,
            "segment_index": event.segment_index,
            "prompt_ref": event.ref,
            "title": event.title,
            "text": event.text,
            "due_active": event.at,
            "shown_at": now(),
            "outcome": "shown",
            "snoozes": 0,
        }
        self._prompt_rows[event.key] = insert(self._db, "prompt_log", record)

    def _on_adjusted(self, event: SegmentAdjusted) -> None:
        record: dict[str, object] = {
            "run_id": self.run_id,
            "segment_index": event.index,
            "how": event.how.value,
            "added_seconds": event.added,
            "taken": json.dumps([[index, seconds] for index, seconds in event.taken]),
            "at_active": event.at,
            "created_at": now(),
        }
        insert(self._db, "run_adjustments", record)
        if self._segment_row is not None:
            length = self._run.status().lengths[event.index]
            self._update("run_segments", self._segment_row, {"length_seconds": length})


def list_runs(db: Database, group_id: int | None = None) -> list[dict[str, Any]]:
    """Stored runs, newest first (of one group if ``group_id`` is given), without the plan copy."""
    where, values = ("group_id = ?", [group_id]) if group_id is not None else (None, None)
    rows = table(db, "plan_runs").rows_where(where, values, order_by="id desc")
    return [{k: v for k, v in row.items() if k != "plan_toml"} for row in rows]


def run_review(db: Database, run_id: int) -> dict[str, Any]:
    """One run for review: the run row, its segment visits, prompts and adjustments."""
    run = dict(table(db, "plan_runs").get(run_id))

    def rows(name: str) -> list[dict[str, Any]]:
        return list(table(db, name).rows_where("run_id = ?", [run_id], order_by="id"))

    run["segments"] = rows("run_segments")
    run["prompts"] = rows("prompt_log")
    run["adjustments"] = rows("run_adjustments")
    return run
