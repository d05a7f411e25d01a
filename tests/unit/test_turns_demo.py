"""Demo mode: the fast clock setting and the simulated discussion where two people dominate."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.clock import ManualClock, ScaledClock
from companion.errors import CompanionError
from companion.store import db as store
from companion.store.database import open_database
from companion.turns.demo import (
    SAMPLE_NAMES,
    Simulation,
    demo_speed,
    dominated_discussion,
    run_headless,
)
from companion.turns.events import NudgeRaised, TurnsEvent
from companion.turns.roster import MemberDetails, Roster
from companion.turns.roster_import import parse_pasted
from companion.turns.roster_store import load_roster
from companion.turns.session import TurnsSession
from companion.turns.summary import keep_summary, load_summaries
from companion.turns.wording import NudgeKind


@pytest.mark.parametrize(
    ("value", "speed"),
    [
        ("60", 60.0),
        (" 2.5 ", 2.5),
        ("", None),
        ("fast", None),
        ("0", None),
        ("-3", None),
        ("nan", None),
        ("100000", 600.0),
    ],
)
def test_demo_speed_from_the_environment(value: str, speed: float | None) -> None:
    assert demo_speed({"COMPANION_DEMO_SPEED": value}) == speed
    assert demo_speed({}) is None


def test_the_script_is_deterministic_and_twenty_minutes_long() -> None:
    script = dominated_discussion()
    assert script == dominated_discussion()
    assert script[-1].at == 1200 and script[-1].action == "nobody"
    assert [s.at for s in script] == sorted(s.at for s in script)
    with pytest.raises(CompanionError, match="at least four"):
        dominated_discussion(members=3)


def test_new_user_flow_paste_eight_names_simulate_see_nudges_keep(tmp_path: Path) -> None:
    """The issue's "Done when", without the window: paste, simulate, nudges, keep."""
    db = open_database(tmp_path / "c.db")
    try:
        programme = store.ensure_programme(db, "Demo")
        group = store.ensure_group(db, programme, "Group 1")
        roster = load_roster(db, group)
        roster.add_many(parse_pasted("\n".join(SAMPLE_NAMES)))
        clock = ManualClock()
        session = TurnsSession(roster, clock)
        events: list[TurnsEvent] = []
        session.events.connect(events.append)
        run_headless(session, dominated_discussion(len(roster)), clock.advance)

        stats = session.stats
        labels = roster.labels()
        shares = sorted(((m.share, labels[m.member]) for m in stats.members), reverse=True)
        assert {shares[0][1], shares[1][1]} == {SAMPLE_NAMES[1], SAMPLE_NAMES[3]}
        assert shares[0][0] + shares[1][0] > 0.7  # two people dominate
        assert stats.gini > 0.5 and 1190 <= stats.elapsed <= 1210
        nudges = [e.nudge for e in events if isinstance(e, NudgeRaised)]
        not_heard = {n.label for n in nudges if n.kind is NudgeKind.NOT_HEARD}
        assert {SAMPLE_NAMES[6], SAMPLE_NAMES[7]} <= not_heard
        assert any(SAMPLE_NAMES[7] in n.words for n in nudges)
        assert any(n.kind is NudgeKind.HIGH_SHARE for n in nudges)
        assert any(n.kind is NudgeKind.LONG_TURN for n in nudges)
        assert stats.member(roster.ids[7]).passes == 1  # the pass is shown, not silence

        session_id = store.create_session(db, programme, "Demo session")
        keep_summary(db, session_id, group, session.summary(group="Group 1"))
        [kept] = load_summaries(db, session_id)
        assert len(kept.members) == 8 and kept.gini == pytest.approx(stats.gini)
    finally:
        db.close()


def test_simulation_follows_a_fast_clock() -> None:
    wall = ManualClock()
    clock = ScaledClock(60, base=wall)
    roster = Roster()
    roster.add_many([MemberDetails(n) for n in SAMPLE_NAMES])
    session = TurnsSession(roster, clock)
    simulation = Simulation(session, dominated_discussion())
    wall.advance(10)  # ten wall seconds: ten minutes of discussion
    simulation.step()
    assert not simulation.done and session.speaker is not None
    wall.advance(11)
    simulation.step()
    assert simulation.done and simulation.length == 1200


def test_simulation_needs_four_members() -> None:
    roster = Roster()
    roster.add_many([MemberDetails("A"), MemberDetails("B")])
    with pytest.raises(CompanionError, match="at least four members"):
        Simulation(TurnsSession(roster, ManualClock()), dominated_discussion())
