"""Conversations with a known who-spoke-when, for the speaker-change benchmark (#14).

``spliced_conversation`` cuts real recordings of different people from the
speech-dev folder (``../shared/speech-dev``, its SOURCES.md gives each clip's
licence: MIT, Apache-2.0 and CC BY 4.0 ones are used here) into turns of
2.5-7 s with pauses of 0.3-1.2 s between them, so who spoke when is known
exactly. ``score_changes`` runs a change finder over a conversation and says
how many true changes it found within 2 s and how many it reported falsely.
"""

from __future__ import annotations

import random
import subprocess
import sys
import tempfile
import time
import wave
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

SPEECH_DEV = Path(__file__).resolve().parent.parent.parent / "shared" / "speech-dev"
# Five real people, each with 16 s or more of speech (SOURCES.md: licence per clip).
REAL_SPEAKERS = {
    "Katie": ("azure-004",),  # Azure speech SDK samples, MIT
    "Steve": ("azure-005",),  # Azure speech SDK samples, MIT
    "Reader": ("azure-006",),  # Azure speech SDK samples, MIT
    "LibriSpeech 2412": ("lhotse-002", "lhotse-003"),  # LibriSpeech, CC BY 4.0
    "LibriSpeech 1088": ("lhotse-004",),  # LibriSpeech, CC BY 4.0
}
RATE = 16000
WITHIN = 2.0  # a change found within this many seconds of the true one counts


@dataclass(frozen=True)
class Spoken:
    """One turn of a built conversation."""

    speaker: str
    start: float
    end: float


def read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        assert wav.getframerate() == RATE and wav.getnchannels() == 1, path
        return np.frombuffer(wav.readframes(wav.getnframes()), dtype=np.int16)


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    """``samples`` as a mono 16-bit WAV file at ``rate``."""
    with wave.open(str(path), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(rate)
        wav.writeframes(samples.astype(np.int16).tobytes())


def spliced_conversation(
    turns: int, seed: int, folder: Path = SPEECH_DEV, people: tuple[str, ...] = ()
) -> tuple[np.ndarray, list[Spoken]]:
    """``turns`` turns of real speech by ``people`` (all five when empty), never one after
    themself. Each turn is brought to the same loudness, so loudness gives nobody away."""
    rng = random.Random(seed)
    voices = {
        name: np.concatenate([read_wav(folder / f"{clip}.wav") for clip in clips])
        for name, clips in REAL_SPEAKERS.items()
        if not people or name in people
    }
    pieces = [np.zeros(RATE, np.int16)]
    script: list[Spoken] = []
    at, previous = 1.0, ""
    for _ in range(turns):
        speaker = rng.choice([n for n in voices if n != previous])
        previous = speaker
        audio = voices[speaker]
        length = int(rng.uniform(2.5, 7.0) * RATE)
        begin = rng.randrange(0, max(1, len(audio) - length))
        piece = _level(audio[begin : begin + length])
        script.append(Spoken(speaker, at, at + len(piece) / RATE))
        pause = rng.uniform(0.3, 1.2)
        pieces += [piece, np.zeros(int(pause * RATE), np.int16)]
        at += len(piece) / RATE + pause
    return np.concatenate(pieces), script


PYANNOTE = "pyannote-audio==4.0.7"  # MIT; its wheel ships a 30 s sample with an RTTM file
PYANNOTE_SAMPLE = "pyannote/audio/sample/sample"


def pyannote_sample(cache: Path | None = None) -> tuple[np.ndarray, list[Spoken]]:
    """The real two-person conversation pyannote.audio's wheel ships, with its who-spoke-when.

    The wheel is fetched once with pip (``--no-deps``: only the file is read) into
    ``cache``; turns of one speaker that follow each other are joined.
    """
    cache = cache or Path(tempfile.gettempdir()) / "companion-bench-pyannote"
    wheels = sorted(cache.glob("pyannote_audio-*.whl"))
    if not wheels:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pip",
                "download",
                "--no-deps",
                "-q",
                "-d",
                str(cache),
                PYANNOTE,
            ],
            check=True,
        )
        wheels = sorted(cache.glob("pyannote_audio-*.whl"))
    with zipfile.ZipFile(wheels[-1]) as wheel:
        folder = cache / "sample"
        folder.mkdir(exist_ok=True)
        (folder / "sample.wav").write_bytes(wheel.read(f"{PYANNOTE_SAMPLE}.wav"))
        rttm = wheel.read(f"{PYANNOTE_SAMPLE}.rttm").decode()
    turns = []
    for line in rttm.splitlines():
        fields = line.split()
        if fields and fields[0] == "SPEAKER":
            start, length = float(fields[3]), float(fields[4])
            turns.append(Spoken(fields[7], start, start + length))
    joined: list[Spoken] = []
    for turn in sorted(turns, key=lambda t: t.start):
        if joined and joined[-1].speaker == turn.speaker:
            joined[-1] = Spoken(turn.speaker, joined[-1].start, max(joined[-1].end, turn.end))
        elif joined and turn.end <= joined[-1].end:
            continue  # a short interjection inside another's turn: no change of floor
        else:
            joined.append(turn)
    return read_wav(folder / "sample.wav"), joined


def _level(piece: np.ndarray, dbfs: float = -26.0) -> np.ndarray:
    rms = float(np.sqrt(np.mean(piece.astype(np.float64) ** 2))) or 1.0
    gain = 32768 * 10 ** (dbfs / 20) / rms
    return np.clip(piece * gain, -32768, 32767).astype(np.int16)


def score_changes(
    samples: np.ndarray,
    script: list[Spoken],
    finder: Callable[[np.ndarray], list[float]],
    block: float = 0.2,
) -> dict[str, float]:
    """Feed ``samples`` to ``finder`` block by block: share found within 2 s, false a minute, cost.

    A true change is a turn's start (all but the first's); each is found when a
    reported time lies within 2 s of it; a report near no true change is false.
    """
    step = int(block * RATE)
    found: list[float] = []
    began = time.thread_time()  # CPU time: fair on a machine others are using
    for at in range(0, len(samples), step):
        found += finder(samples[at : at + step])
    spent = time.thread_time() - began
    seconds = len(samples) / RATE
    truth = [t.start for t in script[1:]]
    hits = sum(any(abs(f - t) <= WITHIN for f in found) for t in truth)
    false = sum(not any(abs(f - t) <= WITHIN for t in truth) for f in found)
    return {
        "found": hits / max(1, len(truth)),
        "changes": float(len(truth)),
        "false_per_minute": false / (seconds / 60),
        "cost": spent / seconds,
        "seconds": seconds,
    }
