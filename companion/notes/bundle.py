"""The group bundle: one zip with the notes as JSON, the evidence files and a manifest.

Layout (format version 1)::

    manifest.json        {"format", "format_version", "created_at", "app_version",
                          "files": {member name: sha256}}
    notes.json           companion.notes.export_table.to_json of the shared notes
    evidence/<sha256>    each evidence file, named by its own hash
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from companion import __version__
from companion.notes.export_table import to_json
from companion.notes.model import GroupNotes, NotesError
from companion.notes.notebook import Notebook
from companion.notes.share import ShareOptions, prepare
from companion.paths import write_private

FORMAT = "companion-notes-bundle"
FORMAT_VERSION = 1
SUFFIX = ".companion-notes.zip"


def build_members(notebook: Notebook, notes: GroupNotes) -> dict[str, bytes]:
    """The bundle's members, manifest last, as name → bytes."""
    members: dict[str, bytes] = {
        "notes.json": json.dumps(to_json(notes), ensure_ascii=False, indent=1).encode("utf-8")
    }
    for item in notes.evidence:
        members[f"evidence/{item.sha256}"] = notebook.evidence.read(item)
    manifest = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "app_version": __version__,
        "programme": notes.programme,
        "session": notes.session,
        "group": notes.group,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    return members


def write_zip(members: dict[str, bytes], path: Path) -> Path:
    """Write the zip atomically, private to this user."""
    path = Path(path)
    packed = io.BytesIO()
    with zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2020, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            archive.writestr(info, data)
    try:
        write_private(path, packed.getvalue())
    except OSError as error:
        raise NotesError(
            f"Could not write the bundle {path} ({error.strerror or error}). "
            "Choose another folder or free some disk space."
        ) from error
    return path


def write_bundle(
    notebook: Notebook,
    session_id: int,
    group_id: int,
    path: Path,
    options: ShareOptions | None = None,
) -> Path:
    """The group's shared notes as a bundle file at ``path``."""
    notes = prepare(notebook.group_notes(session_id, group_id), options or ShareOptions())
    return write_zip(build_members(notebook, notes), path)
