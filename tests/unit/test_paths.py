"""Private files: written whole, readable only by their owner, folders left as they were."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from companion.paths import write_private


def test_saving_into_an_existing_folder_keeps_that_folders_permissions(tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir(mode=0o755)
    documents.chmod(0o755)
    write_private(documents / "notes.md", "Group A notes\n")
    write_private(documents / "chart.png", b"\x89PNG")
    assert stat.S_IMODE(documents.stat().st_mode) == 0o755  # still the person's own folder
    assert (documents / "notes.md").read_text(encoding="utf-8") == "Group A notes\n"
    assert (documents / "chart.png").read_bytes() == b"\x89PNG"
    assert all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in documents.iterdir())


def test_a_missing_folder_is_made_private(tmp_path: Path) -> None:
    target = tmp_path / "new" / "transcript.vtt"
    write_private(target, "WEBVTT\n")
    assert stat.S_IMODE(target.parent.stat().st_mode) == 0o700


def test_a_failed_write_leaves_the_old_file_and_no_scraps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "settings.json"
    write_private(target, "old")

    def full_disk(*_args: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("companion.paths.os.replace", full_disk)
    with pytest.raises(OSError):
        write_private(target, "new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["settings.json"]


def test_the_standalone_app_keeps_models_beside_its_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sys

    from companion import paths

    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "executable", str(tmp_path / "Companion" / "companion"))
    assert paths.project_models_dir() == (tmp_path / "Companion" / "models").resolve()
