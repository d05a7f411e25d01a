"""The programme's notes as a table for NVivo, ATLAS.ti or MAXQDA: one row per note.

NVivo imports a spreadsheet as a dataset: ``Text`` is the codable column and
the others (programme, session, group, question, kind, themes, speaker role,
consent) classify it; ATLAS.ti and MAXQDA read the same table as survey
data. CSV (UTF-8 with a byte-order mark, which Excel needs to read accents)
and .xlsx (through openpyxl). Text that a spreadsheet would run as a formula
is kept as text.
"""

from __future__ import annotations

import csv
import io

from companion.notes.export_table import formula_safe
from companion.notes.programme_notes import ProgrammeNotes

COLUMNS = (
    "Text",
    "Programme",
    "Session",
    "Group",
    "Question",
    "Kind",
    "Themes",
    "Speaker role",
    "Said by",
    "Consent",
    "Note ID",
)


def table_rows(programme: ProgrammeNotes) -> list[list[str]]:
    """One row per shared note, in reading order, in the order of ``COLUMNS``."""
    themes = {t.id: t.name for t in programme.themes}
    found: list[list[str]] = []
    for part in programme.parts:
        notes = part.notes
        titles = {s.id: s.title for s in notes.sections}
        for section in notes.sections:
            for note in notes.notes_in(section.id):
                found.append(
                    [
                        note.text,
                        programme.programme,
                        notes.session,
                        notes.group,
                        titles.get(note.section_id, ""),
                        note.kind.label,
                        "; ".join(themes[t] for t in note.theme_ids if t in themes),
                        part.roles.get(note.id, ""),
                        note.attribution(),
                        note.consent.value.replace("_", " ") if note.kind.value == "quote" else "",
                        note.uid,
                    ]
                )
    return found


def render_csv(programme: ProgrammeNotes) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for row in table_rows(programme):
        writer.writerow([formula_safe(v) for v in row])
    return "\ufeff" + out.getvalue()


def render_xlsx(programme: ProgrammeNotes) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Notes"
    sheet.append(list(COLUMNS))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table_rows(programme):
        sheet.append([ILLEGAL_CHARACTERS_RE.sub("", v) for v in row])
        for cell in sheet[sheet.max_row]:
            cell.data_type = "s"  # a note starting with "=" stays words, never a formula
    sheet.freeze_panes = "A2"
    sheet.column_dimensions["A"].width = 80
    for cell in sheet["A"]:
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
