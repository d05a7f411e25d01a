"""PortAudio through sounddevice: loading it, listing input devices, opening a stream.

sounddevice is imported only when a device is first needed, so the rest of
Companion works without PortAudio installed. One lock serialises re-scans,
queries and stream opening, so one thread's re-scan never pulls devices away
from another thread's opening; PortAudio is re-scanned only while none of our
streams is open (a re-scan restarts PortAudio, which would break them).
"""

from __future__ import annotations

import atexit
import contextlib
import threading
from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Any

import numpy as np

from companion.audio.source import SAMPLE_RATE
from companion.errors import AudioError

NO_DEVICE = (
    "No microphone or audio device was found. Plug one in or check that your computer's "
    "sound service is running, then press Start again."
)
NO_PORTAUDIO = (
    "Companion could not load PortAudio, the library it uses to hear audio. Install it "
    "(on Debian or Ubuntu: sudo apt install libportaudio2), then start Companion again."
)

# Held while PortAudio is re-scanned, queried or a stream opened; also guards
# _open_streams and the PULSE_SOURCE variable (see pulse.py).
lock = threading.RLock()
_open_streams = 0  # streams open through this package; PortAudio is re-scanned only at zero

Block = np.ndarray[Any, np.dtype[np.int16]]


@dataclass(frozen=True, slots=True)
class DeviceInfo:
    """An input device, for the source picker."""

    index: int  # PortAudio's device number (valid until devices are re-scanned)
    name: str  # as PortAudio names it; also accepted as a source spec
    host_api: str  # e.g. "ALSA", "Windows WASAPI", "Core Audio"
    channels: int  # most input channels it offers
    default_rate: int  # its preferred sample rate
    is_default: bool  # the system's default input


@dataclass(frozen=True, slots=True)
class OpenStream:
    """A running input stream from any backend, as DeviceSource holds it."""

    device_name: str  # the device actually opened
    rate: int  # the rate it delivers blocks at
    channels: int  # channels per block
    close: Callable[[], None]  # stops and releases it (may hang: call off-thread)
    is_active: Callable[[], bool]  # False once the stream has died


def load_sounddevice() -> Any:
    """Import sounddevice, or raise AudioError saying how to install PortAudio."""
    try:
        import sounddevice
    except (ImportError, OSError):
        raise AudioError(NO_PORTAUDIO) from None
    return sounddevice


def stream_opened() -> None:
    """Count a stream as open, so PortAudio is not re-scanned under it."""
    global _open_streams
    with lock:
        _open_streams += 1


def stream_closed() -> None:
    """Count a stream as closed again."""
    global _open_streams
    with lock:
        _open_streams -= 1


def skip_portaudio_exit() -> None:
    """A stream that would not close has wedged PortAudio; sounddevice's own exit
    handler would then hang the process as it quits, so the OS is left to free it."""
    with contextlib.suppress(AudioError):
        handler = getattr(load_sounddevice(), "_exit_handler", None)
        if handler is not None:
            atexit.unregister(handler)


def rescan(sd: Any) -> None:
    """Make PortAudio look for devices again, unless one of our streams is open.

    PortAudio lists devices once, when it starts; a device plugged in later (or
    a sound server started later) is only seen after a restart of PortAudio,
    which would break open streams, so this is skipped while any is open.
    """
    with lock:
        if _open_streams:
            return
        with contextlib.suppress(Exception):
            if getattr(sd, "_initialized", 0) > 0:
                sd._terminate()
        with contextlib.suppress(Exception):
            sd._initialize()


def input_devices(sd: Any) -> list[DeviceInfo]:
    """The input devices PortAudio lists now (empty when it cannot say)."""
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
    sd = load_sounddevice()
    with lock:
        rescan(sd)
        return input_devices(sd)


def choose_settings(sd: Any, device: DeviceInfo, rate_wanted: int | None) -> tuple[int, int]:
    """A (rate, channels) the device accepts, preferring 16 kHz mono (or ``rate_wanted``)."""
    rates = [rate_wanted] if rate_wanted else [SAMPLE_RATE, device.default_rate]
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


def open_input(
    sd: Any,
    device: DeviceInfo,
    *,
    rate: int,
    channels: int,
    block_seconds: float,
    push: Callable[[Block], None],
    on_overflow: Callable[[], None],
    while_opening: AbstractContextManager[None],
) -> OpenStream:
    """Open and start a PortAudio input stream; raises whatever PortAudio raises.

    The callback runs on PortAudio's thread and only hands a copy of each block
    to ``push``. ``while_opening`` is entered around the stream's creation (the
    PulseAudio backend sets ``PULSE_SOURCE`` there).
    """

    def callback(indata: Any, frames: int, time_info: Any, status: Any) -> None:
        if status:
            on_overflow()
        push(indata.copy())

    with while_opening:
        stream = sd.InputStream(
            device=device.index,
            samplerate=rate,
            channels=channels,
            dtype="int16",
            blocksize=max(1, round(rate * block_seconds)),
            callback=callback,
        )
    stream.start()

    def close() -> None:
        with contextlib.suppress(Exception):
            stream.abort()  # abort before close: close alone can hang in PortAudio
        with contextlib.suppress(Exception):
            stream.close()

    return OpenStream(device.name, rate, channels, close, lambda: bool(stream.active))
