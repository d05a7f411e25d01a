"""Evidence files kept by content hash in a private folder beside the database.

Any file is accepted: images, sound, PDFs, slides, posters. A type nobody
recognises is kept as a file and listed. Images need alt text before export.
"""

from __future__ import annotations

import hashlib
import mimetypes
import re
import uuid
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from companion.notes.events import NotesChanged, NotesEvent
from companion.notes.model import Evidence, NotesError
from companion.notes.store import rows
from companion.paths import private_dir, write_private
from companion.signal import Signal
from companion.store.db import database_path as db_path
from companion.store.db import now

MAX_EVIDENCE_BYTES = 200 * 1024 * 1024  # a long sound file fits; a video of the call does not

# Leading bytes of the types people send most, so a misnamed file is still shown right.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"%PDF-", "application/pdf"),
    (b"ID3", "audio/mpeg"),
    (b"OggS", "audio/ogg"),
    (b"fLaC", "audio/flac"),
)


def sniff_media_type(data: bytes, filename: str) -> str:
    """The media type from the content where it is clear, else from the name."""
    for magic, media_type in _MAGIC:
        if data.startswith(magic):
            return media_type
    if data[:4] == b"RIFF" and data[8:12] == b"WAVE":
        return "audio/wav"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    guessed, _ = mimetypes.guess_type(filename)
    if guessed and not guessed.startswith("image/"):
        return guessed  # an image must prove itself by its bytes
    return "application/octet-stream"


def safe_filename(name: str) -> str:
    """A file name with no folders, control characters or leading dots; never empty."""
    base = re.split(r"[\\/]", name)[-1]
    base = "".join(c for c in base if c.isprintable()).strip().lstrip(".")
    return base[:120] or "evidence"


def evidence_from_row(row: dict[str, Any]) -> Evidence:
    return Evidence(
        id=int(row["id"]),
        uid=str(row["uid"]),
        session_id=int(row["session_id"]),
        group_id=int(row["group_id"]),
        section_id=None if row["section_id"] is None else int(row["section_id"]),
        sha256=str(row["sha256"]),
        filename=str(row["filename"]),
        media_type=str(row["media_type"]),
        size=int(row["size"]),
        caption=str(row["caption"]),
        alt_text=str(row["alt_text"]),
        created_at=str(row["created_at"]),
    )


class EvidenceStore:
    """Evidence rows in the database, their bytes in ``folder`` named by SHA-256."""

    def __init__(
        self, db: Database, folder: Path | None = None, events: Signal[NotesEvent] | None = None
    ) -> None:
        self.db = db
        self.folder = folder or db_path(db).parent / "evidence"
        self.events: Signal[NotesEvent] = events or Signal()

    def path_for(self, sha256: str) -> Path:
        if not re.fullmatch(r"[0-9a-f]{64}", sha256):
            raise NotesError("That evidence reference is not a SHA-256 hash.")
        return self.folder / sha256[:2] / sha256

    def keep_bytes(self, data: bytes) -> str:
        """Write ``data`` under its hash (once), private; return the hash."""
        if len(data) > MAX_EVIDENCE_BYTES:
            raise NotesError(
                f"That file is {len(data) // (1024 * 1024)} MB; evidence files can be at most "
                f"{MAX_EVIDENCE_BYTES // (1024 * 1024)} MB. Share a shorter or smaller copy."
            )
        sha = hashlib.sha256(data).hexdigest()
        target = self.path_for(sha)
        if target.exists() and target.stat().st_size == len(data):
            return sha
        private_dir(self.folder)
        private_dir(target.parent)
        try:
            write_private(target, data)
        except OSError as error:
            raise NotesError(
                f"Could not keep the evidence file ({error.strerror or error}). "
                "Free some disk space and add it again."
            ) from error
        return sha

    def add(
        self,
        session_id: int,
        group_id: int,
        data: bytes,
        filename: str,
        *,
        section_id: int | None = None,
        caption: str = "",
        alt_text: str = "",
        uid: str | None = None,
        media_type: str | None = None,
    ) -> Evidence:
        name = safe_filename(filename)
        sha = self.keep_bytes(data)
        cursor = self.db.execute(
            "INSERT INTO evidence (uid, session_id, group_id, section_id, sha256, filename, "
            "media_type, size, caption, alt_text, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            [
                uid or uuid.uuid4().hex,
                session_id,
                group_id,
                section_id,
                sha,
                name,
                media_type or sniff_media_type(data[:64], name),
                len(data),
                caption,
                alt_text,
                now(),
            ],
        )
        self.events.emit(NotesChanged("evidence added"))
        return self.get(int(cursor.lastrowid or 0))

    def add_file(self, session_id: int, group_id: int, path: Path, **options: Any) -> Evidence:
        path = Path(path)
        try:
            if path.stat().st_size > MAX_EVIDENCE_BYTES:
                raise NotesError(
                    f"{path.name} is larger than {MAX_EVIDENCE_BYTES // (1024 * 1024)} MB; "
                    "share a shorter or smaller copy."
                )
            data = path.read_bytes()
        except OSError as error:
            raise NotesError(f"Could not read {path} ({error.strerror or error}).") from error
        return self.add(session_id, group_id, data, path.name, **options)

    def get(self, evidence_id: int) -> Evidence:
        found = rows(self.db, "SELECT * FROM evidence WHERE id = ?", [evidence_id])
        if not found:
            raise NotesError("That evidence item no longer exists.")
        return evidence_from_row(found[0])

    def of_group(self, session_id: int, group_id: int) -> list[Evidence]:
        return [
            evidence_from_row(r)
            for r in rows(
                self.db,
                "SELECT * FROM evidence WHERE session_id = ? AND group_id = ? ORDER BY id",
                [session_id, group_id],
            )
        ]

    def describe(
        self, evidence_id: int, *, caption: str | None = None, alt_text: str | None = None
    ) -> Evidence:
        item = self.get(evidence_id)
        self.db.execute(
            "UPDATE evidence SET caption = ?, alt_text = ? WHERE id = ?",
            [
                item.caption if caption is None else caption,
                item.alt_text if alt_text is None else alt_text,
                evidence_id,
            ],
        )
        self.events.emit(NotesChanged("evidence described"))
        return self.get(evidence_id)

    def read(self, item: Evidence) -> bytes:
        try:
            return self.path_for(item.sha256).read_bytes()
        except OSError as error:
            raise NotesError(
                f"The file for “{item.filename}” is missing from the evidence folder; "
                "add it again or restore a backup."
            ) from error

    def delete(self, evidence_id: int) -> None:
        item = self.get(evidence_id)
        self.db.execute("DELETE FROM evidence WHERE id = ?", [evidence_id])
        self.remove_unused([item.sha256])
        self.events.emit(NotesChanged("evidence deleted"))

    def remove_unused(self, hashes: list[str]) -> int:
        """Delete the files of ``hashes`` that no evidence row refers to; return how many."""
        removed = 0
        for sha in set(hashes):
            used = self.db.execute("SELECT 1 FROM evidence WHERE sha256 = ? LIMIT 1", [sha])
            if used.fetchone() is None:
                path = self.path_for(sha)
                if path.exists():
                    path.unlink()
                    removed += 1
        return removed
