"""Live audio sources: the microphone, the system output and named input devices.

One module per concern:

- ``portaudio``: sounddevice (PortAudio), loaded only when a device is first
  needed; listing inputs and opening streams.
- ``pulse``: Linux system output, the monitor of the default PulseAudio or
  PipeWire sink, recorded through PortAudio's ALSA ``pulse`` device.
- ``wasapi``: Windows system output, WASAPI loopback through PyAudioWPatch.
- ``macos``: macOS system output, a loopback input such as BlackHole.
- ``source``: ``DeviceSource``, the AudioSource that uses them.
- ``spec``: ``open_source``, a source for what the person typed or picked.

The names below are the package's public face; callers import them from here.
"""

from companion.audio.devices.macos import NO_LOOPBACK_MAC
from companion.audio.devices.portaudio import (
    NO_DEVICE,
    NO_PORTAUDIO,
    DeviceInfo,
    list_input_devices,
)
from companion.audio.devices.pulse import NO_OUTPUT, NO_PACTL, NO_PULSE_DEVICE, NO_SOUND_SERVICE
from companion.audio.devices.source import MIC, SYSTEM, DeviceSource
from companion.audio.devices.spec import open_source
from companion.audio.devices.wasapi import NO_LOOPBACK_WINDOWS

__all__ = [
    "MIC",
    "NO_DEVICE",
    "NO_LOOPBACK_MAC",
    "NO_LOOPBACK_WINDOWS",
    "NO_OUTPUT",
    "NO_PACTL",
    "NO_PORTAUDIO",
    "NO_PULSE_DEVICE",
    "NO_SOUND_SERVICE",
    "SYSTEM",
    "DeviceInfo",
    "DeviceSource",
    "list_input_devices",
    "open_source",
]
