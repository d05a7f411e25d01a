"""DeviceSource logic against a fake sounddevice (the real one is tested in e2e)."""

from __future__ import annotations

import os
import shutil
import sys
import threading
import time
from pathlib import Path
from typing import Any, ClassVar

import numpy as np
import pytest

from companion.audio.devices import (
    NO_DEVICE,
    NO_LOOPBACK_MAC,
    NO_OUTPUT,
    NO_PACTL,
    NO_PORTAUDIO,
    NO_SOUND_SERVICE,
    DeviceInfo,
    DeviceSource,
    list_input_devices,
    open_source,
    portaudio,
)
from companion.audio.devices import source as device_source
from companion.audio.wavfile import WavSource
from companion.errors import AudioError


def device(index: int, name: str, inputs: int = 2, rate: float = 48000.0) -> dict[str, Any]:
    return {
        "index": index,
        "name": name,
        "hostapi": 0,
        "max_input_channels": inputs,
        "max_output_channels": 2,
        "default_samplerate": rate,
    }


class FakeStream:
    def __init__(self, **kwargs: Any) -> None:
        self.kwargs = kwargs
        self.active = False
        self.closed = False
        FakeSoundDevice.streams.append(self)

    def start(self) -> None:
        self.active = True
        if FakeSoundDevice.first_block is not None:
            self.deliver(FakeSoundDevice.first_block)

    def abort(self) -> None:
        self.active = False

    def close(self) -> None:
        self.closed = True

    def deliver(self, block: np.ndarray) -> None:
        self.kwargs["callback"](block, len(block), None, None)


class FakeSoundDevice:
    """Just enough of sounddevice: devices, settings checks and input streams."""

    streams: ClassVar[list[FakeStream]] = []
    first_block: ClassVar[np.ndarray | None] = None  # delivered as soon as a stream starts

    def __init__(
        self, devices: list[dict[str, Any]], default: int = -1, rates: tuple[int, ...] = (48000,)
    ) -> None:
        self.devices = devices
        self.default = default
        self.rates = rates
        FakeSoundDevice.streams = []
        FakeSoundDevice.first_block = None

    def query_devices(self, kind: str | None = None) -> Any:
        if kind == "input":
            if self.default < 0:
                raise RuntimeError("no default input device")
            return self.devices[self.default]
        return list(self.devices)

    def query_hostapis(self) -> list[dict[str, Any]]:
        return [{"name": "ALSA"}]

    def check_input_settings(self, *, device: int, samplerate: int, **kwargs: Any) -> None:
        if samplerate not in self.rates:
            raise ValueError("Invalid sample rate")

    def InputStream(self, **kwargs: Any) -> FakeStream:
        return FakeStream(**kwargs)


@pytest.fixture
def fake_sd(monkeypatch: pytest.MonkeyPatch) -> FakeSoundDevice:
    fake = FakeSoundDevice(
        [device(0, "HDA Intel PCH: ALC257 Analog"), device(1, "HDMI out", inputs=0)], default=0
    )
    monkeypatch.setattr(portaudio, "load_sounddevice", lambda: fake)
    monkeypatch.setattr(portaudio, "rescan", lambda sd: None)
    return fake


def test_no_device_at_all_says_what_to_do(fake_sd: FakeSoundDevice) -> None:
    fake_sd.devices = []
    fake_sd.default = -1
    with pytest.raises(AudioError) as caught:
        DeviceSource("mic").open()
    assert str(caught.value) == NO_DEVICE
    assert str(caught.value).startswith("No microphone or audio device was found.")
    assert list_input_devices() == []


def test_no_device_with_the_real_sounddevice_query(monkeypatch: pytest.MonkeyPatch) -> None:
    sd = pytest.importorskip("sounddevice")
    monkeypatch.setattr(sd, "query_devices", lambda *a, **k: sd.DeviceList([]))
    monkeypatch.setattr(portaudio, "rescan", lambda sd: None)
    with pytest.raises(AudioError, match="No microphone or audio device was found"):
        DeviceSource("mic").open()


