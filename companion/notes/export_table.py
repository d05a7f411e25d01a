"""A group's notes as CSV (one row per note) and JSON (everything), for analysis."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from companion.notes.model import GroupNotes, Note

CSV_COLUMNS = (
    "programme",
    "session",
    "group",
    "section",
    "position",
    "kind",
    "text",
    "said_by",
    "consent",
    "owner",
    "due",
    "themes",
    "created_at",
    "updated_at",
    "uid",
)


def formula_safe(value: str) -> str:
    """Stop a spreadsheet running a note that starts like a formula."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def note_record(notes: GroupNotes, note: Note) -> dict[str, Any]:
    titles = {s.id: s.title for s in notes.sections}
    return {
        "uid": note.uid,
        "section": titles.get(note.section_id, ""),
        "position": note.position,
        "kind": note.kind.value,
        "text": note.text,
        "said_by": note.attribution(),
        "speaker": note.speaker,
        "consent": note.consent.value,
        "owner": note.owner,
        "due": note.due,
        "themes": notes.theme_names(note),
        "origin": note.origin,
        "created_at": note.created_at,
        "updated_at": note.updated_at,
    }


def render_csv(notes: GroupNotes) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, extrasaction="ignore")
    writer.writeheader()
    for note in notes.notes:
        record = note_record(notes, note)
        record.update(
            programme=notes.programme,
            session=notes.session,
            group=notes.group,
            themes="; ".join(record["themes"]),
        )
        writer.writerow({k: formula_safe(str(v)) for k, v in record.items()})
    return out.getvalue()


def to_json(notes: GroupNotes) -> dict[str, Any]:
    """Everything in the export as plain JSON values (also the bundle's notes.json)."""
    return {
        "programme": notes.programme,
        "session": notes.session,
        "group": notes.group,
        "plan": notes.plan,
        "anonymised": notes.anonymised,
        "sections": [
            {"title": s.title, "position": s.position, "question_key": s.question_key}
            for s in notes.sections
        ],
        "themes": [
            {
                "uid": t.uid,
                "name": t.name,
                "description": t.description,
                "colour": t.colour,
                "symbol": t.symbol,
            }
            for t in notes.themes
        ],
        "notes": [note_record(notes, n) for n in notes.notes],
        "evidence": [
            {
                "uid": e.uid,
                "sha256": e.sha256,
                "filename": e.filename,
                "media_type": e.media_type,
                "size": e.size,
                "caption": e.caption,
                "alt_text": e.alt_text,
                "section": next((s.title for s in notes.sections if s.id == e.section_id), None),
            }
            for e in notes.evidence
        ],
    }


def render_json(notes: GroupNotes) -> str:
    return json.dumps(to_json(notes), ensure_ascii=False, indent=2) + "\n"
