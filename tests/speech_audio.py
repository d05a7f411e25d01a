"""Real speech for tests, spoken by espeak-ng and cached for the test session."""

from __future__ import annotations

import atexit
import hashlib
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

_cache: Path | None = None


def _cache_dir() -> Path:
    global _cache
    if _cache is None:
        _cache = Path(tempfile.mkdtemp(prefix="companion-speech-"))
        atexit.register(shutil.rmtree, _cache, True)
    return _cache


def make_speech_wav(
    text: str, path: Path | str | None = None, voice: str = "en", speed: int = 150
) -> Path:
    """A WAV of ``text`` spoken by espeak-ng (22050 Hz mono 16-bit).

    Each (text, voice, speed) is synthesised once per session; with ``path``
    the cached file is copied there and that path returned, else the cached
    file's path is returned (do not modify it). Skips the test if espeak-ng
    is not installed.
    """
    espeak = shutil.which("espeak-ng")
    if espeak is None:
        pytest.skip("espeak-ng is not installed")
    key = hashlib.sha256(f"{voice}\0{speed}\0{text}".encode()).hexdigest()[:16]
    cached = _cache_dir() / f"{key}.wav"
    if not cached.exists():
        partial = cached.with_suffix(".part")
        subprocess.run(
            [espeak, "-v", voice, "-s", str(speed), "-w", str(partial), text],
            check=True,
            capture_output=True,
            timeout=60,
        )
        partial.replace(cached)
    if path is None:
        return cached
    target = Path(path)
    shutil.copyfile(cached, target)
    return target
