"""Importing the lead's codebook in Notes: the programme's themes from a small file.

The lead exports the codebook (Lead area: .qdc or codebook .csv) or puts it in
the plan; a note-taker whose plan has no themes imports the file here, and its
themes join the picker of the programme of the notes shown. Themes already
there (same name, any case) are kept as they are.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from companion.notes import codebook
from companion.notes.model import NotesError

if TYPE_CHECKING:
    from ui.notes.area import NotesArea

CODEBOOK_FILTER = "Codebooks (*.qdc *.qdpx *.csv);;All files (*)"


def import_codebook(
    area: NotesArea, chooser: Callable[[], str] | None = None
) -> codebook.CodebookImport | None:
    """Ask for a codebook file and add its themes to the programme of the notes shown."""
    if not area.session_id:
        area._set_saved("Open or start a session first: themes belong to its programme.")
        return None
    chosen = (chooser or (lambda: _ask(area)))()
    if not chosen:
        return None
    path = Path(chosen)
    try:
        codes = codebook.read(path)
        programme = area.notebook.programme_id(area.session_id)
        done = codebook.import_codes(area.notebook, programme, codes)
    except NotesError as error:
        area._set_saved(f"Codebook not imported. {error}")
        return None
    area._set_saved(f"Codebook {path.name}: {done.sentence()}")
    area._update_notes()
    return done


def _ask(area: NotesArea) -> str:
    path, _ = QFileDialog.getOpenFileName(area, "Import codebook", "", CODEBOOK_FILTER)
    return path
