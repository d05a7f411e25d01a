"""A whole programme's shared notes, gathered once for the analysis exports.

Every (session, group) with shared notes or evidence becomes a ``Part``
holding that group's notes as the End-session walk-through would share them
(``share.prepare``). With ``anonymise`` no member's name is left in any field:
quotes lose their speaker, actions their owner, and every roster name, quote
speaker and action owner of the programme is also replaced in the words of
notes, section titles and evidence descriptions, because people write
"Amira suggested rounds".
"""

from __future__ import annotations

from dataclasses import dataclass

from companion.notes.model import GroupNotes, Note, NoteKind, Theme
from companion.notes.notebook import Notebook
from companion.notes.redact import people_in
from companion.notes.share import ShareOptions, prepare
from companion.notes.store import rows


@dataclass(frozen=True, slots=True)
class Part:
    """One group's shared notes in one session."""

    session_id: int
    group_id: int
    notes: GroupNotes  # prepared: shared notes only, names removed where asked
    roles: dict[int, str]  # note id -> the speaker's role, where it may be shown


@dataclass(frozen=True, slots=True)
class ProgrammeNotes:
    """What the analysis exports hold: the codebook and every part, in reading order."""

    programme_id: int
    programme: str
    themes: tuple[Theme, ...]  # the whole codebook, used or not
    parts: tuple[Part, ...]  # by session (oldest first), then group name
    anonymised: bool


def gather(
    notebook: Notebook,
    programme_id: int,
    session_id: int | None = None,
    *,
    anonymise: bool = False,
) -> ProgrammeNotes:
    """The programme's shared notes (one session's, if given)."""
    found = rows(notebook.db, "SELECT name FROM programmes WHERE id = ?", [programme_id])
    programme = str(found[0]["name"]) if found else "Programme"
    sessions = rows(
        notebook.db,
        "SELECT id FROM sessions WHERE programme_id = ?"
        + (" AND id = ?" if session_id else "")
        + " ORDER BY id",
        [programme_id, session_id] if session_id else [programme_id],
    )
    members = rows(
        notebook.db,
        "SELECT m.id, m.name, m.role FROM members m JOIN groups g ON g.id = m.group_id "
        "WHERE g.programme_id = ?",
        [programme_id],
    )
    member_roles = {int(m["id"]): str(m["role"] or "") for m in members}
    parts: list[Part] = []
    names: set[str] = {str(m["name"]) for m in members if m["name"]}
    raw_parts: list[tuple[int, int, GroupNotes]] = []
    for session in sessions:
        sid = int(session["id"])
        for group_id, _ in notebook.groups_with_notes(sid):
            raw = notebook.group_notes(sid, group_id)
            if raw.notes or raw.evidence:
                raw_parts.append((sid, group_id, raw))
                names |= people_in(raw.notes)
    for sid, group_id, raw in raw_parts:
        prepared = prepare(raw, ShareOptions(anonymise=anonymise), names)
        # A trio's role is read after anonymising, so a name typed as a role goes too.
        shown = {n.id: n for n in prepared.notes}
        roles = {
            n.id: _role(
                shown.get(n.id, n) if n.kind == NoteKind.TRIO else n, member_roles, anonymise
            )
            for n in raw.notes
        }
        parts.append(Part(sid, group_id, prepared, {k: v for k, v in roles.items() if v}))
    return ProgrammeNotes(
        programme_id,
        programme,
        tuple(notebook.themes.in_programme(programme_id)),
        tuple(parts),
        anonymise,
    )


def _role(note: Note, member_roles: dict[int, str], anonymise: bool) -> str:
    """A trio note's speaker is recorded by role; a quote's role comes from the roster."""
    if note.kind == NoteKind.TRIO:
        return note.speaker
    if note.kind == NoteKind.QUOTE and note.member_id is not None and not anonymise:
        return member_roles.get(note.member_id, "")
    return ""
