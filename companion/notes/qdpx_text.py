"""The plain text of one REFI-QDA source: a group's notes in one session, in reading order.

The text is UTF-8 with LF line ends. Each note is a paragraph: a short label
("Quote (anonymous): ") and then the note's own words, and ``Span`` records
where those words start and end, in characters (Unicode code points, as the
REFI-QDA standard counts them), so that ``text[span.start:span.end]`` is
exactly the note's text as exported.
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.notes.model import GroupNotes, Note, NoteKind


@dataclass(frozen=True, slots=True)
class Span:
    """Where one note's words sit in its source text."""

    note: Note
    start: int
    end: int


def plain(text: str) -> str:
    """Line ends as LF: the standard's plain text, and what the offsets count."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def label(note: Note) -> str:
    """What is written before a note's words: its kind, and who said it where shown."""
    said_by = note.attribution()
    if note.kind == NoteKind.ACTION:
        details = ", ".join(x for x in (note.owner, f"by {note.due}" if note.due else "") if x)
        return f"{note.kind.label} ({details}): " if details else f"{note.kind.label}: "
    return f"{note.kind.label} ({said_by}): " if said_by else f"{note.kind.label}: "


def compose(notes: GroupNotes) -> tuple[str, list[Span]]:
    """The source text of a group's notes and the span of every note in it."""
    out: list[str] = []
    length = 0
    spans: list[Span] = []

    def add(piece: str) -> None:
        nonlocal length
        out.append(piece)
        length += len(piece)

    add(plain(f"{notes.programme}\n{notes.session}\n{notes.group}\n"))
    for section in notes.sections:
        inside = notes.notes_in(section.id)
        if not inside:
            continue
        add(plain(f"\n{section.title}\n"))
        for note in inside:
            add("\n" + plain(label(note)))
            words = plain(note.text)
            spans.append(Span(note, length, length + len(words)))
            add(words + "\n")
    return "".join(out), spans
