"""The light voice-change measure (#14 baseline): a new voice is noticed, a steady one is not."""

from __future__ import annotations

import numpy as np

from companion.audio.source import SAMPLE_RATE, Frames
from companion.audio.voice_change import VoiceChangeDetector


def voice(seconds: float, pitch: float, brightness: float, seed: int) -> Frames:
    """A buzzy vowel-like sound: harmonics of ``pitch`` whose strength falls off by
    ``brightness``, with a little noise and a syllable rhythm."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    sound = sum(
        np.sin(2 * np.pi * pitch * k * t) / (k**brightness)
        for k in range(1, 30)
        if pitch * k < 7000
    )
    syllables = 0.6 + 0.4 * np.sin(2 * np.pi * 4 * t) ** 2
    signal = sound * syllables + 0.05 * rng.standard_normal(len(t))
    return (6000 * signal / np.max(np.abs(signal))).astype(np.int16)


def feed(detector: VoiceChangeDetector, audio: Frames) -> list[float]:
    found: list[float] = []
    for start in range(0, len(audio), 1600):
        found += detector.update(audio[start : start + 1600])
    return found


def test_a_second_voice_is_noticed_within_two_seconds() -> None:
    first = voice(6.0, 110.0, 1.0, 1)
    second = voice(6.0, 230.0, 2.2, 2)
    found = feed(VoiceChangeDetector(), np.concatenate([first, second]))
    assert found and all(abs(t - 6.0) <= 2.0 for t in found)


def test_one_steady_voice_is_never_a_change() -> None:
    assert feed(VoiceChangeDetector(), voice(20.0, 140.0, 1.5, 3)) == []


def test_silence_is_never_a_change() -> None:
    assert feed(VoiceChangeDetector(), np.zeros(10 * SAMPLE_RATE, dtype=np.int16)) == []
