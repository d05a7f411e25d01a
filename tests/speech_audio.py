"""Real speech for tests, spoken by espeak-ng and cached for the test session."""

from __future__ import annotations

import atexit
import hashlib
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import numpy as np
import numpy.typing as npt
import pytest

from companion.events import Caption
from companion.speech.engine import Engine

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


BLOCK = 1600  # samples: 0.1 s at 16 kHz, as the audio sources deliver it


def caption_audio(
    engine: Engine, audio: npt.NDArray[np.int16], each_block: Callable[[int], None] | None = None
) -> list[Caption]:
    """Every caption ``engine`` gives for ``audio`` fed in 0.1 s blocks, then finished;
    ``each_block(end_sample)`` runs before each block (a modeled clock keeping pace)."""
    captions: list[Caption] = []
    for at in range(0, len(audio), BLOCK):
        if each_block is not None:
            each_block(at + BLOCK)
        captions += engine.accept(audio[at : at + BLOCK])
    return captions + engine.finish()


def final_text(captions: list[Caption]) -> str:
    """The finals' text, as a reader has it once the captions settle."""
    return " ".join(c.text for c in captions if c.kind == "final")
