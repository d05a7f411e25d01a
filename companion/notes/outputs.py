"""Writing a group's session outputs: documents, tables and the bundle, in one call."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from companion.notes import export_docx, export_md, export_table
from companion.notes.bundle import SUFFIX, build_members, write_zip
from companion.notes.model import GroupNotes, NotesError
from companion.notes.notebook import Notebook
from companion.notes.share import ShareOptions, base_name, prepare
from companion.paths import private_dir, write_private

Format = Literal["md", "docx", "csv", "json", "bundle"]
FORMATS: tuple[Format, ...] = ("md", "docx", "csv", "json", "bundle")
EXTENSIONS: dict[Format, str] = {
    "md": ".md",
    "docx": ".docx",
    "csv": ".csv",
    "json": ".json",
    "bundle": SUFFIX,
}


def default_path(notes: GroupNotes, fmt: Format, folder: Path) -> Path:
    return Path(folder) / (base_name(notes) + EXTENSIONS[fmt])


def write_one(notebook: Notebook, notes: GroupNotes, fmt: Format, path: Path) -> list[Path]:
    """One format of already-prepared notes at ``path``; returns every file written."""
    path = Path(path)
    try:
        if fmt == "md":
            folder = path.with_name(path.stem + "-evidence")
            images = [e for e in notes.evidence if e.is_image]
            write_private(path, export_md.render(notes, folder.name if images else None))
            written = [path]
            for item in images:
                target = private_dir(folder) / export_md.evidence_file_name(item)
                write_private(target, notebook.evidence.read(item))
                written.append(target)
            return written
        if fmt == "docx":
            return [export_docx.write(notes, path, notebook.evidence.read)]
        if fmt == "csv":
            write_private(path, export_table.render_csv(notes))
            return [path]
        if fmt == "json":
            write_private(path, export_table.render_json(notes))
            return [path]
        if fmt == "bundle":
            return [write_zip(build_members(notebook, notes), path)]
    except OSError as error:
        raise NotesError(
            f"Could not write {path} ({error.strerror or error}). "
            "Choose another folder or free some disk space."
        ) from error
    raise NotesError(f"“{fmt}” is not an export format; use md, docx, csv, json or bundle.")


def missing_alt_text(notes: GroupNotes) -> list[str]:
    return [e.filename for e in notes.evidence if e.needs_alt_text]


def write_outputs(
    notebook: Notebook,
    session_id: int,
    group_id: int,
    folder: Path,
    formats: Iterable[Format] = FORMATS,
    options: ShareOptions | None = None,
    *,
    allow_missing_alt: bool = False,
) -> list[Path]:
    """Write the chosen formats into ``folder``; images must have alt text first."""
    notes = prepare(notebook.group_notes(session_id, group_id), options or ShareOptions())
    missing = missing_alt_text(notes)
    if missing and not allow_missing_alt:
        raise NotesError(
            f"Add alt text to {len(missing)} image(s) before sharing ({', '.join(missing[:3])}): "
            "say in a sentence what the picture shows, for people who cannot see it."
        )
    written: list[Path] = []
    for fmt in formats:
        written += write_one(notebook, notes, fmt, default_path(notes, fmt, folder))
    return written
