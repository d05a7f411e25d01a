"""The person's settings: a JSON file in the config folder, private to them.

A corrupted or unreadable file never stops the app: it is set aside, the
defaults are used, and ``load`` returns a notice to show. Each feature keeps
its own typed part (``turns``, ``facilitation``); a damaged value there falls
back to its default, the rest of the file is kept, and the notice says which.
Files from before the typed parts (the features under ``extra``) still load.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from companion.facilitation.settings import FacilitationSettings
from companion.paths import config_dir, special_file_reason, write_private
from companion.settings_values import read_dataclass
from companion.sharing.settings import SharingSettings
from companion.turns.settings import TurnsSettings

FONT_SIZE_RANGE = (12, 96)
LINES_RANGE = (2, 8)
LINE_WIDTH_RANGE = (20, 200)  # characters
THEMES = ("system", "light", "dark", "yellow-on-black", "white-on-black", "black-on-white")
FONTS = ("system", "atkinson")
ENGINES = ("auto", "vosk", "whisper")
WHISPER_MODELS = ("", "tiny.en", "whisper-base")  # "": the one measured to fit this computer
MODES = ("", "captions", "facilitate")  # not asked yet, captions for me, the whole workshop


@dataclass(frozen=True)
class Settings:
    """Everything Companion remembers between runs."""

    engine: str = "auto"  # auto | vosk | whisper
    vosk_model: str = ""  # name or folder of a vosk model; empty = first installed
    whisper_model: str = ""  # one of WHISPER_MODELS; empty = chosen for this computer
    source: str = "system"  # system | mic | a device name
    font_size: int = 28  # points, 12..96
    # The text size in participant mode ("Captions for me", --captions): its own
    # remembered choice, so big captions never overwrite the size chosen for the
    # whole app, and a size chosen while reading captions is kept for next time.
    participant_font_size: int = 48  # points, 12..96
    lines: int = 3  # caption lines shown, 2..8
    line_width: int = 60  # characters per line before wrapping
    theme: str = "system"  # one of THEMES
    font: str = "system"  # system | atkinson (Atkinson Hyperlegible, bundled)
    announce_finals: bool = False  # screen readers announce finals, politely
    speaker_labels: bool = True  # start a caption line with who speaks, while Turns tracks (#14)
    detached_frameless: bool = False
    detached_on_top: bool = True
    participant_on_top: bool = True  # participant mode's own "on top", kept like its size
    detached_translucent: bool = False  # semi-transparent background
    detached_geometry: str = ""  # Qt geometry, base64; kept opaque here
    main_geometry: str = ""
    main_state: str = ""
    # What the person is here for, asked at the first start: "captions" opens
    # large captions on top with the facilitator's areas out of the way.
    mode: str = ""
    turns: TurnsSettings = field(default_factory=TurnsSettings)
    facilitation: FacilitationSettings = field(default_factory=FacilitationSettings)
    sharing: SharingSettings = field(default_factory=SharingSettings)  # nothing unless chosen

    def clamped(self) -> Settings:
        """A copy with every value forced into its allowed range."""
        return replace(
            self,
            engine=self.engine if self.engine in ENGINES else "auto",
            whisper_model=self.whisper_model if self.whisper_model in WHISPER_MODELS else "",
            font_size=_clamp(self.font_size, FONT_SIZE_RANGE),
            participant_font_size=_clamp(self.participant_font_size, FONT_SIZE_RANGE),
            lines=_clamp(self.lines, LINES_RANGE),
            line_width=_clamp(self.line_width, LINE_WIDTH_RANGE),
            theme=self.theme if self.theme in THEMES else "system",
            font=self.font if self.font in FONTS else "system",
            mode=self.mode if self.mode in MODES else "",
        )


def _clamp(value: int, bounds: tuple[int, int]) -> int:
    low, high = bounds
    return max(low, min(high, int(value)))


def settings_path() -> Path:
    return config_dir() / "settings.json"


# Each feature's part of the file: its key and its settings class.
FEATURES: dict[str, type[Any]] = {
    "turns": TurnsSettings,
    "facilitation": FacilitationSettings,
    "sharing": SharingSettings,
}
MAX_SETTINGS_BYTES = 1024 * 1024  # a settings file is a few KB
LEGACY_KEY = "extra"  # where the features' settings were kept, untyped, before


def load(path: Path | None = None) -> tuple[Settings, str | None]:
    """The saved settings and, if the file was damaged, a notice saying so."""
    path = path or settings_path()
    if not path.exists():
        return Settings(), None
    try:
        special = special_file_reason(path)
        if special:  # reading a pipe would wait for ever at start
            raise ValueError(special)
        if path.stat().st_size > MAX_SETTINGS_BYTES:
            raise ValueError("it is far larger than any settings file")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except RecursionError:
            raise ValueError("it nests too deeply to read") from None
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
        known = {f.name: f for f in fields(Settings)}
        values: dict[str, Any] = {}
        for key, value in raw.items():
            if key not in known or key in FEATURES:
                continue
            default = getattr(Settings(), key)
            if not isinstance(value, type(default)):
                raise ValueError(f"{key} has the wrong type")
            values[key] = value
        parts, problems = _read_features(raw)
        return Settings(**values, **parts).clamped(), _problems_notice(problems)
    except (OSError, ValueError, TypeError) as error:
        aside = path.with_name(path.name + ".corrupt")
        try:
            path.replace(aside)
        except OSError:
            aside = path
        notice = (
            f"Your settings file could not be read ({error}), so Companion started with "
            f"the default settings. The damaged file was kept as {aside.name}."
        )
        return Settings(), notice


def _read_features(raw: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Each feature's typed settings from the file (or its old ``extra`` form) and problems."""
    legacy = raw.get(LEGACY_KEY)
    old = legacy if isinstance(legacy, dict) else {}
    parts: dict[str, Any] = {}
    problems: list[str] = []
    for key, cls in FEATURES.items():
        value = raw[key] if key in raw else old.get(key)
        if value is not None:
            parts[key], found = read_dataclass(cls, value, key)
            problems += found
    return parts, problems


def _problems_notice(problems: list[str]) -> str | None:
    if not problems:
        return None
    return (
        f"Some settings could not be read ({'; '.join(problems)}), so Companion uses "
        "their defaults instead; the rest of your settings are kept."
    )


def save(settings: Settings, path: Path | None = None) -> None:
    write_private(path or settings_path(), json.dumps(asdict(settings), indent=2))
