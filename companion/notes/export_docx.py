"""A group's notes as a Word document (python-docx), images embedded with alt text."""

from __future__ import annotations

import io
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from docx import Document
from docx.shared import Inches, Pt

from companion.notes.model import Evidence, GroupNotes, Note, NoteKind, plural

ImageReader = Callable[[Evidence], bytes]


def new_document(title: str) -> Any:
    document = Document()
    document.core_properties.title = title
    document.styles["Normal"].font.size = Pt(11)
    return document


def add_picture(document: Any, data: bytes, alt: str, width: float = 5.5) -> bool:
    """Embed an image with its alt text (Word's "description"); False if Word cannot show it."""
    try:
        shape = document.add_picture(io.BytesIO(data), width=Inches(width))
    except Exception:  # python-docx raises several types for unknown or broken images
        return False
    shape._inline.docPr.set("descr", alt)
    shape._inline.docPr.set("title", alt[:80])
    return True


def add_table(document: Any, header: list[str], body: list[list[str]]) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in body:
        cells = table.add_row().cells
        for cell, text in zip(cells, values, strict=True):
            cell.text = text


def add_note(document: Any, notes: GroupNotes, note: Note) -> None:
    themes = notes.theme_names(note)
    tags = f" (themes: {', '.join(themes)})" if themes else ""
    if note.kind == NoteKind.QUOTE:
        paragraph = document.add_paragraph(style="Quote")
        paragraph.add_run(f"“{note.text}”")
        paragraph.add_run(f" — {note.attribution()}{tags}")
        return
    paragraph = document.add_paragraph(style="List Bullet")
    if note.kind == NoteKind.TRIO:
        paragraph.add_run(f"Trio evidence (from {note.attribution()}): ").bold = True
    elif note.kind != NoteKind.NOTE:
        paragraph.add_run(f"{note.kind.label}: ").bold = True
    text = note.text
    if note.kind == NoteKind.ACTION:
        text += (f" — {note.owner}" if note.owner else "") + (
            f", by {note.due}" if note.due else ""
        )
    paragraph.add_run(text + tags)


def render(notes: GroupNotes, read_image: ImageReader | None = None) -> Any:
    """The document object (save it with ``.save(path)``)."""
    document = new_document(f"{notes.session} — {notes.group}")
    document.add_heading(f"{notes.session} — {notes.group}", level=0)
    lines = [f"Programme: {notes.programme}", f"Written: {date.today().isoformat()}"]
    if notes.plan:
        lines.insert(1, f"Plan: {notes.plan}")
    if notes.anonymised:
        lines.append("Names have been removed from these notes.")
    document.add_paragraph("\n".join(lines))
    for number, section in enumerate(notes.sections, start=1):
        document.add_heading(f"{number}. {section.title}", level=1)
        inside = notes.notes_in(section.id)
        if not inside:
            document.add_paragraph("No notes.")
        for note in inside:
            add_note(document, notes, note)
    actions = [n for n in notes.notes if n.kind == NoteKind.ACTION]
    if actions:
        document.add_heading("Actions and commitments", level=1)
        add_table(document, ["What", "Who", "By when"], [[a.text, a.owner, a.due] for a in actions])
    if notes.themes:
        document.add_heading("Themes", level=1)
        for theme in notes.themes:
            count = sum(1 for n in notes.notes if theme.id in n.theme_ids)
            about = f": {theme.description}" if theme.description else ""
            document.add_paragraph(
                f"{theme.symbol} {theme.name} ({plural(count, 'note')}){about}", style="List Bullet"
            )
    if notes.evidence:
        document.add_heading("Evidence", level=1)
        for item in notes.evidence:
            add_evidence(document, item, read_image)
    return document


def add_evidence(document: Any, item: Evidence, read_image: ImageReader | None) -> None:
    paragraph = document.add_paragraph(style="List Bullet")
    paragraph.add_run(item.filename).bold = True
    paragraph.add_run(f" ({item.media_type}, {item.size:,} bytes)")
    if item.caption:
        document.add_paragraph(f"Caption: {item.caption}")
    if item.alt_text:
        document.add_paragraph(f"Alt text: {item.alt_text}")
    if item.is_image and read_image is not None:
        words = item.alt_text or item.caption or item.filename
        if not add_picture(document, read_image(item), words):
            document.add_paragraph(
                "(This image type cannot be shown in Word; it is in the bundle.)"
            )


def write(notes: GroupNotes, path: Path, read_image: ImageReader | None = None) -> Path:
    render(notes, read_image).save(str(path))
    os.chmod(path, 0o600)
    return path
