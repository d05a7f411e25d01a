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
from dataclasses import replace

from PySide6.QtCore import QObject, QTimer, Signal

from companion.clock import Clock, ScaledClock, system_clock
from companion.facilitation.events import PromptDue, RunState, RunStateChanged, SegmentChanged
from companion.facilitation.model import Plan
from companion.facilitation.record import RunRecorder
from companion.facilitation.run import Run
from companion.facilitation.status import RunStatus
from companion.timefmt import spoken
from companion.workshop.coordinator import Workshop
from companion.workshop.events import Place
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


def attention_text(status: RunStatus) -> tuple[str, int, bool]:
    """What every area shows of a run now: the overrun and the due prompts; counts too."""
    if status.state == RunState.FINISHED:
        return "", 0, False
    parts = []
    over = status.over and status.length > 0
    if over:
        minutes = int(-status.remaining // 60)
        by = f" by {spoken(minutes * 60)}" if minutes else ""
        parts.append(f"{status.segment.title} is over time{by}")
    due = len(status.due)
    if due:
        count = "1 prompt" if due == 1 else f"{due} prompts"
        parts.append(f"{count} due, oldest: {status.due[0].title}")
    return "; ".join(parts), due, over


class FacilitationDriver(QObject):
    """Runs one plan at a time for the views, and keeps its record."""

    status = Signal(RunStatus)  # after every tick and command
    run_changed = Signal(object)  # the new Run, or None
    notice = Signal(str)  # a sentence to show: recording failed, demo speed unusable

    def __init__(
        self,
        clock: Clock | None = None,
        *,
        workshop: Workshop | None = None,
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
        self.workshop = workshop  # None: runs are not saved (the plan editor's preview)
        self.run: Run | None = None
        self.signals = RunSignals(parent=self)  # the current run's events, on the GUI thread
        self._recorder: RunRecorder | None = None
        self._place: Place | None = None  # where the current run is saved, once it is
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self.tick)
        # The workshop passes these on, so every area follows the run.
        self.signals.segment_changed.connect(self._on_segment_changed)
        self.signals.run_state_changed.connect(self._on_run_state_changed)
        self._attention = ("", 0, False)  # what the workshop was last told: text, due, over

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
        self._attention = ("", 0, False)
        run = Run(plan, self.clock, auto_advance=self.auto_advance)
        self.run = run
        self.signals.attach(run.events)
        self._record(run, group, builtin)
        self.run_changed.emit(run)
        self._tell_workshop(run)
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
        """Finish any run, keeping its record."""
        self.finish()
        self._drop_run()

    def share_themes(self, plan: Plan) -> list[str]:
        """Put the plan's codebook into its programme's themes (Notes' picker); names added."""
        if self.workshop is None or not plan.themes:
            return []
        try:
            added = self.workshop.share_themes(plan)
        except sqlite3.Error as error:
            self.notice.emit(
                f"The plan's themes could not be added to Notes ({error}); "
                "check there is free disk space, or import the codebook in Notes."
            )
            return []
        if added:
            self.notice.emit(
                f"The plan's codebook added {len(added)} "
                f"{'theme' if len(added) == 1 else 'themes'} to Notes: {', '.join(added)}."
            )
        return added

    def personalised(self, prompt: PromptDue) -> PromptDue:
        """``prompt`` naming the people Turns has not heard yet, where it invites them."""
        if self.workshop is None:
            return prompt
        return replace(prompt, text=self.workshop.prompt_text(prompt.ref, prompt.text))

    # Inside.

    def _on_segment_changed(self, event: SegmentChanged) -> None:
        if self.workshop is None or self.run is None:
            return
        segment = self.run.plan.segments[event.index]
        self.workshop.segment_started(event.index, segment.title, segment.questions)

    def _on_run_state_changed(self, event: RunStateChanged) -> None:
        if event.state == RunState.FINISHED and self.workshop is not None:
            self.workshop.end_run()  # Turns stops tracking and asks what to keep

    def _tell_attention(self, status: RunStatus) -> None:
        """Tell the workshop what is due now, so every area shows it; say what is new."""
        if self.workshop is None or self._place is None or self.workshop.run is None:
            return
        text, due, over = attention_text(status)
        if text == self._attention[0]:
            return
        said = []
        if over and not self._attention[2]:
            said.append(f"Time is up for {status.segment.title}.")
        if due > self._attention[1]:
            said.append(f"Prompt due: {status.due[-1].title}.")
        self._attention = (text, due, over)
        self.workshop.call_attention(text, " ".join(said))

    def _command(self, action: Callable[[Run], object]) -> None:
        if self.run is not None and self.active:
            action(self.run)
            self._emit_status()

    def _emit_status(self) -> None:
        if self.run is None:
            return
        if self.run.state == RunState.FINISHED:
            self._timer.stop()
        status = self.run.status()
        self._tell_attention(status)
        self.status.emit(status)

    def _drop_run(self) -> None:
        self._timer.stop()
        if self.workshop is not None:
            self.workshop.end_run()
        if self._recorder is not None:
            self._recorder.close()
            self._recorder = None
        self.signals.close()
        self.run = None

    def _record(self, run: Run, group: str, builtin: bool) -> None:
        self._place = None
        if self.workshop is None:
            return
        plan = run.plan
        try:
            place = self.workshop.place_for_plan(plan.series, plan.title, plan.name, group)
            self._recorder = RunRecorder(
                self.workshop.db,
                run,
                group_id=place.group_id,
                session_id=place.session_id,
                builtin=builtin,
                clock_speed=self.speed,
            )
            self._place = place
        except (sqlite3.Error, OSError) as error:
            self._recorder = None
            self.notice.emit(
                f"This run is not being saved ({error}). The plan still runs; "
                "check there is free disk space and restart Companion to save the next one."
            )

    def _tell_workshop(self, run: Run) -> None:
        """Turns and Notes follow the workshop, so a saved run is announced there."""
        if self.workshop is None or self._place is None:
            return
        questions = [q for segment in run.plan.segments for q in segment.questions]
        self.share_themes(run.plan)  # before Notes opens the group's page
        self.workshop.start_run(self._place, self.run_id, run.plan.title, questions)
