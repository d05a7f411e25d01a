"""Live audio sources: the microphone, the system output and named input devices.

Everything goes through sounddevice (PortAudio), imported only when a device
is first needed so the rest of Companion works without PortAudio installed.

System output (what the other people in a call say):

- Linux: the monitor of the default PulseAudio/PipeWire sink, recorded through
  PortAudio's ALSA ``pulse`` device with ``PULSE_SOURCE=<sink>.monitor`` set
  while the stream is opened.
- Windows: WASAPI loopback through PyAudioWPatch, when it is installed
  (sounddevice's PortAudio has no loopback).
- macOS: a loopback input device such as BlackHole, which the person installs.

A device is opened at 16 kHz mono when it accepts that, else at its own rate
and channel count, and ``read`` resamples with a streaming ``Resampler``. The
PortAudio callback only copies each block into a queue, never blocking.
"""

from __future__ import annotations

import atexit
import contextlib
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from companion.audio.resample import Resampler
from companion.audio.source import SAMPLE_RATE, AudioSource, Frames
from companion.audio.wavfile import WavSource
from companion.errors import AudioError

SYSTEM = "system"  # the spec for the system output
MIC = "mic"  # the spec for the default input

NO_DEVICE = (
    "No microphone or audio device was found. Plug one in or check that your computer's "
    "sound service is running, then press Start again."
)
NO_PORTAUDIO = (
    "Companion could not load PortAudio, the library it uses to hear audio. Install it "
    "(on Debian or Ubuntu: sudo apt install libportaudio2), then start Companion again."
)
NO_SOUND_SERVICE = (
    "Companion could not reach the sound service (PulseAudio or PipeWire) to hear the "
    "system audio. Check that sound plays on this computer, then press Start again."
)
NO_OUTPUT = (
    "Companion found no sound output to listen to. Check that your speakers or headset are "
    "connected and chosen in the sound settings, then press Start again."
)
NO_PACTL = (
    "Companion needs the PulseAudio tools to hear the system audio. Install them (on Debian "
    "or Ubuntu: sudo apt install pulseaudio-utils), then press Start again."
)
NO_PULSE_DEVICE = (
    "Companion could not find the 'pulse' audio device it uses to hear the system audio. "
    "Install the PulseAudio plugin for ALSA (on Debian or Ubuntu: sudo apt install "
    "libasound2-plugins), then press Start again."
)
NO_LOOPBACK_MAC = (
    "This Mac has no loopback device, which Companion needs to hear the call. Install "
    "BlackHole and send the call's sound to it (the user guide shows how), or choose the "
    "microphone, then press Start again."
)
NO_LOOPBACK_WINDOWS = (
    "Companion needs the PyAudioWPatch package to hear the system audio on Windows. "
    "Install it (pip install PyAudioWPatch) or choose the microphone, then press Start again."
)

_MAC_LOOPBACK_NAMES = ("blackhole", "loopback", "soundflower")
# How long closing a stream may take before it is given up on (see DeviceSource.close).
_CLOSE_TIMEOUT = 2.0
_PULSE_DEVICE = "pulse"

# Held while PortAudio is re-scanned, queried or a stream opened, so one thread's
# re-scan never pulls devices away from another thread's opening; also guards
# _open_streams and the PULSE_SOURCE variable.
_lock = threading.RLock()
_open_streams = 0  # streams this module has open; PortAudio is re-scanned only at zero


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """An input device, for the source picker."""

    index: int  # PortAudio's device number (valid until devices are re-scanned)
    name: str  # as PortAudio names it; also accepted as a source spec
    host_api: str  # e.g. "ALSA", "Windows WASAPI", "Core Audio"
    channels: int  # most input channels it offers
    default_rate: int  # its preferred sample rate
    is_default: bool  # the system's default input


def _sounddevice() -> Any:
    """Import sounddevice, or raise AudioError saying how to install PortAudio."""
    try:
        import sounddevice
    except (ImportError, OSError):
        raise AudioError(NO_PORTAUDIO) from None
    return sounddevice


def _skip_portaudio_exit() -> None:
    """A stream that would not close has wedged PortAudio; sounddevice's own exit
    handler would then hang the process as it quits, so the OS is left to free it."""
    with contextlib.suppress(AudioError):
        handler = getattr(_sounddevice(), "_exit_handler", None)
        if handler is not None:
            atexit.unregister(handler)


def _rescan(sd: Any) -> None:
    """Make PortAudio look for devices again, unless one of our streams is open.

    PortAudio lists devices once, when it starts; a device plugged in later (or
    a sound server started later) is only seen after a restart of PortAudio,
    which would break open streams, so this is skipped while any is open.
    """
    with _lock:
        if _open_streams:
            return
        with contextlib.suppress(Exception):
            if getattr(sd, "_initialized", 0) > 0:
                sd._terminate()
        with contextlib.suppress(Exception):
            sd._initialize()


