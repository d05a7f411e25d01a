"""Windows system output: WASAPI loopback through PyAudioWPatch.

sounddevice's PortAudio has no loopback on Windows, so the default output is
recorded through PyAudioWPatch when it is installed. Untested here (no
Windows): it follows PyAudioWPatch's loopback example.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

import numpy as np

from companion.audio.devices.portaudio import NO_DEVICE, Block, OpenStream
from companion.errors import AudioError

NO_LOOPBACK_WINDOWS = (
    "Companion needs the PyAudioWPatch package to hear the system audio on Windows. "
    "Install it (pip install PyAudioWPatch) or choose the microphone, then press Start again."
)


def open_loopback(
    *, block_seconds: float, push: Callable[[Block], None]
) -> OpenStream:  # pragma: no cover - Windows only
    """Start recording the default output; raises AudioError with a sentence."""
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
            push(np.frombuffer(data, dtype=np.int16).reshape(-1, channels).copy())
            return None, pyaudio.paContinue

        stream = audio.open(
            format=pyaudio.paInt16,
            channels=channels,
            rate=rate,
            input=True,
            input_device_index=device["index"],
            frames_per_buffer=max(1, round(rate * block_seconds)),
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

    return OpenStream(str(device["name"]), rate, channels, close, lambda: bool(stream.is_active()))
