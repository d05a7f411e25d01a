"""Files Companion ships inside its package: plans, the prompt deck, fonts, the user guide.

Everything lives under ``companion/assets/`` and is found through
``importlib.resources``, so it is there however Companion was installed: a
checkout, a wheel in any virtual environment, or the standalone folder built by
PyInstaller. Callers get a real folder on disk (``assets_dir()``), because the
plan library lists files and Qt and Pillow open fonts by path.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # importlib.resources.abc is new in Python 3.11
    from importlib.resources.abc import Traversable

_PACKAGE = "companion"
_FOLDER = "assets"

_extracted: Path | None = None


def assets_dir() -> Path:
    """The folder holding the shipped assets, as a real path on disk."""
    root = resources.files(_PACKAGE).joinpath(_FOLDER)
    if isinstance(root, Path):
        return root
    return _extract(root)


def asset(*parts: str) -> Path:
    """One shipped file or folder, e.g. ``asset("prompts", "inclusive.toml")``."""
    return assets_dir().joinpath(*parts)


def _extract(root: Traversable) -> Path:
    # Only when the package is imported from a zip: copy the assets out once,
    # and remove the copy when the process ends.
    global _extracted
    if _extracted is None:
        target = Path(tempfile.mkdtemp(prefix="companion-assets-"))
        atexit.register(shutil.rmtree, target, ignore_errors=True)
        _copy_tree(root, target)
        _extracted = target
    return _extracted


def _copy_tree(source: Traversable, target: Path) -> None:
    for child in source.iterdir():
        if child.is_dir():
            (target / child.name).mkdir()
            _copy_tree(child, target / child.name)
        else:
            (target / child.name).write_bytes(child.read_bytes())
