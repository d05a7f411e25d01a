"""The voice encoder (#14): Resemblyzer's weights read without torch, voice prints of real voices.

The weights come from the Resemblyzer package that set-up installs without its
dependencies; the voices are espeak-ng's and, where the shared speech-dev
folder is beside the checkout, real recordings of different people.
"""

from __future__ import annotations

import pickle
import re
import time
import wave
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from companion.audio import voice_weights
from companion.audio.voice_encoder import VoiceEncoder, VoicePrints
from companion.errors import CompanionError
from companion.turns.events import VoiceChange
from companion.turns.voice_watch import VoiceWatch
from tests.speech_audio import make_speech_wav

SPEECH_DEV = Path(__file__).resolve().parents[3] / "shared" / "speech-dev"
TEXT = (
    "We should ask the patients what they noticed first, and then the night team, "
    "because the new rota changed their work more than anyone else's."
)


@pytest.fixture(scope="module")
def encoder() -> VoiceEncoder:
    try:
        return VoiceEncoder.installed()
    except CompanionError as error:
        pytest.skip(str(error))


def _samples(path: Path) -> np.ndarray:
    with wave.open(str(path)) as wav:
        rate = wav.getframerate()
        audio = np.frombuffer(wav.readframes(wav.getnframes()), np.int16).astype(np.float64)
    if rate != 16000:  # espeak-ng speaks at 22050 Hz
        times = np.arange(0, len(audio) / rate, 1 / 16000)
        audio = np.interp(times, np.arange(len(audio)) / rate, audio)
    return audio.astype(np.int16)


def _voice(encoder: VoiceEncoder, samples: np.ndarray) -> np.ndarray:
    prints = VoicePrints(encoder)
    vectors = [p.vector for block in np.array_split(samples, 20) for p in prints.update(block)]
    assert vectors, "no voice print from this audio"
    mean = np.mean(vectors, axis=0)
    return np.asarray(mean / np.linalg.norm(mean))


def test_the_weights_are_checked_and_refused_when_changed(tmp_path: Path) -> None:
    try:
        path = voice_weights.weights_path()
    except CompanionError as error:
        pytest.skip(str(error))
    state = voice_weights.load_encoder_weights(path)
    assert state["lstm.weight_ih_l0"].shape == (1024, 40)
    changed = tmp_path / "pretrained.pt"
    data = bytearray(path.read_bytes())
    data[-1] ^= 1
    changed.write_bytes(bytes(data))
    with pytest.raises(CompanionError, match="not the tested ones"):
        voice_weights.load_encoder_weights(changed)


def test_a_weights_file_that_would_run_code_is_refused(tmp_path: Path) -> None:
    class Sneaky:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (print, ("this must never run",))

    path = tmp_path / "sneaky.pt"
    with path.open("wb") as file:
        for value in (1, 1001, {}):
            pickle.dump(value, file)
        pickle.dump(Sneaky(), file)
    with pytest.raises(pickle.UnpicklingError, match=re.escape("unexpected builtins.print")):
        voice_weights.read_legacy_checkpoint(path)


def test_without_the_package_the_message_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(_name: str) -> object:
        raise voice_weights.metadata.PackageNotFoundError(_name)

    monkeypatch.setattr(voice_weights.metadata, "distribution", missing)
    with pytest.raises(
        CompanionError, match=re.escape('pip install --no-deps "Resemblyzer==0.1.4"')
    ):
        voice_weights.weights_path()


@pytest.mark.slow
def test_two_espeak_voices_print_apart_and_one_voice_prints_alike(encoder: VoiceEncoder) -> None:
    first = _voice(encoder, _samples(make_speech_wav(TEXT, voice="en-us+f2")))
    again = _voice(encoder, _samples(make_speech_wav(TEXT, voice="en-us+f2", speed=170)))
    other = _voice(encoder, _samples(make_speech_wav(TEXT, voice="en-gb-scotland+m3")))
    assert float(first @ again) > float(first @ other) + 0.05


@pytest.mark.slow
def test_real_people_print_apart(encoder: VoiceEncoder) -> None:
    if not (SPEECH_DEV / "azure-004.wav").is_file():
        pytest.skip(f"no real recordings at {SPEECH_DEV}")
    katie = _samples(SPEECH_DEV / "azure-004.wav")  # Katie and Steve read the same script
    steve = _samples(SPEECH_DEV / "azure-005.wav")
    half_k, half_s = len(katie) // 2, len(steve) // 2
    k1, k2 = _voice(encoder, katie[:half_k]), _voice(encoder, katie[half_k:])
    s1, s2 = _voice(encoder, steve[:half_s]), _voice(encoder, steve[half_s:])
    same = min(float(k1 @ k2), float(s1 @ s2))
    different = max(float(k1 @ s1), float(k1 @ s2), float(k2 @ s1), float(k2 @ s2))
    assert same > 0.85 > different


@pytest.mark.slow
def test_the_watch_finds_the_change_between_two_voices_and_recognises_a_confirmed_one(
    encoder: VoiceEncoder,
) -> None:
    a = _samples(make_speech_wav(TEXT, voice="en-us+f2"))
    b = _samples(make_speech_wav(TEXT, voice="en-gb-scotland+m3"))
    gap = np.zeros(8000, np.int16)
    heard: list[VoiceChange] = []
    watch = VoiceWatch(lambda: encoder)
    watch.events.connect(lambda e: heard.append(e) if isinstance(e, VoiceChange) else None)
    watch.start()
    first = len(a) / 16000
    for block in np.array_split(np.concatenate([a, gap]), 40):
        watch.feed(block)
    _wait(lambda: len(heard) >= 1)
    watch.confirm(7)  # "that was Aisha"
    for block in np.array_split(np.concatenate([b, gap, a]), 80):
        watch.feed(block)
    _wait(lambda: len(heard) >= 3)
    watch.stop(wait=5)
    assert heard[0].member is None
    assert abs(heard[1].time - (first + 0.5)) <= 2.0 and heard[1].member is None
    assert heard[2].member == 7  # her voice came back, and was known


def _wait(done: Callable[[], bool], seconds: float = 60.0) -> None:
    """Wait for the watch's worker thread to report (a condition, with a deadline)."""
    until = time.monotonic() + seconds
    while not done():
        assert time.monotonic() < until, "the watch did not report in time"
        time.sleep(0.05)
