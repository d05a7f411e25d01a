"""Reading a bundle someone sent: in memory, capped, and checked before anything is stored.

Every refusal is a ``BundleError`` whose message starts "This bundle cannot be
imported:" and says why, so the lead can ask the group for a new one.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from companion.notes.bundle import FORMAT, FORMAT_VERSION
from companion.notes.bundle_check import check_notes
from companion.notes.evidence import MAX_EVIDENCE_BYTES
from companion.notes.model import NotesError

MAX_BUNDLE_BYTES = 1024 * 1024 * 1024  # the zip file itself
MAX_MEMBERS = 2_000
MAX_TOTAL_BYTES = 1024 * 1024 * 1024  # all members, uncompressed
MAX_JSON_BYTES = 64 * 1024 * 1024
_EVIDENCE_NAME = re.compile(r"evidence/[0-9a-f]{64}")
# What reading a damaged zip can raise; each is a refusal, never a traceback.
_DAMAGED = (
    zipfile.BadZipFile,
    zlib.error,
    OSError,
    ValueError,
    EOFError,
    NotImplementedError,
    OverflowError,
    struct.error,
)


class BundleError(NotesError):
    """A bundle was refused; nothing was imported."""


def refuse(reason: str) -> BundleError:
    return BundleError(f"This bundle cannot be imported: {reason}")


@dataclass(frozen=True, slots=True)
class Bundle:
    """A checked bundle, ready to import."""

    sha256: str  # of the whole file: the same bundle twice is recognised
    manifest: dict[str, Any]
    notes: dict[str, Any]
    files: dict[str, bytes]  # evidence by sha256


def _check_name(info: zipfile.ZipInfo) -> None:
    name = info.filename
    if name.startswith(("/", "\\")) or "\\" in name or ".." in name.split("/") or ":" in name:
        raise refuse(f"it holds a file named “{name[:80]}” that points outside the bundle.")
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        raise refuse(f"it holds a link (“{name[:80]}”), which is never accepted.")
    if info.flag_bits & 0x1:
        raise refuse("it is encrypted.")
    if name not in ("manifest.json", "notes.json") and not _EVIDENCE_NAME.fullmatch(name):
        raise refuse(f"it holds an unexpected file “{name[:80]}”.")


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, cap: int) -> bytes:
    if info.file_size > cap:
        raise refuse(f"“{info.filename}” is larger than the {cap // (1024 * 1024)} MB allowed.")
    with archive.open(info) as handle:
        data = handle.read(cap + 1)  # never trust the declared size
    if len(data) > cap:
        raise refuse(f"“{info.filename}” is larger than the {cap // (1024 * 1024)} MB allowed.")
    return data


def _json(data: bytes, name: str) -> dict[str, Any]:
    try:
        value = json.loads(data.decode("utf-8"))
    except RecursionError:
        raise refuse(f"{name} nests its values too deeply.") from None
    except ValueError as error:  # bad UTF-8, bad JSON, a number of thousands of digits
        raise refuse(f"{name} is not valid JSON ({str(error)[:120]}).") from None
    if not isinstance(value, dict):
        raise refuse(f"{name} does not hold an object.")
    return value


def read_bundle(path: Path) -> Bundle:
    """Read and check a bundle file; raises ``BundleError`` with the reason."""
    path = Path(path)
    try:
        if path.is_symlink() or not path.is_file():
            raise refuse(f"{path} is not a file.")
        if path.stat().st_size > MAX_BUNDLE_BYTES:
            raise refuse("the file is larger than 1 GB.")
        raw = path.read_bytes()
    except OSError as error:
        raise refuse(f"{path} could not be read ({error.strerror or error}).") from error
    return read_bundle_bytes(raw)


def read_bundle_bytes(raw: bytes) -> Bundle:
    try:
        archive = zipfile.ZipFile(io.BytesIO(raw))
        infos = archive.infolist()
    except _DAMAGED as error:
        raise refuse("it is not a complete zip file (it may be truncated or damaged).") from error
    with archive:
        if len(infos) > MAX_MEMBERS:
            raise refuse(f"it holds more than {MAX_MEMBERS} files.")
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise refuse("it holds two files with the same name.")
        members: dict[str, bytes] = {}
        total = 0
        for info in infos:
            if info.is_dir():
                if info.filename != "evidence/":
                    raise refuse(f"it holds an unexpected folder “{info.filename[:80]}”.")
                continue
            _check_name(info)
            cap = MAX_EVIDENCE_BYTES if info.filename.startswith("evidence/") else MAX_JSON_BYTES
            try:
                members[info.filename] = _read_member(archive, info, cap)
            except _DAMAGED as e:  # zlib.error: a damaged deflate stream
                raise refuse(f"“{info.filename}” is damaged ({str(e)[:120]}).") from e
            total += len(members[info.filename])
            if total > MAX_TOTAL_BYTES:
                raise refuse("its files add up to more than 1 GB.")
    if "manifest.json" not in members:
        raise refuse("it has no manifest.json, so it was not made by Companion.")
    manifest = _json(members.pop("manifest.json"), "manifest.json")
    if manifest.get("format") != FORMAT:
        raise refuse("its manifest does not say it is a Companion notes bundle.")
    version = manifest.get("format_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise refuse("its manifest has no valid format version.")
    if version > FORMAT_VERSION:
        raise refuse(
            f"it was made by a newer version of Companion (bundle format {version}; this "
            f"version reads up to {FORMAT_VERSION}). Update Companion, then import it again."
        )
    listed = manifest.get("files")
    if not isinstance(listed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in listed.items()
    ):
        raise refuse("its manifest has no valid list of files.")
    if set(listed) != set(members):
        missing = sorted(set(listed) - set(members)) or sorted(set(members) - set(listed))
        raise refuse(f"its files do not match its manifest (“{missing[0][:80]}”).")
    for name, data in members.items():
        if hashlib.sha256(data).hexdigest() != listed[name]:
            raise refuse(f"“{name[:80]}” does not match its hash in the manifest.")
        if name.startswith("evidence/") and name.removeprefix("evidence/") != listed[name]:
            raise refuse(f"“{name[:80]}” is not named by its own hash.")
    if "notes.json" not in members:
        raise refuse("it has no notes.json.")
    notes = _json(members.pop("notes.json"), "notes.json")
    files = {name.removeprefix("evidence/"): data for name, data in members.items()}
    problem = check_notes(notes, set(files))
    if problem:
        raise refuse(problem)
    return Bundle(hashlib.sha256(raw).hexdigest(), manifest, notes, files)
