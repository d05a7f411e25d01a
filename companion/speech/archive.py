"""Safe extraction of model archives (zip and tar.gz).

Every entry is checked before anything is written: no absolute paths, no ``..``,
no symbolic or hard links, no device files or pipes, not too many entries and
not too much data once unpacked. Files are written 0600 and folders 0700 into a
new folder that is removed again if anything goes wrong.
"""

from __future__ import annotations

import gzip
import lzma
import os
import re
import shutil
import stat
import tarfile
import threading
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from companion.errors import ModelError

DEFAULT_MAX_MEMBERS = 10_000
DEFAULT_MAX_TOTAL_SIZE = 8 * 1024**3
_CHUNK = 1024 * 1024
_DRIVE = re.compile(r"^[A-Za-z]:")

ArchiveKind = Literal["zip", "tar"]

# Errors the archive readers raise for damaged or truncated data.
_DAMAGED: tuple[type[BaseException], ...] = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    tarfile.TarError,
    zlib.error,
    lzma.LZMAError,
    EOFError,
    gzip.BadGzipFile,
    NotImplementedError,  # zip compression methods Python cannot read
)


class ArchiveError(ModelError):
    """An archive is unreadable, or holds something that is not safe to unpack."""


class Cancelled(ModelError):
    """The person cancelled the operation."""


@dataclass(frozen=True)
class Member:
    """One checked entry of an archive."""

    name: str  # as written in the archive, for messages
    parts: tuple[str, ...]  # safe relative path parts
    is_dir: bool
    size: int
    index: int  # position in the archive's own member list


@dataclass(frozen=True)
class ArchiveSummary:
    """What an archive holds, after every entry has been checked."""

    kind: ArchiveKind
    members: tuple[Member, ...]
    total_size: int

    @property
    def top_level(self) -> tuple[str, ...]:
        """The distinct first path parts, in order of appearance."""
        seen: dict[str, None] = {}
        for member in self.members:
            if member.parts:
                seen.setdefault(member.parts[0], None)
        return tuple(seen)

    @property
    def single_folder(self) -> str | None:
        """The name of the one folder everything sits in, if there is one."""
        tops = self.top_level
        if len(tops) != 1:
            return None
        if any(len(m.parts) == 1 and not m.is_dir for m in self.members):
            return None
        return tops[0]


def archive_kind(path: Path) -> ArchiveKind:
    """``"zip"`` or ``"tar"`` from the file's content; raises ArchiveError otherwise."""
    try:
        if zipfile.is_zipfile(path):
            return "zip"
        if tarfile.is_tarfile(path):
            return "tar"
    except OSError as exc:
        raise ArchiveError(
            f"Could not read {path} ({exc.strerror or exc}); check the file and try again."
        ) from exc
    raise ArchiveError(
        f"{path.name} is not a zip or tar.gz archive, or it is damaged; "
        "download it again or check that it is the right file."
    )


def safe_parts(name: str) -> tuple[str, ...]:
    """The path parts of an archive entry name, or ArchiveError if it could escape."""
    text = name.replace("\\", "/")
    if "\x00" in text:
        raise ArchiveError(f"The archive entry {name!r} has a NUL byte in its name; refusing it.")
    if text.startswith("/") or _DRIVE.match(text):
        raise ArchiveError(
            f"The archive entry {name!r} has an absolute path, which could write "
            "anywhere on the disk; refusing the archive."
        )
    parts = tuple(part for part in text.split("/") if part not in ("", "."))
    if ".." in parts:
        raise ArchiveError(
            f"The archive entry {name!r} uses '..' to reach outside the folder it is "
            "unpacked into; refusing the archive."
        )
    return parts


def inspect_archive(
    path: Path,
    *,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_total_size: int = DEFAULT_MAX_TOTAL_SIZE,
) -> ArchiveSummary:
    """Check every entry of ``path`` without unpacking it; raises ArchiveError."""
    kind = archive_kind(path)
    with _open(path, kind) as handle:
        return _summarise(path, kind, handle, max_members, max_total_size)


