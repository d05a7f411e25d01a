"""Nudge rules: not heard after N minutes, shares far from equal, holding the floor, passes."""

from __future__ import annotations

from companion.clock import ManualClock
from companion.turns.nudges import NudgeRules
from companion.turns.roster import MemberDetails, Roster
from companion.turns.session import TurnsSession
from companion.turns.wording import DECK, NudgeKind, phrase

MINUTE = 60.0


def make(rules: NudgeRules | None = None) -> tuple[TurnsSession, ManualClock, list[int]]:
    roster = Roster()
    roster.add_many(
        [
            MemberDetails("Aisha"),
            MemberDetails("Bartosz"),
            MemberDetails("Siobhán", pronunciation="shiv-AWN"),
            MemberDetails("Kwame"),
        ]
    )
    clock = ManualClock()
    return TurnsSession(roster, clock, rules=rules), clock, list(roster.ids)


def run(session: TurnsSession, clock: ManualClock, seconds: float) -> None:
    for _ in range(int(seconds)):
        clock.advance(1.0)
        session.tick()


def kinds(session: TurnsSession) -> set[tuple[NudgeKind, str]]:
    return {(n.kind, n.label) for n in session.nudges.active}


def test_someone_not_heard_after_ten_minutes() -> None:
    session, clock, (a, b, s, _k) = make()
    session.speak(a)
    run(session, clock, 5 * MINUTE)
    session.speak(b)
    run(session, clock, 5 * MINUTE - 1)
    assert not any(n.kind is NudgeKind.NOT_HEARD for n in session.nudges.active)
    run(session, clock, 1)
    assert (NudgeKind.NOT_HEARD, "Siobhán") in kinds(session)
    nudge = next(n for n in session.nudges.active if n.label == "Siobhán")
    assert nudge.words == (
        "We haven't heard from Siobhán yet — would you like to add anything? It's fine to pass."
    )
    assert nudge.reason == "Siobhán has not spoken yet, 10 minutes in."
    assert nudge.pronunciation == "shiv-AWN"
    # Speaking resolves it.
    session.speak(s)
    run(session, clock, 1)
    assert (NudgeKind.NOT_HEARD, "Siobhán") not in kinds(session)


def test_a_pass_is_respected_for_n_minutes() -> None:
    session, clock, (a, _b, s, _k) = make()
    session.speak(a)
    run(session, clock, 8 * MINUTE)
    session.pass_turn(s)
    run(session, clock, 2 * MINUTE)
    assert (NudgeKind.NOT_HEARD, "Kwame") in kinds(session)
    assert (NudgeKind.NOT_HEARD, "Siobhán") not in kinds(session)
    run(session, clock, 8 * MINUTE)  # ten minutes since the pass
    assert (NudgeKind.NOT_HEARD, "Siobhán") in kinds(session)


def test_quiet_for_a_while_after_speaking() -> None:
    session, clock, (a, b, _s, _k) = make(NudgeRules(share_after=10_000))
    session.speak(b)
    run(session, clock, 30)
    session.speak(a)
    run(session, clock, 10 * MINUTE - 1)
    assert (NudgeKind.QUIET, "Bartosz") not in kinds(session)
    run(session, clock, 1)
    assert (NudgeKind.QUIET, "Bartosz") in kinds(session)
    nudge = next(n for n in session.nudges.active if n.kind is NudgeKind.QUIET)
    assert nudge.reason == "Bartosz has not spoken for 10 minutes."


def test_shares_far_from_equal_after_enough_time() -> None:
    rules = NudgeRules(not_heard_after=10_000, share_after=10 * MINUTE, long_turn=10_000)
    session, clock, (a, b, s, k) = make(rules)
    for member, seconds in ((a, 4 * MINUTE), (b, 20), (s, 2 * MINUTE), (k, 2 * MINUTE)):
        session.speak(member)
        run(session, clock, seconds)
    session.speak(a)
    run(session, clock, 90)
    assert kinds(session) == set()  # 9 min 50 s: not yet enough time
    run(session, clock, 10)
    # Aisha: 340 of 600 s = 57% (equal 25%: above 2x). Bartosz: 20 s = 3% (below half).
    assert kinds(session) == {(NudgeKind.HIGH_SHARE, "Aisha"), (NudgeKind.LOW_SHARE, "Bartosz")}
    high = next(n for n in session.nudges.active if n.kind is NudgeKind.HIGH_SHARE)
    assert high.reason == "Aisha has had 57% of the talk time; an equal share is 25%."
    assert "Aisha" in high.words


def test_holding_the_floor_for_m_minutes() -> None:
    session, clock, (a, b, _s, _k) = make(NudgeRules(long_turn=3 * MINUTE))
    session.speak(a)
    run(session, clock, 3 * MINUTE - 1)
    assert kinds(session) == set()
    run(session, clock, 1)
    assert kinds(session) == {(NudgeKind.LONG_TURN, "Aisha")}
    nudge = session.nudges.active[0]
    assert nudge.reason == "Aisha has held the floor for 3 minutes."
    session.speak(b)
    run(session, clock, 1)
    assert kinds(session) == set()


def test_dismissed_nudges_stay_away_then_return_if_still_true() -> None:
    session, clock, (a, _b, _s, _k) = make(NudgeRules(long_turn=MINUTE, snooze=5 * MINUTE))
    session.speak(a)
    run(session, clock, MINUTE)
    [nudge] = session.nudges.active
    session.dismiss_nudge(nudge.id)
    run(session, clock, 5 * MINUTE - 1)
    assert session.nudges.active == ()
    run(session, clock, 1)
    assert [n.kind for n in session.nudges.active] == [NudgeKind.LONG_TURN]
    assert session.nudges.active[0].id != nudge.id


def test_nudges_can_be_turned_off_and_thresholds_changed() -> None:
    session, clock, (a, *_rest) = make(NudgeRules(enabled=False))
    session.speak(a)
    run(session, clock, 20 * MINUTE)
    assert session.nudges.active == ()
    session.set_rules(NudgeRules(long_turn=MINUTE))
    run(session, clock, 1)
    assert {n.kind for n in session.nudges.active} >= {NudgeKind.LONG_TURN, NudgeKind.NOT_HEARD}
    session.set_rules(NudgeRules(enabled=False))
    assert session.nudges.active == ()


def test_away_members_are_not_nudged() -> None:
    session, clock, (a, _b, s, _k) = make()
    session.set_away(s, True)
    session.speak(a)
    run(session, clock, 11 * MINUTE)
    assert (NudgeKind.NOT_HEARD, "Siobhán") not in kinds(session)
    assert (NudgeKind.NOT_HEARD, "Kwame") in kinds(session)


def test_rules_from_saved_settings_fall_back_on_bad_values() -> None:
    rules = NudgeRules.from_dict(
        {"enabled": "yes", "not_heard_after": 300, "long_turn": -4, "bogus": 1, "snooze": True}
    )
    assert rules == NudgeRules(not_heard_after=300.0)
    assert NudgeRules.from_dict(NudgeRules(low_share=0.3).to_dict()).low_share == 0.3


def test_every_phrasing_names_the_member_once_and_is_gentle() -> None:
    for kind, options in DECK.items():
        for turn in range(len(options)):
            words = phrase(kind, "Kwame", turn)
            assert words.count("Kwame") == 1
            if kind in (NudgeKind.NOT_HEARD, NudgeKind.QUIET, NudgeKind.LOW_SHARE):
                assert "pass" in words.lower()  # passing is always offered
    assert phrase(NudgeKind.QUIET, "X", 0) != phrase(NudgeKind.QUIET, "X", 1)