def test_portaudio_missing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "sounddevice", None)  # import now fails
    with pytest.raises(AudioError) as caught:
        list_input_devices()
    assert str(caught.value) == NO_PORTAUDIO and "libportaudio2" in NO_PORTAUDIO
    with pytest.raises(AudioError, match="PortAudio"):
        DeviceSource("mic").open()


def test_lists_input_devices_only(fake_sd: FakeSoundDevice) -> None:
    assert list_input_devices() == [
        DeviceInfo(
            index=0,
            name="HDA Intel PCH: ALC257 Analog",
            host_api="ALSA",
            channels=2,
            default_rate=48000,
            is_default=True,
        )
    ]


def test_named_device_not_found(fake_sd: FakeSoundDevice) -> None:
    with pytest.raises(AudioError, match="No input device called 'Jabra' was found"):
        DeviceSource("Jabra").open()


def test_device_without_16k_is_opened_at_its_rate_and_resampled(fake_sd: FakeSoundDevice) -> None:
    source = DeviceSource("alc257", start_timeout=0.0)  # part of the name, any case
    assert source.live
    source.open()
    assert source.name == "HDA Intel PCH: ALC257 Analog" and source.device_rate == 48000
    (stream,) = fake_sd.streams
    assert stream.kwargs["samplerate"] == 48000 and stream.kwargs["blocksize"] == 4800
    assert stream.kwargs["dtype"] == "int16"
    assert source.read(0.0) is None  # nothing delivered yet
    t = np.arange(48000) / 48000
    stereo = np.stack([8000 * np.sin(2 * np.pi * 440 * t)] * 2, axis=1).astype(np.int16)
    for i in range(0, 48000, 4800):
        stream.deliver(stereo[i : i + 4800])
    got = [source.read(0.01) for _ in range(10)]
    assert all(block is not None and block.dtype == np.int16 for block in got)
    audio = np.concatenate([b for b in got if b is not None])
    assert abs(len(audio) - 16000) < 200
    assert source.seconds_since_audio < 5.0
    assert source.active
    source.close()
    assert stream.closed and not source.active
    source.close()


def test_16k_mono_device_blocks_pass_straight_through(fake_sd: FakeSoundDevice) -> None:
    fake_sd.rates = (16000, 48000)
    source = DeviceSource("mic", start_timeout=0.0)
    source.open()
    assert source.device_rate == 16000
    block = np.arange(1600, dtype=np.int16).reshape(-1, 1)
    fake_sd.streams[0].deliver(block)
    got = source.read(0.1)
    assert got is not None and got.shape == (1600,)
    np.testing.assert_array_equal(got, block[:, 0])
    source.close()


def test_open_waits_for_the_first_block_but_not_forever(fake_sd: FakeSoundDevice) -> None:
    fake_sd.rates = (16000,)
    source = DeviceSource("mic", start_timeout=0.3)
    started = time.monotonic()
    source.open()  # the fake never delivers: open gives up waiting after the timeout
    assert 0.25 < time.monotonic() - started < 2.0
    assert source.seconds_since_audio >= 0.25
    source.close()
    FakeSoundDevice.first_block = np.zeros((1600, 1), dtype=np.int16)
    started = time.monotonic()
    source = DeviceSource("mic", start_timeout=30.0)
    source.open()  # audio flows at once: no waiting
    assert time.monotonic() - started < 1.0
    first = source.read(0.0)
    assert first is not None and len(first) == 1600  # the first block is not lost
    source.close()


def test_a_reader_far_behind_keeps_the_newest_audio(fake_sd: FakeSoundDevice) -> None:
    fake_sd.rates = (16000,)
    source = DeviceSource("mic", max_queue_seconds=1.0, start_timeout=0.0)
    source.open()
    for i in range(30):
        fake_sd.streams[0].deliver(np.full((1600, 1), i, dtype=np.int16))
    first = source.read(0.0)
    assert first is not None and first[0] == 20  # ten blocks (1 s) kept: 20..29
    assert source.dropped_blocks == 20
    # ...and says how much it dropped, once, so the captions can show the hole (#10)
    assert source.take_dropped() == 20 * 1600
    assert source.take_dropped() == 0
    source.close()


