"""The lead's hand-over to qualitative-analysis tools, in one call for the CLI and the UI.

``qdpx`` is the REFI-QDA project (``companion.notes.qdpx``); ``csv`` and
``xlsx`` are the table of notes, one row per note (``nvivo_table``);
``qdc`` and ``codebook.csv`` are the codebook (``codebook``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from companion.notes import codebook, nvivo_table, qdpx
from companion.notes.model import NotesError
from companion.notes.notebook import Notebook
from companion.notes.programme_notes import gather
from companion.paths import write_private

AnalysisFormat = Literal["qdpx", "csv", "xlsx", "qdc", "codebook-csv"]
ANALYSIS_FORMATS: tuple[AnalysisFormat, ...] = ("qdpx", "csv", "xlsx", "qdc", "codebook-csv")
DEFAULT_NAMES: dict[AnalysisFormat, str] = {
    "qdpx": "programme.qdpx",
    "csv": "programme-notes.csv",
    "xlsx": "programme-notes.xlsx",
    "qdc": "codebook.qdc",
    "codebook-csv": "codebook.csv",
}


def render(
    notebook: Notebook,
    programme_id: int,
    fmt: AnalysisFormat,
    *,
    session_id: int | None = None,
    anonymise: bool = False,
) -> bytes | str:
    """One analysis export of the programme (or one session of it), ready to write."""
    if fmt == "qdc":
        return codebook.render_qdc(notebook.themes.in_programme(programme_id))
    if fmt == "codebook-csv":
        return codebook.render_csv(notebook.themes.in_programme(programme_id))
    programme = gather(notebook, programme_id, session_id, anonymise=anonymise)
    if fmt == "qdpx":
        return qdpx.render(programme, notebook.evidence.read)
    if fmt == "csv":
        return nvivo_table.render_csv(programme)
    if fmt == "xlsx":
        return nvivo_table.render_xlsx(programme)
    raise NotesError(f"“{fmt}” is not an analysis format; use qdpx, csv, xlsx or qdc.")


def write_analysis(
    notebook: Notebook,
    programme_id: int,
    fmt: AnalysisFormat,
    path: Path,
    *,
    session_id: int | None = None,
    anonymise: bool = False,
) -> Path:
    """Write one analysis export at ``path`` (0600, atomic); errors are a sentence."""
    data = render(notebook, programme_id, fmt, session_id=session_id, anonymise=anonymise)
    try:
        write_private(Path(path), data)
    except OSError as error:
        raise NotesError(
            f"Could not write {path} ({error.strerror or error}). "
            "Choose another folder or free some disk space."
        ) from error
    return Path(path)
