"""Bad input on the command line: one clear sentence, a non-zero exit, no traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from companion.cli import main


def test_missing_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["transcribe", str(tmp_path / "nope.wav"), "--engine", "whisper"]) != 0
    err = capsys.readouterr().err
    assert "nope.wav" in err and "Traceback" not in err


def test_not_audio(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    fake = tmp_path / "notes.mp3"
    fake.write_bytes(b"ID3 this is not a wav file at all")
    assert main(["transcribe", str(fake), "--engine", "whisper"]) != 0
    assert "WAV" in capsys.readouterr().err


def test_vosk_without_a_model_names_the_install_command(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wav = tmp_path / "x.wav"
    subprocess.run(
        ["sox", "-n", "-r", "16000", "-c", "1", str(wav), "trim", "0", "0.5"], check=True
    )
    assert main(["transcribe", str(wav), "--engine", "vosk"]) != 0
    assert "companion models install" in capsys.readouterr().err


def test_no_traceback_from_the_real_command(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "companion.cli", "transcribe", str(tmp_path), "--engine", "whisper"],
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert "Traceback" not in result.stderr and result.stderr.strip()


def test_disk_and_database_errors_from_any_command_are_one_sentence(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno
    import sqlite3

    import companion.cli.commands as cli

    def full_disk(_args: object) -> int:
        raise OSError(errno.ENOSPC, "No space left on device", "/data/out.vtt")

    monkeypatch.setattr(cli, "_transcribe", full_disk)
    assert main(["transcribe", "x.wav"]) == 2
    assert capsys.readouterr().err.strip() == (
        "/data/out.vtt: No space left on device. Check the path and the free space."
    )

    def damaged(_args: object) -> int:
        raise sqlite3.DatabaseError("file is not a database")

    monkeypatch.setattr(cli, "_transcribe", damaged)
    assert main(["transcribe", "x.wav"]) == 2
    err = capsys.readouterr().err
    assert "file is not a database" in err and "companion restore" in err


def test_a_busy_database_says_try_again_not_restore(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sqlite3

    import companion.cli.commands as cli

    def locked(_args: object) -> int:
        raise sqlite3.OperationalError("database is locked")

    monkeypatch.setattr(cli, "_transcribe", locked)
    assert main(["transcribe", "x.wav"]) == 2
    err = capsys.readouterr().err
    assert "Try again in a moment" in err and "restore" not in err
