"""Demo mode: a fast clock and a simulated discussion where two people dominate.

Set ``COMPANION_DEMO_SPEED=60`` before starting Companion and the Turns area
runs on a clock 60 times faster than the wall clock (a minute a second), with
a "Simulate discussion" button: a 20-minute discussion of the roster's first
eight members plays in 20 seconds. Two people take most of the time, two say
nothing for ten minutes, one passes when invited: the nudges and flags come
up as they would in a real group.
"""

from __future__ import annotations

import os
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Literal

from companion.errors import CompanionError
from companion.turns.session import TurnsSession

DEMO_SPEED_ENV = "COMPANION_DEMO_SPEED"
MAX_SPEED = 600.0

Action = Literal["speak", "nobody", "pass", "raise"]

# Sample names for trying the tracker (any script, a long name, a duplicate-free set).
SAMPLE_NAMES = (
    "Aisha Rahman",
    "Bartosz Wiśniewski",
    "Siobhán Ní Bhriain",
    "Dr Jonathan Whitworth-Pemberton",
    "陈美玲 (Mei-Ling)",
    "Kwame Mensah",
    "Óscar Núñez",
    "Priya Venkataraman",
)


@dataclass(frozen=True, slots=True)
class ScriptStep:
    """At ``at`` seconds into the discussion, do ``action`` for the member at ``position``."""

    at: float
    action: Action
    position: int = -1  # place in the roster, from 0; -1 for "nobody"


def demo_speed(environ: Mapping[str, str] | None = None) -> float | None:
    """The demo clock's speed from ``COMPANION_DEMO_SPEED``, or None when not in demo mode."""
    raw = (os.environ if environ is None else environ).get(DEMO_SPEED_ENV, "").strip()
    if not raw:
        return None
    try:
        speed = float(raw)
    except ValueError:
        return None
    if not speed > 0:
        return None
    return min(speed, MAX_SPEED)


def dominated_discussion(
    members: int = 8, minutes: float = 20.0, seed: int = 5
) -> tuple[ScriptStep, ...]:
    """A discussion of ``members`` people where two dominate and two stay quiet at first.

    The second and fourth members (with fewer than six, the first two) take
    most of the talk; the last two say nothing for the first ten minutes;
    then one of them is invited in and speaks briefly, and the other passes;
    late on, a dominant member holds the floor for over three minutes. The
    same seed gives the same script.
    """
    if members < 4:
        raise CompanionError(
            "The simulated discussion needs at least four members. Add more names first."
        )
    rng = random.Random(seed)
    end = minutes * 60
    count = min(members, 10)
    dominant = (1, 3) if count >= 6 else (0, 1)
    quiet = (count - 2, count - 1)
    hesitant = 2 if count >= 6 else None  # speaks once, briefly
    others = [p for p in range(count) if p not in (*dominant, *quiet, hesitant)]
    steps: list[ScriptStep] = [ScriptStep(95.0, "raise", 0)]
    t, last = 0.0, -1
    invited = hesitant_done = long_turn_done = False
    last_dominant = dominant[1]
    next_other = 0
    while t < end - 30:
        if not invited and t >= 660:
            # The facilitator acts on the nudge: one quiet member speaks, the other passes.
            steps += [ScriptStep(t, "speak", quiet[0]), ScriptStep(t + 25, "pass", quiet[1])]
            t, last, invited = t + 25, quiet[0], True
            continue
        if hesitant is not None and not hesitant_done and t >= 240:
            steps.append(ScriptStep(t, "speak", hesitant))
            t, last, hesitant_done = t + 15, hesitant, True
            continue
        if not long_turn_done and t >= 900:
            holder = dominant[0] if last != dominant[0] else dominant[1]
            steps.append(ScriptStep(t, "speak", holder))
            t, last, last_dominant, long_turn_done = t + 200, holder, holder, True
            continue
        if not others or last not in dominant or rng.random() < 0.4:
            # The two dominant voices come back in turn, whoever spoke less recently first.
            speaker = dominant[0] if last_dominant == dominant[1] else dominant[1]
            last_dominant = speaker
        else:
            speaker = others[next_other % len(others)]  # the others take turns, briefly
            next_other += 1
        length = rng.uniform(35, 80) if speaker in dominant else rng.uniform(10, 25)
        steps.append(ScriptStep(t, "speak", speaker))
        t += length
        last = speaker
        if rng.random() < 0.3:
            steps.append(ScriptStep(t, "nobody"))
            t += rng.uniform(2, 6)
            last = -1
    steps = [step for step in steps if step.at < end] + [ScriptStep(end, "nobody")]
    return tuple(sorted(steps, key=lambda s: s.at))


class Simulation:
    """Plays a script into a session as the session's clock passes."""

    def __init__(self, session: TurnsSession, script: tuple[ScriptStep, ...]) -> None:
        if len(session.roster) < 4:
            raise CompanionError(
                "The simulated discussion needs at least four members. Add more names first."
            )
        self.session = session
        self.script = script
        self.start = session.clock()
        self._next = 0

    @property
    def done(self) -> bool:
        return self._next >= len(self.script)

    @property
    def length(self) -> float:
        return self.script[-1].at if self.script else 0.0

    def step(self) -> int:
        """Apply every step that is due by now; returns how many were applied."""
        due = self.session.clock() - self.start
        applied = 0
        while self._next < len(self.script) and self.script[self._next].at <= due:
            self._apply(self.script[self._next])
            self._next += 1
            applied += 1
        return applied

    def _apply(self, step: ScriptStep) -> None:
        members = self.session.roster.members
        if step.action == "nobody":
            self.session.nobody()
            return
        if not 0 <= step.position < len(members):
            return
        member = members[step.position].id
        if step.action == "speak":
            self.session.speak(member)
        elif step.action == "pass":
            self.session.pass_turn(member)
        else:
            self.session.raise_hand(member)


def run_headless(
    session: TurnsSession,
    script: tuple[ScriptStep, ...],
    advance: Callable[[float], None],
    tick_every: float = 1.0,
) -> None:
    """Play a whole script at once: ``advance(seconds)`` moves the session's (manual) clock."""
    simulation = Simulation(session, script)
    while not simulation.done:
        simulation.step()
        session.tick()
        advance(tick_every)
    session.tick()
