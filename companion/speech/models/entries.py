"""The model catalogue and what describes a model: names, limits, checksums, where from."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from companion.speech.archive import Cancelled

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
