"""Taking people's names out of words: whole names and each longer part of them.

Used wherever notes are shared with "remove every name": the group's own
exports (``share.prepare``) and the programme's analysis exports
(``programme_notes``), so both follow one rule.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from companion.notes.model import Evidence, GroupNotes, Note, NoteKind

WITHHELD = "a group member"


def people_in(notes: Iterable[Note]) -> set[str]:
    """Every name typed into notes: speakers and owners, also those a kind change hid."""
    found: set[str] = set()
    for note in notes:
        if note.speaker and note.kind != NoteKind.TRIO:  # a trio's speaker is a role
            found.add(note.speaker)
        if note.owner:
            found.add(note.owner)
    return found


class Redactor:
    """Replaces whole names, and each part of three letters or more, with ``WITHHELD``."""

    def __init__(self, names: Iterable[str]) -> None:
        words: set[str] = set()
        for name in names:
            name = " ".join(name.split())
            if not name:
                continue
            words.add(name)
            words.update(part for part in name.split() if len(part) >= 3)
        # Longest first, so "Amira Khan" goes before "Amira" can split it.
        ordered = sorted(words, key=len, reverse=True)
        self.pattern = (
            re.compile(r"(?<!\w)(" + "|".join(re.escape(w) for w in ordered) + r")(?!\w)")
            if ordered
            else None
        )

    def text(self, text: str) -> str:
        return self.pattern.sub(WITHHELD, text) if self.pattern else text

    def note(self, note: Note) -> Note:
        return dataclasses.replace(
            note,
            text=self.text(note.text),
            speaker=self.text(note.speaker),
            owner=self.text(note.owner),
            due=self.text(note.due),
        )

    def group_notes(self, notes: GroupNotes) -> GroupNotes:
        return dataclasses.replace(
            notes,
            sections=tuple(
                dataclasses.replace(s, title=self.text(s.title)) for s in notes.sections
            ),
            notes=tuple(self.note(n) for n in notes.notes),
            evidence=tuple(self._evidence(e) for e in notes.evidence),
            people=(),
        )

    def _evidence(self, item: Evidence) -> Evidence:
        return dataclasses.replace(
            item,
            filename=self.text(item.filename),
            caption=self.text(item.caption),
            alt_text=self.text(item.alt_text),
        )
