"""Each core question with every group's answers side by side, session by session.

A question is matched across groups by the plan's key for it where there is
one, else by its title (any case, spaces tidied). Only shared notes are shown;
a quote says who said it only where they agreed to be named.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.notes.model import Note, NoteKind
from companion.notes.notebook import Notebook
from companion.notes.store import rows


@dataclass(frozen=True, slots=True)
class QuestionAnswers:
    """One question of one session, with each group's notes under it."""

    session: str
    question: str
    answers: dict[str, tuple[str, ...]]  # group name -> its notes as lines


def answer_line(note: Note) -> str:
    if note.kind == NoteKind.QUOTE:
        return f"“{note.text}” — {note.attribution()}"
    if note.kind == NoteKind.NOTE:
        return note.text
    return f"{note.kind.label}: {note.text}"


def by_question(
    notebook: Notebook, programme_id: int, session_id: int | None = None
) -> tuple[tuple[str, ...], tuple[QuestionAnswers, ...]]:
    """The groups (by name) and every question's answers, in session and question order."""
    sessions = rows(
        notebook.db,
        "SELECT id, title FROM sessions WHERE programme_id = ?"
        + (" AND id = ?" if session_id else "")
        + " ORDER BY id",
        [programme_id, session_id] if session_id else [programme_id],
    )
    groups: set[str] = set()
    found: list[QuestionAnswers] = []
    for session in sessions:
        sid = int(session["id"])
        questions: dict[str, tuple[str, dict[str, list[str]]]] = {}
        for group_id, group in notebook.groups_with_notes(sid):
            notes = notebook.notes.notes(sid, group_id)
            for section in notebook.notes.sections(sid, group_id):
                key = section.question_key or " ".join(section.title.lower().split())
                title, answers = questions.setdefault(key, (section.title, {}))
                lines = [answer_line(n) for n in notes if n.section_id == section.id and n.shared]
                if lines:
                    answers.setdefault(group, []).extend(lines)
                    groups.add(group)
        for title, answers in questions.values():
            if answers:
                found.append(
                    QuestionAnswers(
                        str(session["title"]),
                        title,
                        {g: tuple(lines) for g, lines in answers.items()},
                    )
                )
    return tuple(sorted(groups)), tuple(found)
