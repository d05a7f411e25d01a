from __future__ import annotations

import math

import numpy as np
import pytest

from companion.audio.level import (
    SILENCE_DBFS,
    LevelReading,
    VoiceActivityDetector,
    dbfs_of,
    meter_level,
)
from companion.audio.wavfile import read_wav
from tests.speech_audio import make_speech_wav

RATE = 16000
SPEECH = (
    "Good morning everyone. Let's start with a quick round of names and pronouns, "
    "and then we will look at the first question together."
)


@pytest.fixture(scope="module")
def speech() -> np.ndarray:
    return read_wav(make_speech_wav(SPEECH))


def silence(seconds: float) -> np.ndarray:
    return np.zeros(round(seconds * RATE), dtype=np.int16)


def noise(seconds: float, dbfs: float, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    x = rng.normal(0.0, 32768.0 * 10 ** (dbfs / 20), round(seconds * RATE))
    return np.clip(x, -32768, 32767).astype(np.int16)


def tone(seconds: float, dbfs: float = -20.0, freq: float = 300.0) -> np.ndarray:
    t = np.arange(round(seconds * RATE)) / RATE
    amplitude = 32768.0 * 10 ** (dbfs / 20) * math.sqrt(2)
    return (amplitude * np.sin(2 * np.pi * freq * t)).astype(np.int16)


def voice_per_block(x: np.ndarray, block: int = 1600, **options: float) -> list[bool]:
    vad = VoiceActivityDetector(**options)  # type: ignore[arg-type]
    return [vad.update(x[i : i + block]).voice for i in range(0, len(x), block)]


def test_reading_maps_dbfs_to_a_meter_level() -> None:
    full = tone(0.5, dbfs=-3.0)
    reading = VoiceActivityDetector().update(full)
    assert isinstance(reading, LevelReading)
    assert reading.dbfs == pytest.approx(-3.0, abs=0.1)
    assert reading.level == pytest.approx(57 / 60, abs=0.01)
    assert meter_level(-80.0) == 0.0 and meter_level(0.0) == 1.0 and meter_level(5.0) == 1.0
    assert dbfs_of(silence(0.1)) == SILENCE_DBFS
    assert dbfs_of(np.zeros(0, dtype=np.int16)) == SILENCE_DBFS
    empty = VoiceActivityDetector().update(np.zeros(0, dtype=np.int16))
    assert empty == LevelReading(level=0.0, dbfs=SILENCE_DBFS, voice=False)


def test_espeak_speech_is_voice_and_silence_around_it_is_not(speech: np.ndarray) -> None:
    x = np.concatenate([silence(1.0), speech, silence(1.5)])
    flags = voice_per_block(x)
    lead = 10  # blocks of 100 ms
    body = flags[lead : lead + len(speech) // 1600]
    assert not any(flags[:lead])
    assert sum(body) / len(body) > 0.85
    assert not any(flags[-10:])  # voice has ended 300 ms after the speech


def test_silence_is_not_voice() -> None:
    assert not any(voice_per_block(silence(5.0)))


@pytest.mark.parametrize("level", [-70.0, -60.0, -50.0, -45.0])
def test_low_steady_noise_is_never_voice(level: float) -> None:
    assert not any(voice_per_block(noise(10.0, level)))


@pytest.mark.parametrize("level", [-40.0, -30.0])
def test_louder_steady_noise_stops_being_voice_once_the_floor_adapts(level: float) -> None:
    flags = voice_per_block(noise(10.0, level))
    assert not any(flags[30:])  # within 3 s (2 s floor memory + hangover)


def test_steady_hum_is_not_voice_after_adapting() -> None:
    flags = voice_per_block(tone(10.0, dbfs=-35.0, freq=50.0))
    assert not any(flags[30:])


@pytest.mark.parametrize("level", [-50.0, -40.0])
def test_speech_over_noise_is_voice(speech: np.ndarray, level: float) -> None:
    background = noise(4.0 + len(speech) / RATE, level, seed=3)
    start = 3 * RATE
    mix = background.astype(np.int32)
    mix[start : start + len(speech)] += speech
    flags = voice_per_block(np.clip(mix, -32768, 32767).astype(np.int16))
    body = flags[30 : 30 + len(speech) // 1600]
    assert sum(body) / len(body) > 0.8
    assert not any(flags[25:30]) or level > -45  # quiet noise: nothing before speech


def test_onset_needs_about_60_ms_of_sound() -> None:
    # Sound aligned to the 30 ms analysis windows: one loud window is not voice, two are.
    click = np.concatenate([silence(0.48), tone(0.03), silence(0.5)])
    assert not any(voice_per_block(click, block=160))
    short = np.concatenate([silence(0.48), tone(0.06), silence(0.5)])
    assert any(voice_per_block(short, block=160))


def test_hangover_keeps_voice_then_releases_and_pause_is_measured() -> None:
    vad = VoiceActivityDetector(hangover=0.3)
    vad.update(silence(0.48))
    assert vad.speech_ended_for == math.inf and vad.last_voice_end is None
    assert vad.update(tone(0.99)).voice
    assert vad.speech_ended_for == 0.0
    assert vad.voice_start == pytest.approx(0.48)
    assert vad.last_voice_end == pytest.approx(1.47)
    assert vad.update(silence(0.24)).voice  # still inside the hangover
    assert vad.speech_ended_for == pytest.approx(0.24)
    assert not vad.update(silence(0.12)).voice  # 360 ms of quiet: ended
    for _ in range(10):
        vad.update(silence(0.1))
    assert vad.speech_ended_for == pytest.approx(1.35)  # 2.82 s analysed (whole windows)
    assert vad.time == pytest.approx(2.83)
    vad.reset()
    assert vad.speech_ended_for == math.inf and vad.time == 0.0


def test_hangover_is_configurable() -> None:
    x = np.concatenate([silence(0.3), tone(0.5), silence(1.0)])
    short = voice_per_block(x, block=160, hangover=0.1)
    long = voice_per_block(x, block=160, hangover=0.6)
    assert sum(long) - sum(short) == pytest.approx(50, abs=4)  # 0.5 s more, in 10 ms blocks


@pytest.mark.parametrize("block", [1, 7, 160, 479, 480, 481, 1600, 16000])
def test_result_does_not_depend_on_block_size(speech: np.ndarray, block: int) -> None:
    x = np.concatenate([silence(0.5), speech[: 3 * RATE], silence(0.2)])

    def run(size: int) -> tuple[set[float | None], tuple[object, ...]]:
        vad = VoiceActivityDetector()
        starts = set()
        for i in range(0, len(x), size):
            vad.update(x[i : i + size])
            starts.add(vad.voice_start)
        end = (vad.voice, vad.voice_start, vad.last_voice_end, vad.noise_floor_dbfs)
        return starts, (*end, vad.speech_ended_for, vad.analysed_time)

    reference_starts, reference_end = run(480)
    starts, end = run(block)
    assert end == reference_end
    if block <= 1600:  # big blocks can hide a short stretch of voice inside one block
        assert starts == reference_starts
    assert len(reference_starts) > 2  # the speech has pauses: several stretches of voice
