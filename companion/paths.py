"""Where settings, data and models live: the platform's user folders, kept private."""

from __future__ import annotations

import os
import stat
import sys
import uuid
from pathlib import Path

import platformdirs

APP_NAME = "Companion"

# Tests and portable installs point everything at one folder.
_HOME_OVERRIDE = "COMPANION_HOME"


def _base(kind: str) -> Path:
    override = os.environ.get(_HOME_OVERRIDE)
    if override:
        return Path(override) / kind
    if kind == "config":
        return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False))
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable only by this user; return it.

    A folder that is already private is left alone, and one whose mode cannot
    be changed (read-only media, a folder someone else owns) is still
    returned: reading must work even where writing will not.
    """
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        if stat.S_IMODE(path.stat().st_mode) != 0o700:
            os.chmod(path, 0o700)
    except OSError:
        pass  # writing there will fail with its own sentence; reading still works
    return path


def special_file_reason(path: Path) -> str | None:
    """Why ``path`` is not an ordinary file to read (a FIFO, a device, a socket), or None.

    Reading a FIFO waits forever and a device never ends, so they are refused
    before any read; a missing file or a folder is left to the caller's own message.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return None
    if stat.S_ISREG(mode) or stat.S_ISDIR(mode):
        return None
    if stat.S_ISFIFO(mode):
        return "is a pipe (FIFO), not a file"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "is a device, not a file"
    return "is not an ordinary file"


def config_dir() -> Path:
    return private_dir(_base("config"))


def data_dir() -> Path:
    return private_dir(_base("data"))


def user_models_dir() -> Path:
    return private_dir(data_dir() / "models")


def project_models_dir() -> Path:
    """The ``models/`` folder of a checkout, or beside the standalone app's executable.

    The standalone folder (PyInstaller, ``sys.frozen``) keeps its bundled and
    hand-installed models in ``Companion/models``; a checkout in ``models/``
    beside ``companion/``.
    """
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent / "models"
    return Path(__file__).resolve().parent.parent / "models"


def write_private(path: Path, data: str | bytes) -> None:
    """Write a file atomically with mode 0600, so a crash never leaves half a file.

    Text is written as UTF-8. A missing folder is created private; a folder that
    already exists (the person's Documents, say) keeps its own permissions.
    """
    path = Path(path)
    if not path.parent.exists():
        private_dir(path.parent)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    os.chmod(path, 0o600)