def _input_devices(sd: Any) -> list[DeviceInfo]:
    try:
        devices = list(sd.query_devices())
        host_apis = [api["name"] for api in sd.query_hostapis()]
    except Exception:  # PortAudio not initialised or broken: nothing usable
        return []
    try:
        default_input = int(sd.query_devices(kind="input")["index"])
    except Exception:
        default_input = -1
    found = []
    for index, device in enumerate(devices):
        if int(device.get("max_input_channels", 0)) <= 0:
            continue
        api = int(device.get("hostapi", -1))
        found.append(
            DeviceInfo(
                index=int(device.get("index", index)),
                name=str(device["name"]),
                host_api=host_apis[api] if 0 <= api < len(host_apis) else "",
                channels=int(device["max_input_channels"]),
                default_rate=round(float(device.get("default_samplerate", SAMPLE_RATE))),
                is_default=int(device.get("index", index)) == default_input,
            )
        )
    return found


def list_input_devices() -> list[DeviceInfo]:
    """The input devices present now (re-scanned when no stream is open)."""
    sd = _sounddevice()
    with _lock:
        _rescan(sd)
        return _input_devices(sd)


def _default_sink_monitor() -> str:
    """The PulseAudio/PipeWire source that carries what the default sink plays."""
    pactl = shutil.which("pactl")
    if pactl is None:
        raise AudioError(NO_PACTL)
    sink = ""
    try:
        done = subprocess.run(
            [pactl, "get-default-sink"], capture_output=True, text=True, timeout=5, check=False
        )
        if done.returncode == 0:
            sink = done.stdout.strip()
        else:  # pactl older than 15 has no get-default-sink
            done = subprocess.run(
                [pactl, "info"], capture_output=True, text=True, timeout=5, check=False
            )
            for line in done.stdout.splitlines() if done.returncode == 0 else []:
                if line.startswith("Default Sink:"):
                    sink = line.partition(":")[2].strip()
    except (OSError, subprocess.SubprocessError):
        raise AudioError(NO_SOUND_SERVICE) from None
    if not sink or sink == "@DEFAULT_SINK@":
        raise AudioError(NO_SOUND_SERVICE)
    if sink == "(null)":  # the server runs but has no sink at all
        raise AudioError(NO_OUTPUT)
    return f"{sink}.monitor"


@contextlib.contextmanager
def _pulse_env(source: str | None) -> Iterator[None]:
    """Set ``PULSE_SOURCE`` while a stream is opened (libpulse reads it then), then restore it.

    It picks the source the ALSA ``pulse`` device records: the sink's monitor.
    """
    if source is None:
        yield
        return
    with _lock:
        before = os.environ.get("PULSE_SOURCE")
        os.environ["PULSE_SOURCE"] = source
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("PULSE_SOURCE", None)
            else:
                os.environ["PULSE_SOURCE"] = before


