"""A small programme for the analysis-export tests: two sessions, two groups, named people.

Names to look for in anonymised exports are in ``PEOPLE``; every one of them
is somewhere in the programme (roster, quote speaker, action owner, note text).
"""

from __future__ import annotations

from companion.notes import demo
from companion.notes.model import Consent, NoteKind
from companion.notes.notebook import Notebook
from companion.store.db import now
from companion.turns.summary import MemberTotals, ParticipationSummary

PEOPLE = ("Amira Haddad", "Tomasz Nowak", "Priya", "Kwame Mensah")
WEBINAR_1 = "Webinar 1: Introduction"
TRICKY = "Line one\r\nline two é 😀 =SUM(A1)\rend"  # CRLF, CR, accents, emoji, a formula


def build(book: Notebook) -> int:
    """The programme's id; notes in webinars 1 and 2 for Groups A and B."""
    session_1, group_a = book.start_session(
        demo.PROGRAMME, WEBINAR_1, "Group A", ["What brought you here?"]
    )
    _, group_b = book.start_session(
        demo.PROGRAMME, WEBINAR_1, "Group B", ["What brought you here?"], session_id=session_1
    )
    session_2, _ = demo.group_session(book, "Group A")
    demo.group_session(book, "Group B", session_id=session_2)
    programme = book.programme_id(session_1)
    safety = book.themes.ensure(programme, "Psychological safety", description="Safe to speak")
    power = book.themes.ensure(programme, "Hierarchy and power")
    book.themes.ensure(programme, "Unused theme", description="No note has it yet")
    amira = _member(book, group_a, "Amira Haddad", "Ward sister")
    _member(book, group_a, "Tomasz Nowak", "Consultant")
    _member(book, group_b, "Kwame Mensah", "Porter")
    for session in (session_1, session_2):
        for group in (group_a, group_b):
            first = book.notes.sections(session, group)[0]
            quote = book.notes.add(
                first.id,
                NoteKind.QUOTE,
                "I could say no here",
                speaker="Amira Haddad",
                member_id=amira,
                consent=Consent.NAMED,
            )
            anonymous = book.notes.add(
                first.id, NoteKind.QUOTE, "Nobody asked me before", speaker="Priya"
            )
            note = book.notes.add(first.id, NoteKind.NOTE, "Tomasz said rounds help " + TRICKY)
            action = book.notes.add(
                first.id, NoteKind.ACTION, "Try rounds", owner="Kwame Mensah", due="2027-01-15"
            )
            book.notes.add(first.id, NoteKind.TRIO, "Meetings start with names", speaker="a porter")
            book.notes.add(first.id, NoteKind.NOTE, "Private aside", shared=False)
            book.themes.set_note_themes(quote.id, [safety.id])
            book.themes.set_note_themes(anonymous.id, [safety.id, power.id])
            book.themes.set_note_themes(action.id, [power.id])
            book.themes.set_note_themes(note.id, [])
    book.evidence.add(
        session_2, group_b, demo.png(), "poster.png", alt_text="A yellow poster by Priya"
    )
    book.evidence.add(session_2, group_b, b"%PDF-1.4 not a picture", "slides.pdf")
    book.evidence.add(session_2, group_b, b"\x00\x01 unknown", "scores.xyz")
    return programme


def _member(book: Notebook, group_id: int, name: str, role: str) -> int:
    cursor = book.db.execute(
        "INSERT INTO members (group_id, position, name, role, created_at) VALUES (?, 0, ?, ?, ?)",
        [group_id, name, role, now()],
    )
    return int(cursor.lastrowid or 0)


def kept_summary(shares: list[float], labels: list[str], gini: float) -> ParticipationSummary:
    """A participation summary as a group keeps it: shares of talk in roster order."""
    equal = 1 / len(shares)
    members = tuple(
        MemberTotals(
            position=i + 1,
            label=label,
            anonymised=label.startswith("Participant"),
            role="",
            away=False,
            talk_seconds=600 * share,
            share=share,
            equal_share=equal,
            turns=3 if share else 0,
            longest_turn_seconds=60.0 if share else 0.0,
            passes=0,
        )
        for i, (share, label) in enumerate(zip(shares, labels, strict=True))
    )
    return ParticipationSummary(600.0, 600.0, 9, gini, len(shares), members)
