"""Live capture through a private PulseAudio: the same path as a real call's audio.

Speech made by espeak-ng is played into a null sink with paplay; DeviceSource
records the sink's monitor through PortAudio's ALSA "pulse" device.

PrivatePulse keeps a silent low-latency stream playing into the sink, as a call
app would; without it a null sink's monitor starts delivering only after about
2 s, and the waits here would still allow for that.
"""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np
import pytest

from companion.audio.devices import (
    NO_OUTPUT,
    NO_SOUND_SERVICE,
    DeviceSource,
    list_input_devices,
)
from companion.audio.level import VoiceActivityDetector
from companion.audio.source import SAMPLE_RATE, Frames
from companion.audio.wavfile import read_wav
from companion.errors import AudioError
from tests.pulse import PrivatePulse
from tests.speech_audio import make_speech_wav

pytestmark = [pytest.mark.e2e, pytest.mark.slow]  # plays real audio through PulseAudio

SPEECH = "Welcome to the breakout group. Who would like to go first?"


@pytest.fixture
def pulse() -> Iterator[PrivatePulse]:
    with PrivatePulse() as server:
        yield server


@pytest.fixture
def closing() -> Iterator[list[DeviceSource]]:
    """Sources to close at the end of the test, whatever happens."""
    sources: list[DeviceSource] = []
    yield sources
    for source in sources:
        source.close()


def first_block(source: DeviceSource, within: float = 6.0) -> Frames:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        block = source.read(0.2)
        if block is not None:
            return block
    raise AssertionError(f"no audio from {source.name} within {within} s")


def record_while_playing(pulse: PrivatePulse, source: DeviceSource, wav: object) -> np.ndarray:
    """Play ``wav`` into the sink and return what the source heard until a second after."""
    first_block(source)  # the stream is running before the speech starts
    player = pulse.play(str(wav))
    blocks: list[Frames] = []
    deadline = time.monotonic() + 20.0
    ended: float | None = None
    while time.monotonic() < deadline:
        block = source.read(0.2)
        if block is not None:
            blocks.append(block)
        if ended is None and player.poll() is not None:
            ended = time.monotonic()
        if ended is not None and time.monotonic() - ended > 1.0:
            break
    assert player.wait(timeout=5) == 0, player.stderr.read() if player.stderr else ""
    return np.concatenate(blocks)


def voiced_seconds(audio: np.ndarray) -> float:
    vad = VoiceActivityDetector()
    voiced = 0
    for i in range(0, len(audio), 1600):
        block = audio[i : i + 1600]
        if vad.update(block).voice:
            voiced += len(block)
    return voiced / SAMPLE_RATE


def best_correlation(heard: np.ndarray, played: np.ndarray) -> float:
    """Peak normalised cross-correlation: 1.0 when ``played`` appears unchanged in ``heard``."""
    b = played.astype(np.float64)
    # Silence in front, so a recording that starts a little into the speech still lines up.
    a = np.concatenate((np.zeros(len(b)), heard.astype(np.float64)))
    size = 1 << int(np.ceil(np.log2(len(a) + len(b))))
    corr = np.fft.irfft(np.fft.rfft(a, size) * np.conj(np.fft.rfft(b, size)), size)
    lag = int(np.argmax(corr[: len(a)]))
    segment = a[lag : lag + len(b)]
    return float(corr[lag] / (np.linalg.norm(segment) * np.linalg.norm(b[: len(segment)]) + 1e-9))


def test_system_audio_hears_speech_played_into_the_sink(
    pulse: PrivatePulse, closing: list[DeviceSource]
) -> None:
    wav = make_speech_wav(SPEECH)
    played = read_wav(wav)
    source = DeviceSource("system")
    closing.append(source)
    source.open()
    assert source.device_name == "pulse" and source.device_rate == SAMPLE_RATE
    assert source.name == "System audio" and source.live
    heard = record_while_playing(pulse, source, wav)
    assert heard.dtype == np.int16 and heard.ndim == 1
    speech_seconds = len(played) / SAMPLE_RATE
    assert voiced_seconds(heard) > 0.6 * speech_seconds
    assert voiced_seconds(heard) < speech_seconds + 1.0
    # It is the very speech that was played, not just some sound.
    assert best_correlation(heard, played) > 0.8


def test_device_opened_at_48k_is_resampled(
    pulse: PrivatePulse, closing: list[DeviceSource]
) -> None:
    wav = make_speech_wav(SPEECH)
    source = DeviceSource("system", rate=48000)
    closing.append(source)
    source.open()
    assert source.device_rate == 48000
    heard = record_while_playing(pulse, source, wav)
    played = read_wav(wav)
    assert voiced_seconds(heard) > 0.6 * len(played) / SAMPLE_RATE
    assert best_correlation(heard, played) > 0.8


def test_microphone_is_the_default_input(pulse: PrivatePulse, closing: list[DeviceSource]) -> None:
    # In the private server the only source is the sink's monitor, so the
    # default input hears what is played.
    names = [device.name for device in list_input_devices()]
    assert "pulse" in names
    source = DeviceSource("mic")
    closing.append(source)
    source.open()
    assert source.name == "Microphone"
    heard = record_while_playing(pulse, source, make_speech_wav("Hello everyone."))
    assert voiced_seconds(heard) > 0.5


def assert_stalled(source: DeviceSource) -> None:
    """After the blocks already on their way, reads give None and the stream is dead."""
    deadline = time.monotonic() + 3.0
    while source.read(0.2) is not None:
        assert time.monotonic() < deadline, "audio kept coming"
    started = time.monotonic()
    assert [source.read(0.2) for _ in range(5)] == [None] * 5
    assert time.monotonic() - started < 3.0  # each read waited only its timeout
    assert source.seconds_since_audio >= 1.0
    assert not source.active  # PortAudio noticed the stream died


def test_unplugged_output_reads_none_then_reopens_when_it_returns(
    pulse: PrivatePulse, closing: list[DeviceSource]
) -> None:
    source = DeviceSource("system")
    closing.append(source)
    source.open()
    first_block(source)

    pulse.unplug()  # the only sound output goes away
    assert_stalled(source)
    source.close()
    with pytest.raises(AudioError) as caught:
        source.open()
    assert str(caught.value) == NO_OUTPUT

    pulse.plug()
    source.open()
    assert first_block(source).dtype == np.int16
    assert source.active


@pytest.fixture
def pulse_without_shm() -> Iterator[PrivatePulse]:
    # Killing a server under a client that uses shared memory can deadlock
    # libpulse in the client (see tests/pulse.py); DeviceSource.close copes
    # with that, but this test must not leave a wedged stream behind.
    with PrivatePulse(shared_memory=False) as server:
        yield server


def test_sound_server_gone_reads_none_then_reopens_when_it_returns(
    pulse_without_shm: PrivatePulse, closing: list[DeviceSource]
) -> None:
    pulse = pulse_without_shm
    source = DeviceSource("system")
    closing.append(source)
    source.open()
    first_block(source)

    pulse.stop()  # the sound server goes away (crashed or restarted)
    assert_stalled(source)
    source.close()
    with pytest.raises(AudioError) as caught:
        source.open()
    assert str(caught.value) == NO_SOUND_SERVICE
    with pytest.raises(AudioError):
        DeviceSource("system").open()

    pulse.start()
    source.open()
    assert first_block(source).dtype == np.int16
    assert source.active
