"""Installing a model from the catalogue or an archive file: checked, unpacked, moved in."""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
import threading
import time
from datetime import datetime, timezone
from pathlib import Path

from companion import paths
from companion.errors import ModelError
from companion.speech import archive
from companion.speech.archive import Cancelled, human_size
from companion.speech.models.entries import (
    _IGNORED_TOP,
    _NAME,
    _STALE_AFTER_S,
    _TEMP_PREFIX,
    CATALOGUE,
    MANIFEST_NAME,
    InstallCancelled,
    InstalledModel,
    Progress,
    Status,
)
from companion.speech.models.fetching import download, file_sha256, normalise_sha256
from companion.speech.models.folders import _describe, check_vosk_layout

# Install and remove.


def install_model(
    name: str,
    *,
    sha256: str | None = None,
    progress: Progress | None = None,
    status: Status | None = None,
    cancel: threading.Event | None = None,
) -> InstalledModel:
    """Download the catalogue model ``name`` and install it into the user models folder.

    ``sha256`` is checked as well as the catalogue's own value, when either is
    known. Raises ModelError (InstallCancelled when cancelled) with a sentence.
    """
    entry = CATALOGUE.get(name)
    if entry is None:
        known = ", ".join(CATALOGUE)
        raise ModelError(
            f"There is no model called {name!r} in the catalogue ({known}); to install "
            "another vosk model, download its archive and use --file."
        )
    expected = [value for value in (entry.sha256, sha256) if value]
    expected = [normalise_sha256(value) for value in expected]
    target = _free_target(name)
    work = _work_dir()
    needed = entry.size + entry.unpacked_size
    _check_free_space(work, needed, name)
    with _Staging(work, name, needed) as tmp:
        _say(status, f"Downloading {name} ({human_size(entry.size)}) from {entry.url}.")
        got = download(
            entry.url,
            tmp / Path(entry.archive_name).name,
            max_bytes=entry.max_download,
            progress=progress,
            cancel=cancel,
        )
        _verify(got.sha256, expected, f"the download of {name}")
        return _unpack_and_place(
            got.path,
            tmp,
            target,
            source=entry.url,
            sha256=got.sha256,
            size=got.size,
            max_members=entry.max_members,
            max_unpacked=entry.max_unpacked,
            status=status,
            cancel=cancel,
        )


def install_archive(
    archive_path: Path,
    *,
    name: str | None = None,
    sha256: str | None = None,
    progress: Progress | None = None,
    status: Status | None = None,
    cancel: threading.Event | None = None,
    max_members: int = archive.DEFAULT_MAX_MEMBERS,
    max_unpacked: int = archive.DEFAULT_MAX_TOTAL_SIZE,
) -> InstalledModel:
    """Install a vosk model from a zip or tar.gz copied in by hand.

    The name is ``name``, else the archive's single top folder, else the file
    name without its extension. ``progress`` counts unpacked bytes.
    """
    archive_path = Path(archive_path).expanduser()
    if not archive_path.is_file():
        raise ModelError(f"There is no file at {archive_path}; check the path and try again.")
    expected = [normalise_sha256(sha256)] if sha256 else []
    _say(status, f"Checking {archive_path.name}.")
    try:
        digest = file_sha256(archive_path, cancel)
        size = archive_path.stat().st_size
    except OSError as exc:
        raise ModelError(
            f"Could not read {archive_path} ({exc.strerror or exc}); check the file and try again."
        ) from exc
    _verify(digest, expected, archive_path.name)
    summary = archive.inspect_archive(
        archive_path, max_members=max_members, max_total_size=max_unpacked
    )
    chosen = name or summary.single_folder or _stem(archive_path)
    if not _NAME.match(chosen) or chosen == MANIFEST_NAME:
        raise ModelError(
            f"{chosen!r} cannot be used as a model name; give one with --name, using letters, "
            "digits, dots, dashes and underscores."
        )
    target = _free_target(chosen)
    work = _work_dir()
    _check_free_space(work, summary.total_size, chosen)
    with _Staging(work, chosen, summary.total_size) as tmp:
        return _unpack_and_place(
            archive_path,
            tmp,
            target,
            source=str(archive_path.resolve()),
            sha256=digest,
            size=size,
            max_members=max_members,
            max_unpacked=max_unpacked,
            status=status,
            cancel=cancel,
            progress=progress,
        )


# Install helpers.


def _work_dir() -> Path:
    """The models folder's parent: temporary files there are on the same file system."""
    work = paths.user_models_dir().parent
    _clean_stale(work)
    return work


def _free_target(name: str) -> Path:
    target = paths.user_models_dir() / name
    if target.exists() or target.is_symlink():
        raise ModelError(
            f"{name} is already installed in {target}; to reinstall it, first run "
            f"`companion models remove {name}`."
        )
    return target


