"""The voice encoder's weights, read from the Resemblyzer package without torch.

Resemblyzer (Apache-2.0, PyPI) ships its speaker encoder's trained weights as
``resemblyzer/pretrained.pt``, saved by torch in its legacy pickle format. Its
own code needs torch (about 700 MB installed); Companion installs the package
with ``--no-deps`` (scripts/setup.sh) and only reads the file: a restricted
unpickler accepts nothing but the few names such a file holds, so a tampered
file cannot run code, and the file is checked against its SHA-256 first.
"""

from __future__ import annotations

import collections
import hashlib
import pickle
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from companion.errors import CompanionError

PACKAGE = "Resemblyzer"
VERSION = "0.1.4"
WEIGHTS = "resemblyzer/pretrained.pt"
SHA256 = "39373b86598fa3da9fcddee6142382efe09777e8d37dc9c0561f41f0070f134e"
INSTALL_HINT = f'install it with pip install --no-deps "{PACKAGE}=={VERSION}" (set-up does)'


class _Storage:
    """A tensor's backing store, filled in after the main pickle."""

    def __init__(self, key: str) -> None:
        self.key = key


class _Tensor:
    def __init__(self, storage: _Storage, offset: int, size: Any, stride: Any, *_rest: Any):
        self.storage, self.offset = storage, offset
        self.size, self.stride = tuple(size), tuple(stride)


class _Unpickler(pickle.Unpickler):
    """Knows only what a saved float state dict holds; anything else is refused."""

    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("collections", "OrderedDict"):
            return collections.OrderedDict
        if (module, name) == ("torch._utils", "_rebuild_tensor_v2"):
            return _Tensor
        if (module, name) == ("torch", "FloatStorage"):
            return "float32"
        raise pickle.UnpicklingError(f"unexpected {module}.{name} in the voice encoder's weights")

    def persistent_load(self, pid: Any) -> _Storage:
        _kind, _dtype, key, _location, _numel, _view = pid
        return _Storage(str(key))


def read_legacy_checkpoint(path: Path) -> dict[str, Any]:
    """A torch legacy-format checkpoint as plain dicts of float32 numpy arrays."""
    with path.open("rb") as file:
        for _header in range(3):  # magic number, protocol version, system information
            _Unpickler(file).load()
        body = _Unpickler(file).load()
        keys = _Unpickler(file).load()
        data: dict[str, np.ndarray] = {}
        for key in keys:
            count = int(np.frombuffer(file.read(8), "<i8")[0])
            data[str(key)] = np.frombuffer(file.read(4 * count), "<f4")

    def convert(value: Any) -> Any:
        if isinstance(value, _Tensor):
            flat = data[value.storage.key][value.offset :]
            strides = tuple(4 * s for s in value.stride)
            return np.lib.stride_tricks.as_strided(flat, value.size, strides).copy()
        if isinstance(value, dict):
            return {k: convert(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return type(value)(convert(v) for v in value)
        return value

    converted: dict[str, Any] = convert(body)
    return converted


def weights_path() -> Path:
    """Where the installed package keeps the weights; a ``CompanionError`` if it is not there."""
    try:
        located = metadata.distribution(PACKAGE).locate_file(WEIGHTS)
    except metadata.PackageNotFoundError:
        raise CompanionError(
            f"Voice recognition needs the {PACKAGE} package's voice encoder: {INSTALL_HINT}."
        ) from None
    path = Path(str(located))
    if not path.is_file():
        raise CompanionError(f"The voice encoder's weights are not at {path}: {INSTALL_HINT}.")
    return path


def load_encoder_weights(path: Path | None = None) -> dict[str, np.ndarray]:
    """The encoder's state (``lstm.*``, ``linear.*``), after checking the file's SHA-256."""
    path = path or weights_path()
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    if digest != SHA256:
        raise CompanionError(
            f"The voice encoder's weights at {path} are not the tested ones (SHA-256 "
            f"{digest[:12]}…): reinstall them with "
            f'pip install --force-reinstall --no-deps "{PACKAGE}=={VERSION}".'
        )
    state: dict[str, np.ndarray] = read_legacy_checkpoint(path)["model_state"]
    return state
