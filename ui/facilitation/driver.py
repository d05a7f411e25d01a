"""The facilitation model the views share: one run at a time, its clock, ticks and record.

``FacilitationDriver`` builds a ``Run`` for the chosen plan, re-emits its core
events as the typed Qt signals of one ``RunSignals`` (``driver.signals``, the
same object for every run, so views connect once), ticks it four
times a second while it runs (``status`` carries a fresh ``RunStatus`` each
time), and records it in the store. The Facilitate area and the mini window
both view the same driver; neither touches the core run's signal.

Demo mode: ``COMPANION_DEMO_SPEED=60`` makes the clock run sixty times faster
(a minute a second), so a two-hour plan can be tried in two minutes.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from sqlite_utils import Database

from companion.clock import Clock, ScaledClock, system_clock
from companion.facilitation.events import RunState
from companion.facilitation.model import Plan
from companion.facilitation.record import RunRecorder
from companion.facilitation.run import Run
from companion.facilitation.status import RunStatus
from companion.store.db import open_store
from ui.adapter import RunSignals

DEMO_SPEED_ENV = "COMPANION_DEMO_SPEED"
TICK_MS = 250
MAX_DEMO_SPEED = 3600.0


def demo_speed(environ: dict[str, str] | None = None) -> tuple[float, str | None]:
    """The demo speed from ``COMPANION_DEMO_SPEED`` (1 if unset) and a notice if it was unusable."""
    raw = (environ if environ is not None else os.environ).get(DEMO_SPEED_ENV, "").strip()
    if not raw:
        return 1.0, None
    try:
        speed = float(raw)
    except ValueError:
        speed = 0.0
    if not 0 < speed <= MAX_DEMO_SPEED:
        notice = (
            f"{DEMO_SPEED_ENV} must be a number from 1 to {MAX_DEMO_SPEED:g}, like 60; "
            f"it is {raw!r}, so plans run at normal speed."
        )
        return 1.0, notice
    return speed, None


class FacilitationDriver(QObject):
    """Runs one plan at a time for the views, and keeps its record."""

    status = Signal(RunStatus)  # after every tick and command
    run_changed = Signal(object)  # the new Run, or None
    notice = Signal(str)  # a sentence to show: recording failed, demo speed unusable

    def __init__(
        self,
        clock: Clock | None = None,
        *,
        database: Database | None = None,
        open_database: Callable[[], Database] | None = open_store,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        speed, self.speed_notice = demo_speed()
        if clock is None:
            clock = ScaledClock(speed) if speed != 1.0 else system_clock
        else:
            speed = getattr(clock, "speed", 1.0)
        self.clock = clock
        self.speed = float(speed)
        self.auto_advance = False
        self._database = database
        self._open_database = open_database
        self._owns_database = False
        self.run: Run | None = None
        self.signals = RunSignals(parent=self)  # the current run's events, on the GUI thread
        self._recorder: RunRecorder | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)

    # Queries.

    @property
    def state(self) -> RunState | None:
        return self.run.state if self.run is not None else None

    @property
    def active(self) -> bool:
        return self.state in (RunState.RUNNING, RunState.PAUSED)

    @property
    def run_id(self) -> int | None:
        """The stored run's id, once recording started."""
        return self._recorder.run_id if self._recorder is not None else None

    @property
    def place(self) -> tuple[int, int, int] | None:
        """(programme, group, session) ids the current run is saved under, if it is saved."""
        if self._recorder is None:
            return None
        recorder = self._recorder
        programme, group, session = recorder.programme_id, recorder.group_id, recorder.session_id
        if programme is None or group is None or session is None:
            return None
        return programme, group, session

    def current_status(self) -> RunStatus | None:
        return self.run.status() if self.run is not None else None

    def set_tick_interval(self, milliseconds: int) -> None:
        """How often a running plan is ticked (tests make it quick; the default is 250 ms)."""
        self._timer.setInterval(milliseconds)

    # Commands.

    def start(self, plan: Plan, group: str, *, builtin: bool = True) -> Run:
        """Start a new run of ``plan`` for ``group`` (finishing any run still going)."""
        self.finish()
        self._drop_run()
        run = Run(plan, self.clock, auto_advance=self.auto_advance)
        self.run = run
        self.signals.attach(run.events)
        self._record(run, group, builtin)
        self.run_changed.emit(run)
        run.start()
        self._timer.start()
        self._emit_status()
        return run

    def set_auto_advance(self, on: bool) -> None:
        self.auto_advance = on
        if self.run is not None:
            self.run.auto_advance = on
            self.tick()

    def toggle_pause(self) -> None:
        if self.run is None:
            return
        if self.run.state == RunState.RUNNING:
            self.run.pause()
        elif self.run.state == RunState.PAUSED:
            self.run.resume()
        self._emit_status()

    def skip(self) -> None:
        self._command(lambda run: run.skip())

    def back(self) -> None:
        self._command(lambda run: run.back())

    def extend(self, minutes: float) -> None:
        self._command(lambda run: run.extend(minutes))

    def take_from_later(self, minutes: float) -> None:
        self._command(lambda run: run.take_from_later(minutes))

    def done(self, key: str) -> None:
        self._command(lambda run: run.done(key))

    def snooze(self, key: str) -> None:
        self._command(lambda run: run.snooze(key))

    def finish(self) -> None:
        self._command(lambda run: run.finish())

    def tick(self) -> None:
        if self.run is not None:
            self.run.tick()
        self._emit_status()

    def shutdown(self) -> None:
        """Finish any run (keeping its record) and close what the driver opened."""
        self.finish()
        self._drop_run()
        if self._owns_database and self._database is not None:
            self._database.close()
            self._database = None
            self._owns_database = False

    # Inside.

    def _command(self, action: Callable[[Run], object]) -> None:
        if self.run is not None and self.active:
            action(self.run)
            self._emit_status()

    def _emit_status(self) -> None:
        if self.run is None:
            return
        if self.run.state == RunState.FINISHED:
            self._timer.stop()
        self.status.emit(self.run.status())

    def _drop_run(self) -> None:
        self._timer.stop()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        self.signals.close()
        self.run = None

    def _record(self, run: Run, group: str, builtin: bool) -> None:
        try:
            if self._database is None and self._open_database is not None:
                self._database = self._open_database()
                self._owns_database = True
            if self._database is None:
                return
            self._recorder = RunRecorder.for_group(
                self._database, run, group, builtin=builtin, clock_speed=self.speed
            )
        except (sqlite3.Error, OSError) as error:
            self._recorder = None
            self.notice.emit(
                f"This run is not being saved ({error}). The plan still runs; "
                "check there is free disk space and restart Companion to save the next one."
            )
