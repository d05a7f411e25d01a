"""Running a plan: the run clock, due prompts, overrun and changes on the fly.

Time comes from an injected clock and counts only while the run is not paused
(active time). Nothing happens by itself: the owner calls ``tick()`` often (the
UI every quarter second); each tick emits, in time order and each stamped with
the exact moment it fell due, every event due since the last one, so a coarse
or late tick never changes what is shown or when it is recorded.

Segments do not end by themselves unless ``auto_advance`` is on: when time is
up the run says so once (``Overrun``) and the facilitator moves on, extends
the segment or takes the time from later segments.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

from companion.clock import Clock
from companion.errors import CompanionError
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
from companion.facilitation.model import Plan, SegmentKind
from companion.facilitation.schedule import take_time, upcoming_prompt
from companion.facilitation.status import RunStatus
from companion.facilitation.timer import ActiveTimer
from companion.signal import Signal

SNOOZE_MINUTES = 2.0
BREAK_PROMPT_TITLE = "Offer a break"
BREAK_PROMPT_TEXT = (
    "It has been about an hour. Offer a short break away from the screen, and say the "
    "time to come back."
)
_NO_BREAK_REMINDER = {SegmentKind.BREAK, SegmentKind.CLOSE}

# Kinds of thing that can fall due, in the order they go when due at the same moment.
_PROMPT, _SNOOZED, _BREAK, _END = range(4)


class Run:
    """One plan being run: emits ``FacilitationEvent``s on ``events``."""

    def __init__(
        self,
        plan: Plan,
        clock: Clock,
        *,
        auto_advance: bool = False,
        snooze_minutes: float = SNOOZE_MINUTES,
        break_prompt: tuple[str, str] = (BREAK_PROMPT_TITLE, BREAK_PROMPT_TEXT),
    ) -> None:
        if not plan.segments:
            raise CompanionError("This plan has no segments, so it cannot be run.")
        self.plan = plan
        self.events: Signal[FacilitationEvent] = Signal()
        self.auto_advance = auto_advance
        self.snooze_seconds = snooze_minutes * 60.0
        self._break_prompt = break_prompt
        self._timer = ActiveTimer(clock)
        self._state = RunState.READY
        self._lengths = [s.seconds for s in plan.segments]
        self._spent = [0.0] * len(plan.segments)  # active seconds of earlier visits
        self._index = 0
        self._visit_start = 0.0
        self._fired: set[tuple[int, int]] = set()
        self._due: dict[str, PromptDue] = {}
        self._snoozed: dict[str, tuple[PromptDue, float]] = {}
        self._overrun_told = False
        self._break_base = 0.0
        self._breaks_offered = 0

    # Queries.

    @property
    def state(self) -> RunState:
        return self._state

    @property
    def index(self) -> int:
        return self._index

    @property
    def due(self) -> tuple[PromptDue, ...]:
        return tuple(self._due.values())

    def now(self) -> float:
        """Active seconds since the start."""
        return self._timer.active()

    def elapsed(self) -> float:
        """Active seconds in the current segment, over all its visits."""
        if self._state == RunState.READY:
            return 0.0
        return self._spent[self._index] + self.now() - self._visit_start

    def status(self) -> RunStatus:
        now = self.now()
        index = self._index
        spent = list(self._spent)
        if self._state in (RunState.RUNNING, RunState.PAUSED):
            spent[index] += now - self._visit_start
        segments = self.plan.segments
        return RunStatus(
            state=self._state,
            index=index,
            segment=segments[index],
            elapsed=spent[index],
            length=self._lengths[index],
            lengths=tuple(self._lengths),
            spent=tuple(spent),
            session_elapsed=now,
            planned_total=self.plan.total_minutes * 60.0,
            next_segment=segments[index + 1] if index + 1 < len(segments) else None,
            next_prompt=upcoming_prompt(self.plan, self._lengths, self._fired, index, spent[index])
            if self._state != RunState.FINISHED
            else None,
            due=self.due,
        )

    # Commands.

    def start(self) -> None:
        if self._state != RunState.READY:
            raise CompanionError("This run has already started; start a new run instead.")
        self._timer.resume()
        self._state = RunState.RUNNING
        self.events.emit(RunStateChanged(RunState.RUNNING, 0.0))
        self.events.emit(SegmentChanged(0, None, Move.START, 0.0))
        if self.plan.segments[0].kind == SegmentKind.BREAK:
            self._break_base = 0.0
        self.tick()

    def pause(self) -> None:
        if self._state != RunState.RUNNING:
            return
        self.tick()
        self._timer.pause()
        self._state = RunState.PAUSED
        self.events.emit(RunStateChanged(RunState.PAUSED, self.now()))

    def resume(self) -> None:
        if self._state != RunState.PAUSED:
            return
        self._timer.resume()
        self._state = RunState.RUNNING
        self.events.emit(RunStateChanged(RunState.RUNNING, self.now()))
        self.tick()

    def tick(self) -> None:
        """Emit everything that has fallen due since the last tick."""
        if self._state in (RunState.RUNNING, RunState.PAUSED):
            self._catch_up(self.now())

    def skip(self) -> None:
        """Move on to the next segment now; after the last one, finish."""
        if not self._active():
            return
        self.tick()
        if self._index + 1 >= len(self.plan.segments):
            self.finish()
            return
        self._move(self._index + 1, Move.NEXT, self.now())
        self.tick()

    def back(self) -> None:
        """Go back to the segment before, carrying on from where it was left."""
        if not self._active() or self._index == 0:
            return
        self.tick()
        self._move(self._index - 1, Move.BACK, self.now())
        self.tick()

    def extend(self, minutes: float) -> SegmentAdjusted | None:
        """Make the current segment ``minutes`` longer; the session ends later."""
        if not self._active() or minutes <= 0:
            return None
        self.tick()
        return self._lengthen(minutes * 60.0, (), Adjustment.EXTEND)

    def take_from_later(self, minutes: float) -> SegmentAdjusted | None:
        """Make the current segment longer with time taken from later segments.

        Talk segments give first, then others; breaks and the close never do, and
        none is left shorter than a minute. What cannot be found is still added
        (the event's ``shortfall`` says how much later the session then ends).
        """
        if not self._active() or minutes <= 0:
            return None
        self.tick()
        wanted = minutes * 60.0
        taken = take_time(self.plan, self._lengths, self._index, wanted)
        return self._lengthen(wanted, taken, Adjustment.TAKE)

    def finish(self) -> None:
        if not self._active():
            return
        self.tick()
        if self._active():  # the tick may have finished it (auto-advance past the end)
            self._finish(self.now())

    def _finish(self, at: float) -> None:
        self._spent[self._index] += at - self._visit_start
        self._visit_start = at
        self._clear_prompts(lambda _prompt: True, at)
        self._timer.pause()
        self._state = RunState.FINISHED
        self.events.emit(RunStateChanged(RunState.FINISHED, at))

    def done(self, key: str) -> None:
        """The facilitator did (or dismissed) the prompt ``key``."""
        prompt = self._due.pop(key, None)
        if prompt is not None:
            self.events.emit(PromptCleared(key, Outcome.DONE, self.now()))

    def snooze(self, key: str) -> None:
        """Put the prompt ``key`` off; it comes back after the snooze time in this segment."""
        prompt = self._due.pop(key, None)
        if prompt is not None:
            now = self.now()
            self._snoozed[key] = (prompt, now + self.snooze_seconds)
            self.events.emit(PromptCleared(key, Outcome.SNOOZED, now))

    # Inside.

    def _active(self) -> bool:
        return self._state in (RunState.RUNNING, RunState.PAUSED)

    def _segment_zero(self) -> float:
        """The active time at which the current segment's elapsed time would be 0."""
        return self._visit_start - self._spent[self._index]

    def _catch_up(self, now: float) -> None:
        while self._active():
            found = self._next_due(now)
            if found is None:
                return
            when, what, number, key = found
            self._fire(when, what, number, key, now)

    def _next_due(self, now: float) -> tuple[float, int, int, str] | None:
        index = self._index
        segment = self.plan.segments[index]
        length = self._lengths[index]
        zero = self._segment_zero()
        floor = self._visit_start
        found: list[tuple[float, int, int, str]] = []
        for number, prompt in enumerate(segment.prompts):
            if (index, number) not in self._fired:
                offset = min(max(prompt.at.seconds_into(length), 0.0), length)
                found.append((max(zero + offset, floor), _PROMPT, number, ""))
        for key, (_prompt, back) in self._snoozed.items():
            found.append((max(back, floor), _SNOOZED, 0, key))
        every = self.plan.break_every
        if every and segment.kind not in _NO_BREAK_REMINDER:
            found.append((max(self._break_base + every * 60.0, floor), _BREAK, 0, ""))
        if not self._overrun_told:
            found.append((max(zero + length, floor), _END, 0, ""))
        due = [item for item in found if item[0] <= now + 1e-9]
        return min(due) if due else None

    def _fire(self, when: float, what: int, number: int, key: str, now: float) -> None:
        index = self._index
        if what == _PROMPT:
            self._fired.add((index, number))
            prompt = self.plan.segments[index].prompts[number]
            due = PromptDue(f"{index}:{number}", prompt.title, prompt.text, index, when, prompt.ref)
            self._show(due)
        elif what == _SNOOZED:
            earlier, _back = self._snoozed.pop(key)
            self._show(replace(earlier, at=when, repeat=earlier.repeat + 1))
        elif what == _BREAK:
            self._break_base = when
            self._breaks_offered += 1
            title, text = self._break_prompt
            self._show(PromptDue(f"break:{self._breaks_offered}", title, text, index, when))
        elif self.auto_advance:
            if index + 1 >= len(self.plan.segments):
                self._overrun_told = True
                self._finish(when)
            else:
                self._move(index + 1, Move.AUTO, when)
        else:
            self._overrun_told = True
            self.events.emit(Overrun(index, when))

    def _show(self, prompt: PromptDue) -> None:
        self._due[prompt.key] = prompt
        self.events.emit(prompt)

    def _move(self, index: int, how: Move, at: float) -> None:
        previous = self._index
        self._spent[previous] += at - self._visit_start
        self._clear_prompts(lambda prompt: prompt.segment_index == previous, at)
        if SegmentKind.BREAK in (self.plan.segments[previous].kind, self.plan.segments[index].kind):
            self._break_base = at
        self._index = index
        self._visit_start = at
        self._overrun_told = False
        self.events.emit(SegmentChanged(index, previous, how, at))

    def _clear_prompts(self, which: Callable[[PromptDue], bool], at: float) -> None:
        for key, prompt in list(self._due.items()):
            if which(prompt):
                del self._due[key]
                self.events.emit(PromptCleared(key, Outcome.EXPIRED, at))
        for key, (prompt, _back) in list(self._snoozed.items()):
            if which(prompt):
                del self._snoozed[key]

    def _lengthen(
        self, seconds: float, taken: tuple[tuple[int, float], ...], how: Adjustment
    ) -> SegmentAdjusted:
        index = self._index
        self._lengths[index] += seconds
        if self.elapsed() < self._lengths[index]:
            self._overrun_told = False
        event = SegmentAdjusted(index, how, seconds, taken, self.now())
        self.events.emit(event)
        self.tick()
        return event
