"""A group's notes as Markdown: headings per question, quotes, actions, themes, evidence."""

from __future__ import annotations

import re
from datetime import date

from companion.notes.model import Evidence, GroupNotes, Note, NoteKind, plural

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def md(text: str) -> str:
    """Text safe to put in Markdown: markup characters escaped, lines kept."""
    escaped = _SPECIAL.sub(r"\\\1", text.strip())
    escaped = re.sub(r"(?m)^([#>+\-]|\d+\.)", r"\\\1", escaped)
    return escaped.replace("\n", "  \n")


def cell(text: str) -> str:
    return md(text).replace("  \n", " ") or " "


def note_line(notes: GroupNotes, note: Note) -> str:
    themes = notes.theme_names(note)
    tags = f" _(themes: {', '.join(md(t) for t in themes)})_" if themes else ""
    if note.kind == NoteKind.QUOTE:
        return f"\n> “{md(note.text)}”  \n> — {md(note.attribution())}{tags}\n"
    if note.kind == NoteKind.TRIO:
        return f"- **Trio evidence** (from {md(note.attribution())}): {md(note.text)}{tags}\n"
    if note.kind == NoteKind.ACTION:
        who = f" — {md(note.owner)}" if note.owner else ""
        when = f", by {md(note.due)}" if note.due else ""
        return f"- **Action:** {md(note.text)}{who}{when}{tags}\n"
    if note.kind == NoteKind.NOTE:
        return f"- {md(note.text)}{tags}\n"
    return f"- **{note.kind.label}:** {md(note.text)}{tags}\n"


def evidence_line(item: Evidence, folder: str | None) -> str:
    words = item.alt_text or item.caption or item.filename
    parts = [f"- **{md(item.filename)}** ({item.media_type}, {item.size:,} bytes)"]
    if item.caption:
        parts.append(f"  \n  Caption: {md(item.caption)}")
    if item.alt_text:
        parts.append(f"  \n  Alt text: {md(item.alt_text)}")
    line = "".join(parts) + "\n"
    if folder is not None and item.is_image:
        line += f"\n  ![{cell(words)}]({folder}/{evidence_file_name(item)})\n"
    return line


def evidence_file_name(item: Evidence) -> str:
    return f"{item.sha256[:12]}-{item.filename}".replace(" ", "_")


def render(notes: GroupNotes, evidence_folder: str | None = None) -> str:
    """The whole document; images link into ``evidence_folder`` when it is given."""
    out = [f"# {md(notes.session)} — {md(notes.group)}\n\n"]
    out.append(f"Programme: {md(notes.programme)}  \n")
    if notes.plan:
        out.append(f"Plan: {md(notes.plan)}  \n")
    out.append(f"Written: {date.today().isoformat()}")
    if notes.anonymised:
        out.append("  \nNames have been removed from these notes.")
    out.append("\n")
    for number, section in enumerate(notes.sections, start=1):
        out.append(f"\n## {number}. {md(section.title)}\n\n")
        inside = notes.notes_in(section.id)
        if not inside:
            out.append("_No notes._\n")
        for note in inside:
            out.append(note_line(notes, note) + ("\n" if note.kind == NoteKind.QUOTE else ""))
    actions = [n for n in notes.notes if n.kind == NoteKind.ACTION]
    if actions:
        out.append("\n## Actions and commitments\n\n| What | Who | By when |\n|---|---|---|\n")
        out.extend(f"| {cell(a.text)} | {cell(a.owner)} | {cell(a.due)} |\n" for a in actions)
    if notes.themes:
        out.append("\n## Themes\n\n")
        for theme in notes.themes:
            count = sum(1 for n in notes.notes if theme.id in n.theme_ids)
            about = f": {md(theme.description)}" if theme.description else ""
            out.append(f"- {theme.symbol} **{md(theme.name)}** ({plural(count, 'note')}){about}\n")
    if notes.evidence:
        out.append("\n## Evidence\n\n")
        out.extend(evidence_line(item, evidence_folder) for item in notes.evidence)
    return "".join(out)
