"""The settings file: remembered, clamped, private, and never fatal when damaged."""

from __future__ import annotations

import json
import stat
from dataclasses import asdict
from pathlib import Path

import pytest

from companion import settings as core
from companion.facilitation.settings import FacilitationSettings
from companion.settings import THEMES, Settings
from companion.turns.nudges import NudgeRules
from companion.turns.settings import TurnsSettings


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
        turns=TurnsSettings(group="Group 3", silence_end=8.0, rules=NudgeRules(long_turn=120.0)),
        facilitation=FacilitationSettings(plan="trio-debrief", sound=True),
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


def test_features_settings_saved_under_extra_by_an_older_version_are_read(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    old = {
        "font_size": 30,
        "extra": {
            "turns": {
                "group": "Group 4",
                "voice_assisted": True,
                "silence_end": 8,
                "rules": {"enabled": False, "not_heard_after": 60},
            },
            "facilitation": {"plan": "trio-debrief", "group": "Blue", "auto_advance": True},
            "notes": {"something": 1},  # no feature reads it: dropped
        },
    }
    path.write_text(json.dumps(old))
    loaded, notice = core.load(path)
    assert notice is None
    assert loaded.font_size == 30
    assert loaded.turns == TurnsSettings(
        group="Group 4",
        voice_assisted=True,
        silence_end=8.0,
        rules=NudgeRules(enabled=False, not_heard_after=60.0),
    )
    assert loaded.facilitation == FacilitationSettings(
        plan="trio-debrief", group="Blue", auto_advance=True
    )
    core.save(loaded, path)  # written back in the typed form, without "extra"
    saved = json.loads(path.read_text())
    assert "extra" not in saved and saved["turns"]["group"] == "Group 4"
    assert core.load(path) == (loaded, None)


def test_a_damaged_feature_value_falls_back_to_its_default_with_a_notice(
    tmp_path: Path,
) -> None:
    path = tmp_path / "settings.json"
    content = {
        "font_size": 40,
        "turns": {
            "group": "Group 2",
            "silence_end": -3,
            "voice_assisted": "yes",
            "rules": {"long_turn": "long", "snooze": 60},
        },
        "facilitation": ["not", "an", "object"],
    }
    path.write_text(json.dumps(content))
    loaded, notice = core.load(path)
    assert loaded.font_size == 40  # the rest of the file is kept
    assert loaded.turns == TurnsSettings(group="Group 2", rules=NudgeRules(snooze=60.0))
    assert loaded.facilitation == FacilitationSettings()
    assert notice is not None
    for where in (
        "turns.silence_end",
        "turns.voice_assisted",
        "turns.rules.long_turn",
        "facilitation",
    ):
        assert where in notice
    assert "defaults" in notice
    assert path.exists()  # not set aside: the next save writes good values