def test_mac_system_audio_needs_a_loopback_device(
    fake_sd: FakeSoundDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    with pytest.raises(AudioError) as caught:
        DeviceSource("system").open()
    assert str(caught.value) == NO_LOOPBACK_MAC and "BlackHole" in NO_LOOPBACK_MAC
    fake_sd.devices.append(device(2, "BlackHole 2ch"))
    source = DeviceSource("system", start_timeout=0.0)
    source.open()
    assert source.device_name == "BlackHole 2ch" and source.name == "System audio"
    source.close()


@pytest.mark.skipif(sys.platform != "linux", reason="PulseAudio path is Linux only")
def test_linux_system_audio_without_pactl(
    fake_sd: FakeSoundDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(AudioError) as caught:
        DeviceSource("system").open()
    assert str(caught.value) == NO_PACTL


@pytest.mark.skipif(sys.platform != "linux", reason="PulseAudio path is Linux only")
def test_linux_system_audio_without_a_sound_server(
    fake_sd: FakeSoundDevice, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    if shutil.which("pactl") is None:
        pytest.skip("pactl is not installed")
    conf = tmp_path / "client.conf"
    conf.write_text("autospawn = no\n")
    monkeypatch.setenv("PULSE_SERVER", f"unix:{tmp_path / 'nobody-here'}")
    monkeypatch.setenv("PULSE_CLIENTCONFIG", str(conf))
    with pytest.raises(AudioError) as caught:
        DeviceSource("system").open()
    assert str(caught.value) == NO_SOUND_SERVICE


def test_close_never_hangs_on_a_wedged_stream(
    fake_sd: FakeSoundDevice, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(device_source, "_CLOSE_TIMEOUT", 0.2)
    monkeypatch.setattr(portaudio, "_open_streams", portaudio._open_streams)  # restored after
    source = DeviceSource("mic", start_timeout=0.0)
    source.open()
    release = threading.Event()

    def stuck() -> None:
        release.wait(10)

    fake_sd.streams[0].abort = stuck  # type: ignore[method-assign]
    fake_sd._exit_handler = lambda: None  # type: ignore[attr-defined]
    unregistered: list[object] = []
    monkeypatch.setattr(portaudio.atexit, "unregister", unregistered.append)
    open_before = portaudio._open_streams
    started = time.monotonic()
    source.close()
    assert time.monotonic() - started < 1.0
    # Given up on and counted as still open, so PortAudio is not re-scanned under it.
    assert portaudio._open_streams == open_before
    # ...and not terminated at exit either, which would hang the quitting process.
    assert unregistered == [fake_sd._exit_handler]  # type: ignore[attr-defined]
    release.set()


@pytest.mark.skipif(sys.platform != "linux", reason="PulseAudio path is Linux only")
def test_linux_system_audio_with_no_sink_at_all(
    fake_sd: FakeSoundDevice, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    pactl = tmp_path / "pactl"
    pactl.write_text("#!/bin/sh\necho '(null)'\n")  # what pactl says with no sinks
    pactl.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}{os.pathsep}{os.environ['PATH']}")
    with pytest.raises(AudioError) as caught:
        DeviceSource("system").open()
    assert str(caught.value) == NO_OUTPUT


def test_open_source_picks_file_or_device(tmp_path: Path) -> None:
    wav = tmp_path / "talk.wav"
    wav.write_bytes(b"")
    assert isinstance(open_source("system"), DeviceSource)
    assert open_source(" System ").name == "System audio"
    assert open_source("mic").name == "Microphone"
    assert isinstance(open_source(str(wav)), WavSource)
    assert isinstance(open_source("recording.WAV"), WavSource)  # missing: says so on open
    file_source = open_source(str(wav), realtime=False)
    assert isinstance(file_source, WavSource) and not file_source.realtime
    named = open_source("USB Audio Device")
    assert isinstance(named, DeviceSource) and named.name == "USB Audio Device"
    assert isinstance(open_source("3"), DeviceSource)


def test_audio_a_device_dropped_is_shown_as_a_gap_in_the_captions(
    fake_sd: FakeSoundDevice,
) -> None:
    """The device's queue overflowing is no longer silent (#10): the caption stream
    reports it as a gap, at the right audio time, and captions go on after it."""
    from companion.events import CaptionGap, EngineReady, Event
    from companion.speech.stream import CaptionStream
    from tests.fakes import EchoEngine

    fake_sd.rates = (16000,)
    source = DeviceSource("mic", max_queue_seconds=1.0, start_timeout=0.0)
    stream = CaptionStream(source, EchoEngine)
    events: list[Event] = []
    gap_seen = threading.Event()

    def seen(event: Event) -> None:
        events.append(event)
        if isinstance(event, EngineReady):  # listening: 3 s arrive while nobody reads
            for i in range(30):
                fake_sd.streams[-1].deliver(np.full((1600, 1), i, dtype=np.int16))
        elif isinstance(event, CaptionGap):
            gap_seen.set()

    stream.events.connect(seen)
    stream.start()
    assert gap_seen.wait(10)
    stream.stop()
    gap = next(e for e in events if isinstance(e, CaptionGap))
    # 2 s dropped, and the 1 s still queued behind them up to the live edge: all 3 s.
    assert gap.cause == "dropped" and gap.start == 0.0 and round(gap.end, 2) == 3.0
    assert gap.source == "Microphone"
    assert stream.samples_fed >= 30 * 1600  # the audio clock counts the audio left out


def test_after_a_device_drop_captions_go_on_from_the_live_edge_with_no_stale_block(
    fake_sd: FakeSoundDevice,
) -> None:
    """The block a device hands over just after dropping audio is not the live edge: the
    queue behind it still holds up to ``max_queue_seconds`` (#10). The stream leaves it
    out with the rest of the gap; fed after the gap mark it would glue a tenth of a
    second from before the gap to the live words, at the wrong time."""
    from companion.events import Caption, CaptionGap, EngineReady, Event
    from companion.speech.stream import CaptionStream

    class Recording:
        """Notes which block (its sample value) it was fed, at what audio time."""

        name = model_name = "recording"

        def __init__(self) -> None:
            self.fed: list[tuple[int, float]] = []
            self.fed_samples = 0
            self.live = threading.Event()

        def accept(self, frames: np.ndarray) -> list[Caption]:
            self.fed.append((int(frames[0]), self.fed_samples / 16000))
            self.fed_samples += len(frames)
            if len(self.fed) == 5:
                self.live.set()
            return []

        def finish(self) -> list[Caption]:
            return []

        def reset(self) -> None:
            self.fed_samples = 0

    fake_sd.rates = (16000,)
    source = DeviceSource("mic", max_queue_seconds=1.0, start_timeout=0.0)
    engine = Recording()
    stream = CaptionStream(source, lambda: engine)
    gaps: list[CaptionGap] = []
    gap_seen = threading.Event()

    def seen(event: Event) -> None:
        if isinstance(event, EngineReady):  # 3 s arrive while nobody reads
            for i in range(30):
                fake_sd.streams[-1].deliver(np.full((1600, 1), i, dtype=np.int16))
        elif isinstance(event, CaptionGap):
            gaps.append(event)
            gap_seen.set()

    stream.events.connect(seen)
    stream.start()
    assert gap_seen.wait(10)
    for i in range(30, 35):  # the speaker goes on, live
        fake_sd.streams[-1].deliver(np.full((1600, 1), i, dtype=np.int16))
    assert engine.live.wait(10)
    stream.stop()
    assert len(gaps) == 1 and round(gaps[0].end, 2) == 3.0
    # The engine starts afresh at the gap's end and hears the live blocks, in order,
    # from their first: none of the 2.0-3.0 s the device still held when it dropped.
    assert [block for block, _at in engine.fed] == [30, 31, 32, 33, 34]
    assert stream.samples_fed == 35 * 1600  # and the audio clock puts block 30 at 3.0 s
