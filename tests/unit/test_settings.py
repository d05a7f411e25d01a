"""The settings file: remembered, clamped, private, and never fatal when damaged."""

from __future__ import annotations

import json
import stat
from dataclasses import asdict
from pathlib import Path

import pytest

from companion import settings as core
from companion.settings import THEMES, Settings


def test_missing_file_gives_defaults_and_no_notice(tmp_path: Path) -> None:
    loaded, notice = core.load(tmp_path / "settings.json")
    assert loaded == Settings()
    assert notice is None


def test_saved_settings_are_read_back(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    wanted = Settings(
        engine="vosk",
        font_size=72,
        lines=5,
        theme="yellow-on-black",
        font="atkinson",
        announce_finals=True,
        detached_frameless=True,
        main_geometry="AdnQywADAAA=",
        extra={"notes": {"group": 3}},
    )
    core.save(wanted, path)
    loaded, notice = core.load(path)
    assert notice is None
    assert loaded == wanted


def test_default_path_is_in_the_private_config_folder(companion_home: Path) -> None:
    core.save(Settings(font_size=40))
    path = core.settings_path()
    assert path.parent == companion_home / "config"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert core.load()[0].font_size == 40


def test_values_out_of_range_are_clamped(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(
        json.dumps({"font_size": 500, "lines": 1, "line_width": 5, "theme": "neon", "engine": "x"})
    )
    loaded, notice = core.load(path)
    assert notice is None
    assert (loaded.font_size, loaded.lines, loaded.line_width) == (96, 2, 20)
    assert loaded.theme == "system"
    assert loaded.engine == "auto"


def test_unknown_keys_from_a_newer_version_are_ignored(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"font_size": 30, "a_future_setting": [1, 2]}))
    loaded, notice = core.load(path)
    assert notice is None
    assert loaded.font_size == 30


@pytest.mark.parametrize(
    "content",
    [
        "{not json",
        "",
        "[1, 2, 3]",
        json.dumps({"font_size": "huge"}),
        json.dumps({"announce_finals": "yes"}),
        "\x00\x01\x02binary",
    ],
    ids=["broken-json", "empty", "not-an-object", "wrong-type", "wrong-bool", "binary"],
)
def test_corrupted_file_gives_defaults_a_notice_and_is_kept_aside(
    tmp_path: Path, content: str
) -> None:
    path = tmp_path / "settings.json"
    path.write_text(content)
    loaded, notice = core.load(path)
    assert loaded == Settings()
    assert notice is not None
    assert "default settings" in notice
    aside = tmp_path / "settings.json.corrupt"
    assert aside.read_text() == content  # the damaged file is kept, for IT to look at
    assert aside.name in notice
    assert not path.exists()
    # The next start is clean: no notice again.
    core.save(loaded, path)
    assert core.load(path) == (Settings(), None)


def test_every_theme_and_range_default_is_valid() -> None:
    defaults = Settings()
    assert defaults.theme in THEMES
    assert defaults.clamped() == defaults
    assert json.loads(json.dumps(asdict(defaults))) == asdict(defaults)