def extract_archive(
    path: Path,
    dest: Path,
    *,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_total_size: int = DEFAULT_MAX_TOTAL_SIZE,
    progress: Callable[[int, int], None] | None = None,
    cancel: threading.Event | None = None,
) -> ArchiveSummary:
    """Unpack ``path`` into the new folder ``dest`` (which must not exist yet).

    Everything is checked first; on any failure (including OSError such as a
    full disk, which is re-raised as is) ``dest`` is removed again.
    ``progress(done, total)`` counts unpacked bytes.
    """
    kind = archive_kind(path)
    dest.mkdir(mode=0o700)
    try:
        os.chmod(dest, 0o700)
        with _open(path, kind) as handle:
            summary = _summarise(path, kind, handle, max_members, max_total_size)
            _extract_all(path, handle, summary, dest, max_total_size, progress, cancel)
        return summary
    except BaseException:
        shutil.rmtree(dest, ignore_errors=True)
        raise


# Helpers.

_Handle = zipfile.ZipFile | tarfile.TarFile


@contextmanager
def _open(path: Path, kind: ArchiveKind) -> Iterator[_Handle]:
    try:
        handle = _open_handle(path, kind)
    except _DAMAGED as exc:
        raise ArchiveError(
            f"{path.name} is damaged and cannot be opened ({exc}); download it again."
        ) from exc
    with handle:
        yield handle


def _open_handle(path: Path, kind: ArchiveKind) -> _Handle:
    if kind == "zip":
        return zipfile.ZipFile(path)
    return tarfile.open(path, "r:*")  # the caller closes it


def _summarise(
    path: Path, kind: ArchiveKind, handle: _Handle, max_members: int, max_total_size: int
) -> ArchiveSummary:
    members: list[Member] = []
    total = 0
    try:
        if isinstance(handle, zipfile.ZipFile):
            entries = _zip_entries(handle)
        else:
            entries = _tar_entries(handle)
        for member in entries:
            members.append(member)
            if len(members) > max_members:
                raise ArchiveError(
                    f"{path.name} has more than {max_members:,} entries, far more than a "
                    "speech model has; refusing it."
                )
            total += member.size
            if total > max_total_size:
                raise ArchiveError(
                    f"{path.name} would unpack to more than {human_size(max_total_size)} "
                    f"(the limit was passed at {member.name!r}); refusing it."
                )
    except _DAMAGED as exc:
        raise ArchiveError(f"{path.name} is damaged ({exc}); download it again.") from exc
    return ArchiveSummary(kind=kind, members=tuple(members), total_size=total)


def _zip_entries(handle: zipfile.ZipFile) -> Iterator[Member]:
    for index, info in enumerate(handle.infolist()):
        name = info.filename
        parts = safe_parts(name)
        mode = info.external_attr >> 16
        kind = stat.S_IFMT(mode)
        if kind and kind not in (stat.S_IFREG, stat.S_IFDIR):
            raise ArchiveError(_type_refusal(name, _describe_type(mode)))
        if info.flag_bits & 0x1:
            raise ArchiveError(
                f"The archive entry {name!r} is encrypted, and Companion cannot unpack "
                "encrypted archives; refusing it."
            )
        is_dir = info.is_dir() or kind == stat.S_IFDIR
        if not parts and not is_dir:
            raise ArchiveError(f"The archive has a file with no name ({name!r}); refusing it.")
        size = 0 if is_dir else info.file_size
        yield Member(name=name, parts=parts, is_dir=is_dir, size=size, index=index)


def _tar_entries(handle: tarfile.TarFile) -> Iterator[Member]:
    # Lazily, so an archive with a huge member list stops at the limit.
    for index, info in enumerate(handle):
        name = info.name
        parts = safe_parts(name)
        if info.issym():
            raise ArchiveError(_type_refusal(name, "a symbolic link"))
        if info.islnk():
            raise ArchiveError(_type_refusal(name, "a hard link"))
        if info.ischr() or info.isblk():
            raise ArchiveError(_type_refusal(name, "a device file"))
        if info.isfifo():
            raise ArchiveError(_type_refusal(name, "a named pipe"))
        if not (info.isreg() or info.isdir()):
            raise ArchiveError(_type_refusal(name, "not a regular file or folder"))
        if not parts and not info.isdir():
            raise ArchiveError(f"The archive has a file with no name ({name!r}); refusing it.")
        size = 0 if info.isdir() else max(info.size, 0)
        yield Member(name=name, parts=parts, is_dir=info.isdir(), size=size, index=index)