class DeviceSource:
    """A live input: "mic" (the default input), "system" (the system output) or a device.

    ``spec`` may also be a device's name (or part of it) or its index. ``rate``
    forces the rate the device is opened at (16 kHz is tried first otherwise);
    blocks are resampled to 16 kHz mono either way.
    """

    def __init__(
        self,
        spec: str | int = MIC,
        *,
        rate: int | None = None,
        block_seconds: float = 0.1,
        max_queue_seconds: float = 10.0,
        start_timeout: float = 3.0,
    ) -> None:
        self.spec = str(spec).strip()
        self._start_timeout = start_timeout
        self._first_audio = threading.Event()
        self._rate_wanted = rate
        self._block_seconds = block_seconds
        self._max_blocks = max(1, round(max_queue_seconds / block_seconds))
        self._queue: queue.SimpleQueue[np.ndarray[Any, np.dtype[np.int16]]] | None = None
        self._close_stream: Callable[[], None] | None = None
        self._is_active: Callable[[], bool] = lambda: False
        self._resampler: Resampler | None = None
        self._device_name: str | None = None
        self._device_rate: int | None = None
        self._last_audio: float | None = None
        self._opened_at: float | None = None
        self.dropped_blocks = 0  # blocks thrown away because nobody read them in time
        self.overflows = 0  # blocks the device reported losing input

    # -- AudioSource -----------------------------------------------------------

    @property
    def name(self) -> str:
        key = self.spec.lower()
        if key == SYSTEM:
            return "System audio"
        if key == MIC:
            return "Microphone"
        return self._device_name or self.spec

    @property
    def live(self) -> bool:
        return True

    @property
    def device_name(self) -> str | None:
        """The device actually opened, e.g. "pulse" for system audio on Linux."""
        return self._device_name

    @property
    def device_rate(self) -> int | None:
        """The rate the device was opened at (16000 unless it would not)."""
        return self._device_rate

    @property
    def active(self) -> bool:
        """Whether the device stream is open and running (False once it has died)."""
        return self._close_stream is not None and self._is_active()

    @property
    def seconds_since_audio(self) -> float:
        """Wall seconds since the device last delivered a block (since open if never)."""
        last = self._last_audio if self._last_audio is not None else self._opened_at
        return float("inf") if last is None else time.monotonic() - last

    def open(self) -> None:
        """Open the device and start recording; raises AudioError with a sentence.

        Returns once the first block has arrived (or after ``start_timeout``
        seconds without one), so a caller's watchdog starts from flowing audio:
        some devices take a while to start (a PulseAudio null sink's monitor
        delivers its first block after about two seconds).
        """
        self.close()
        self._queue = queue.SimpleQueue()
        self._first_audio.clear()
        self._last_audio = None
        self.dropped_blocks = 0
        self.overflows = 0
        if self.spec.lower() == SYSTEM and sys.platform == "win32":  # pragma: no cover
            self._open_wasapi_loopback()
        else:
            with _lock:
                self._open_portaudio()
        self._first_audio.wait(self._start_timeout)

    def read(self, timeout: float) -> Frames | None:
        """The next block of 16 kHz mono int16, or None if none arrived within ``timeout``."""
        blocks = self._queue
        resampler = self._resampler
        if blocks is None or resampler is None:
            return None
        try:
            block = blocks.get(block=timeout > 0, timeout=timeout if timeout > 0 else None)
        except queue.Empty:
            return None
        while blocks.qsize() >= self._max_blocks:  # a reader far behind: keep the newest
            with contextlib.suppress(queue.Empty):
                block = blocks.get_nowait()
                self.dropped_blocks += 1
        if self._device_rate == SAMPLE_RATE and block.shape[1] == 1:
            return block.reshape(-1)
        return resampler.process(block)

    def close(self) -> None:
        """Stop and release the device; safe to call twice; never hangs.

        PortAudio's close can hang when the sound server died under the stream
        (a libpulse deadlock seen with shared memory), so it runs on a helper
        thread; after two seconds it is given up on and left open, which also
        stops PortAudio being re-scanned (that would hang too) until restart.
        """
        global _open_streams
        close_stream, self._close_stream = self._close_stream, None
        self._is_active = lambda: False
        if close_stream is None:
            return
        done = threading.Event()

        def run() -> None:
            try:
                close_stream()
            finally:
                done.set()

        threading.Thread(target=run, name="companion-audio-close", daemon=True).start()
        if done.wait(_CLOSE_TIMEOUT):
            with _lock:
                _open_streams -= 1
        else:
            _skip_portaudio_exit()

    # -- opening ---------------------------------------------------------------

    def _push(self, block: np.ndarray[Any, np.dtype[np.int16]]) -> None:
        """Called on the audio thread: hand a copy of the block over, never blocking."""
        blocks = self._queue
        if blocks is not None:
            blocks.put(block)
            self._last_audio = time.monotonic()
            if not self._first_audio.is_set():
                self._first_audio.set()

    def _resolve(self, sd: Any) -> tuple[DeviceInfo, str | None]:
        """The device to open for the spec, and the PULSE_SOURCE to set while opening."""
        devices = _input_devices(sd)
        key = self.spec.lower()
        if key == SYSTEM:
            if sys.platform == "darwin":
                for device in devices:
                    if any(word in device.name.lower() for word in _MAC_LOOPBACK_NAMES):
                        return device, None
                raise AudioError(NO_LOOPBACK_MAC)
            monitor = _default_sink_monitor()
            for device in devices:
                if device.name == _PULSE_DEVICE:
                    return device, monitor
            raise AudioError(NO_PULSE_DEVICE)  # the server answered: the ALSA plugin is missing
        if not devices:
            raise AudioError(NO_DEVICE)
        if key == MIC:
            for device in devices:
                if device.is_default:
                    return device, None
            return devices[0], None
        if self.spec.isdigit():
            for device in devices:
                if device.index == int(self.spec):
                    return device, None
        else:
            exact = [device for device in devices if device.name.lower() == key]
            partial = [device for device in devices if key in device.name.lower()]
            if exact or partial:
                return (exact or partial)[0], None
        raise AudioError(
            f"No input device called '{self.spec}' was found. Check that it is plugged in, "
            "or choose another source, then press Start again."
        )

    def _settings(self, sd: Any, device: DeviceInfo) -> tuple[int, int]:
        """A (rate, channels) the device accepts, preferring 16 kHz mono."""
        rates = [self._rate_wanted] if self._rate_wanted else [SAMPLE_RATE, device.default_rate]
        for rate in rates:
            for channels in dict.fromkeys((1, min(2, device.channels), device.channels)):
                try:
                    sd.check_input_settings(
                        device=device.index, samplerate=rate, channels=channels, dtype="int16"
                    )
                except Exception:
                    continue
                return rate, channels
        return rates[-1], min(2, device.channels)  # let opening say what is wrong

    def _open_portaudio(self) -> None:
        sd = _sounddevice()
        _rescan(sd)
        device, pulse_source = self._resolve(sd)
        rate, channels = self._settings(sd, device)

        def callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
            if status:
                self.overflows += 1
            self._push(indata.copy())

        try:
            with _pulse_env(pulse_source):
                stream = sd.InputStream(
                    device=device.index,
                    samplerate=rate,
                    channels=channels,
                    dtype="int16",
                    blocksize=max(1, round(rate * self._block_seconds)),
                    callback=callback,
                )
            stream.start()
        except Exception as error:
            raise AudioError(
                f"Companion could not start recording from {self.name} ({error}). Check "
                "that it is plugged in and not in use by another program, then press "
                "Start again."
            ) from None

        def close() -> None:
            with contextlib.suppress(Exception):
                stream.abort()  # abort before close: close alone can hang in PortAudio
            with contextlib.suppress(Exception):
                stream.close()

        self._start(device.name, rate, channels, close, lambda: bool(stream.active))

    def _start(
        self,
        device_name: str,
        rate: int,
        channels: int,
        close: Callable[[], None],
        is_active: Callable[[], bool],
    ) -> None:
        global _open_streams
        with _lock:
            _open_streams += 1
        self._opened_at = time.monotonic()
        self._device_name = device_name
        self._device_rate = rate
        self._resampler = Resampler(rate)
        self._close_stream = close
        self._is_active = is_active

    def _open_wasapi_loopback(self) -> None:  # pragma: no cover - Windows only
        # Untested here (no Windows): follows PyAudioWPatch's loopback example.
        try:
            import pyaudiowpatch as pyaudio  # type: ignore[import-not-found]
        except ImportError:
            raise AudioError(NO_LOOPBACK_WINDOWS) from None
        audio = pyaudio.PyAudio()
        try:
            wasapi = audio.get_host_api_info_by_type(pyaudio.paWASAPI)
            device = audio.get_device_info_by_index(wasapi["defaultOutputDevice"])
            if not device.get("isLoopbackDevice"):
                for loopback in audio.get_loopback_device_info_generator():
                    if device["name"] in loopback["name"]:
                        device = loopback
                        break
                else:
                    raise AudioError(NO_DEVICE)
            channels = max(1, int(device["maxInputChannels"]))
            rate = int(device["defaultSampleRate"])

            def callback(data: bytes, frames: int, info: Any, status: int) -> tuple[None, int]:
                block = np.frombuffer(data, dtype=np.int16).reshape(-1, channels).copy()
                self._push(block)
                return None, pyaudio.paContinue

            stream = audio.open(
                format=pyaudio.paInt16,
                channels=channels,
                rate=rate,
                input=True,
                input_device_index=device["index"],
                frames_per_buffer=max(1, round(rate * self._block_seconds)),
                stream_callback=callback,
            )
        except AudioError:
            audio.terminate()
            raise
        except Exception as error:
            audio.terminate()
            raise AudioError(
                f"Companion could not start recording the system audio ({error}). "
                "Check that sound plays on this computer, then press Start again."
            ) from None

        def close() -> None:
            with contextlib.suppress(Exception):
                stream.stop_stream()
                stream.close()
            audio.terminate()

        self._start(str(device["name"]), rate, channels, close, lambda: bool(stream.is_active()))


def _looks_like_file(spec: str) -> bool:
    path = Path(spec).expanduser()
    return (
        path.suffix.lower() in (".wav", ".wave")
        or os.sep in spec
        or "/" in spec
        or (path.exists() and not spec.isdigit())
    )


def open_source(spec: str, *, realtime: bool = True) -> AudioSource:
    """The source for a spec: "system", "mic", a device name or index, or a WAV file's path.

    The source is returned unopened; call ``open()``. A WAV file plays in real
    time unless ``realtime`` is False.
    """
    text = spec.strip()
    if text.lower() in (SYSTEM, MIC):
        return DeviceSource(text.lower())
    if _looks_like_file(text):
        return WavSource(Path(text).expanduser(), realtime=realtime)
    return DeviceSource(text)
