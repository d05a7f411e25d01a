"""The figures in words: status flags (symbol and words), sentences, and the group line."""

from __future__ import annotations

from companion.clock import ManualClock
from companion.turns.describe import (
    Flag,
    Status,
    group_line,
    member_sentence,
    member_status,
    ordinal,
    since_text,
)
from companion.turns.nudges import NudgeRules
from companion.turns.roster import MemberDetails, Roster
from companion.turns.session import TurnsSession


def _session() -> tuple[TurnsSession, ManualClock, list[int]]:
    roster = Roster()
    roster.add_many([MemberDetails(n) for n in ("Aisha", "Bartosz", "Kwame", "Priya")])
    clock = ManualClock()
    return TurnsSession(roster, clock), clock, list(roster.ids)


def _run(session: TurnsSession, clock: ManualClock, seconds: int) -> None:
    for _ in range(seconds):
        clock.advance(1)
        session.tick()


def test_every_flag_has_a_symbol_and_words() -> None:
    for flag in Flag:
        assert flag.symbol and flag.value and flag.value[0].isupper()
    status = Status((Flag.SPEAKING, Flag.HAND), hand_place=2)
    assert status.text() == "▶ Speaking, ☝ Hand up (2nd)"
    assert status.words() == ["Speaking", "Hand up (2nd)"]
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 101)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "101st",
    ]  # fmt: skip


def test_member_status_and_sentence() -> None:
    session, clock, (a, b, k, p) = _session()
    session.speak(a)
    _run(session, clock, 500)
    session.speak(b)
    _run(session, clock, 20)
    session.pass_turn(p)
    session.set_away(k, True)
    _run(session, clock, 100)
    stats = session.stats
    rules = NudgeRules(share_after=60)
    flags = {m.member: member_status(m, stats, rules).flags for m in stats.members}
    assert flags[a] == (Flag.ABOVE,)
    assert flags[b] == (Flag.SPEAKING,)
    assert flags[k] == (Flag.AWAY,)
    assert flags[p] == (Flag.PASSED,)
    aisha = stats.member(a)
    sentence = member_sentence(aisha, "Aisha", "1", member_status(aisha, stats, rules))
    assert sentence == (
        "Aisha, key 1. High share. 8 minutes 20 seconds of talk, 81% of all talk (an equal "
        "share is 33%). 1 turn. Longest 8 minutes 20 seconds. Last spoke 2 minutes ago."
    )
    assert since_text(aisha) == "2 min" and since_text(stats.member(b)) == "now"
    assert since_text(stats.member(p)) == "—"


def test_group_line() -> None:
    session, clock, (a, _b, _k, p) = _session()
    labels = session.roster.labels()
    assert group_line(session.stats, labels).startswith("Tracking starts at the first mark")
    session.speak(a)
    session.pass_turn(p)
    _run(session, clock, 65)
    assert group_line(session.stats, labels) == (
        "1:05 tracked · 1 turn · equality 0.75 (0 = equal, 0.75 = one voice) · "
        "not heard yet: Bartosz, Kwame · passed: Priya"
    )