def _check_free_space(work: Path, needed: int, name: str) -> None:
    try:
        free = shutil.disk_usage(work).free
    except OSError:
        return
    if free < needed:
        raise ModelError(_full_disk(name, needed, work, free))


def _full_disk(name: str, needed: int, work: Path, free: int | None = None) -> str:
    if free is None:
        try:
            free = shutil.disk_usage(work).free
        except OSError:
            free = None
    now = f", and {human_size(free)} is free now" if free is not None else ""
    return (
        f"There is not enough disk space to install {name}: it needs about "
        f"{human_size(needed)} free in {work}{now}; free some space and try again."
    )


def _is_disk_full(exc: OSError) -> bool:
    return exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC))


class _Staging:
    """A private temporary folder beside the models folder, always removed at the end.

    Turns OSError into ModelError sentences (a full disk says how much room is needed)
    and archive cancellation into InstallCancelled.
    """

    def __init__(self, work: Path, name: str, needed: int) -> None:
        self.work = work
        self.name = name
        self.needed = needed
        self.path = Path(".")

    def __enter__(self) -> Path:
        try:
            self.path = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}install-", dir=self.work))
        except OSError as exc:
            raise self._translate(exc) from exc
        return self.path

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        if isinstance(exc, InstallCancelled):
            return
        if isinstance(exc, Cancelled):
            raise InstallCancelled(
                f"Installing {self.name} was cancelled; nothing was installed."
            ) from exc
        if isinstance(exc, OSError):
            raise self._translate(exc) from exc

    def _translate(self, exc: OSError) -> ModelError:
        if _is_disk_full(exc):
            return ModelError(_full_disk(self.name, self.needed, self.work))
        return ModelError(
            f"Could not write {self.name} into {self.work} ({exc.strerror or exc}); check that "
            "the folder is writable and try again."
        )


def _unpack_and_place(
    archive_file: Path,
    tmp: Path,
    target: Path,
    *,
    source: str,
    sha256: str,
    size: int,
    max_members: int,
    max_unpacked: int,
    status: Status | None,
    cancel: threading.Event | None,
    progress: Progress | None = None,
) -> InstalledModel:
    name = target.name
    _say(status, f"Unpacking {name}.")
    unpacked = tmp / "unpacked"
    summary = archive.extract_archive(
        archive_file,
        unpacked,
        max_members=max_members,
        max_total_size=max_unpacked,
        progress=progress,
        cancel=cancel,
    )
    root = _single_subfolder(unpacked) or unpacked
    _say(status, f"Checking the layout of {name}.")
    check_vosk_layout(root, label=archive_file.name)
    manifest = {
        "name": name,
        "engine": "vosk",
        "source": source,
        "sha256": sha256,
        "size": size,
        "unpacked_size": summary.total_size,
        "installed_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    paths.write_private(root / MANIFEST_NAME, json.dumps(manifest, indent=2) + "\n")
    os.chmod(root, 0o700)
    if cancel is not None and cancel.is_set():
        raise InstallCancelled(f"Installing {name} was cancelled; nothing was installed.")
    _free_target(name)  # someone may have installed it meanwhile
    os.replace(root, target)
    return _describe("user", target)


def _verify(actual: str, expected: list[str], label: str) -> None:
    for value in expected:
        if actual != value:
            raise ModelError(
                f"The SHA-256 of {label} is {actual}, not the expected {value}, so the file is "
                "damaged or not the one meant and nothing was installed."
            )


def _single_subfolder(folder: Path) -> Path | None:
    try:
        entries = [e for e in folder.iterdir() if e.name not in _IGNORED_TOP]
    except OSError:
        return None
    if len(entries) == 1 and entries[0].is_dir() and not entries[0].is_symlink():
        return entries[0]
    return None


def _stem(path: Path) -> str:
    name = path.name
    for suffix in (".tar.gz", ".tar.bz2", ".tar.xz", ".tgz", ".tar", ".zip"):
        if name.lower().endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def _say(status: Status | None, text: str) -> None:
    if status is not None:
        status(text)


def _clean_stale(work: Path) -> None:
    """Remove temporary folders a crashed install left behind more than a day ago."""
    try:
        leftovers = [p for p in work.iterdir() if p.name.startswith(_TEMP_PREFIX)]
    except OSError:
        return
    cutoff = time.time() - _STALE_AFTER_S
    for leftover in leftovers:
        try:
            newest = max(
                [leftover.lstat().st_mtime]
                + [child.lstat().st_mtime for child in leftover.iterdir()]
            )
        except OSError:
            continue
        if newest < cutoff:
            shutil.rmtree(leftover, ignore_errors=True)
