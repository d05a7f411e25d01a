"""What a group chooses to share at session end, applied once for every format."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from dataclasses import dataclass

from companion.notes.model import Consent, GroupNotes, Note, NoteKind, hidden_defaults
from companion.notes.redact import WITHHELD, Redactor, people_in

ALL_KINDS = frozenset(NoteKind)


@dataclass(frozen=True, slots=True)
class ShareOptions:
    """The choices made on the "End session" walk-through."""

    kinds: frozenset[NoteKind] = ALL_KINDS  # kinds of note to include
    anonymise: bool = False  # no names at all: quotes anonymous, owners withheld
    evidence: bool = True  # include evidence files (with their alt text)


def shown_only(note: Note) -> Note:
    """The note without the fields its kind does not show (left over from a kind change)."""
    hidden = hidden_defaults(note.kind)
    if all(getattr(note, k) == v for k, v in hidden.items()):
        return note
    return dataclasses.replace(note, **hidden)  # type: ignore[arg-type]


def prepare(
    notes: GroupNotes, options: ShareOptions | None = None, names: Iterable[str] = ()
) -> GroupNotes:
    """Only the shared notes of the chosen kinds, with names removed where asked.

    Anonymising takes every name out of every field: quote speakers, action
    owners, and, in the words of notes, section titles and evidence, each
    roster name and each name ever typed as a speaker or owner (``names`` adds
    more, such as the whole programme's roster).
    """
    options = options or ShareOptions()
    kept = []
    for note in notes.notes:
        if not note.shared or note.kind not in options.kinds:
            continue
        note = shown_only(note)
        if note.kind == NoteKind.QUOTE and (options.anonymise or note.consent != Consent.NAMED):
            note = dataclasses.replace(
                note,
                speaker="",
                member_id=None,
                consent=Consent.ANONYMOUS if options.anonymise else note.consent,
            )
        if options.anonymise and note.kind == NoteKind.ACTION and note.owner:
            note = dataclasses.replace(note, owner=WITHHELD)
        kept.append(note)
    used = {t for n in kept for t in n.theme_ids}
    prepared = dataclasses.replace(
        notes,
        notes=tuple(kept),
        themes=tuple(t for t in notes.themes if t.id in used),
        evidence=notes.evidence if options.evidence else (),
        extra={**notes.extra, "anonymised": "yes" if options.anonymise else "no"},
    )
    if not options.anonymise:
        return prepared
    redact = Redactor({*notes.people, *people_in(notes.notes), *names})
    return redact.group_notes(prepared)


def slug(text: str) -> str:
    """A file-name-safe version of ``text``: "Webinar 2: Group A" → "webinar-2-group-a"."""
    words = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(words) > 40:
        words = words[:41].rsplit("-", 1)[0]  # whole words only
    return words or "notes"


def base_name(notes: GroupNotes) -> str:
    return f"{slug(notes.session)}-{slug(notes.group)}"