def _describe_type(mode: int) -> str:
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    if stat.S_ISFIFO(mode):
        return "a named pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file or folder"


def _type_refusal(name: str, what: str) -> str:
    if what.startswith("not "):
        return f"The archive entry {name!r} is {what}; refusing the archive."
    return (
        f"The archive entry {name!r} is {what}, which a speech model never needs "
        "and could be used to reach outside the model folder; refusing the archive."
    )


def _extract_all(
    path: Path,
    handle: _Handle,
    summary: ArchiveSummary,
    dest: Path,
    max_total_size: int,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> None:
    root = os.path.realpath(dest)
    done = 0
    if progress is not None:
        progress(0, summary.total_size)
    for member in summary.members:
        if cancel is not None and cancel.is_set():
            raise Cancelled("Unpacking was cancelled.")
        if not member.parts:
            continue
        target = os.path.join(root, *member.parts)
        if os.path.commonpath([root, os.path.realpath(target)]) != root:
            raise ArchiveError(
                f"The archive entry {member.name!r} would be written outside the model "
                "folder; refusing the archive."
            )
        try:
            if member.is_dir:
                _make_dirs(root, member.parts)
                continue
            _make_dirs(root, member.parts[:-1])
            with _member_stream(handle, member) as source:
                done = _copy(
                    source, Path(target), member, done, summary, max_total_size, progress, cancel
                )
        except (FileExistsError, NotADirectoryError, IsADirectoryError) as exc:
            raise ArchiveError(
                f"The archive entry {member.name!r} clashes with another entry of the same "
                "name; refusing the archive."
            ) from exc
        except _DAMAGED as exc:
            raise ArchiveError(
                f"{path.name} is damaged: reading {member.name!r} failed ({exc}); "
                "download it again."
            ) from exc


def _make_dirs(root: str, parts: tuple[str, ...]) -> None:
    """Create ``root/parts...`` one level at a time, each 0700 (mkdir's parents get 0777)."""
    folder = root
    for part in parts:
        folder = os.path.join(folder, part)
        try:
            os.mkdir(folder, 0o700)
        except FileExistsError:
            if os.path.islink(folder) or not os.path.isdir(folder):
                raise NotADirectoryError(folder) from None
            continue
        os.chmod(folder, 0o700)


@contextmanager
def _member_stream(handle: _Handle, member: Member) -> Iterator[IO[bytes]]:
    if isinstance(handle, zipfile.ZipFile):
        with handle.open(handle.infolist()[member.index]) as zipped:
            yield zipped
        return
    tarred = handle.extractfile(handle.getmembers()[member.index])
    if tarred is None:
        raise ArchiveError(f"The archive entry {member.name!r} has no data; refusing it.")
    with tarred:
        yield tarred


def _copy(
    source: IO[bytes],
    target: Path,
    member: Member,
    done: int,
    summary: ArchiveSummary,
    max_total_size: int,
    progress: Callable[[int, int], None] | None,
    cancel: threading.Event | None,
) -> int:
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    flags |= getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(target, flags, 0o600)
    written = 0
    with os.fdopen(fd, "wb") as out:
        while True:
            if cancel is not None and cancel.is_set():
                raise Cancelled("Unpacking was cancelled.")
            chunk = source.read(_CHUNK)
            if not chunk:
                break
            written += len(chunk)
            done += len(chunk)
            if written > member.size or done > max_total_size:
                raise ArchiveError(
                    f"The archive entry {member.name!r} holds more data than it declares, "
                    "so the archive is damaged or crafted; refusing it."
                )
            _write_chunk(out, chunk)
            if progress is not None:
                progress(done, summary.total_size)
    return done


def _write_chunk(out: IO[bytes], data: bytes) -> None:
    """Every byte unpacked goes through here (tests make it fail like a full disk)."""
    out.write(data)


def human_size(size: int) -> str:
    """A size for people: "812 bytes", "40.1 MB", "1.9 GB" (powers of 1000)."""
    if size < 1000:
        return f"{size} bytes"
    value = size / 1000
    for unit in ("kB", "MB"):
        if value < 1000:
            return f"{value:.1f} {unit}"
        value /= 1000
    return f"{value:.1f} GB"
