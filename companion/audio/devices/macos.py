"""macOS system output: a loopback input device (BlackHole and the like).

macOS has no built-in way to record what the computer plays, so the person
installs a loopback device and sends the call's sound to it; Companion then
records that device like any other input, through PortAudio.
"""

from __future__ import annotations

from companion.audio.devices.portaudio import DeviceInfo
from companion.errors import AudioError

NO_LOOPBACK_MAC = (
    "This Mac has no loopback device, which Companion needs to hear the call. Install "
    "BlackHole and send the call's sound to it (the user guide shows how), or choose the "
    "microphone, then press Start again."
)

# Words in the names of the loopback devices people install on a Mac.
LOOPBACK_NAMES = ("blackhole", "loopback", "soundflower")


def loopback_device(devices: list[DeviceInfo]) -> DeviceInfo:
    """The first loopback device among the inputs, or AudioError saying to install one."""
    for device in devices:
        if any(word in device.name.lower() for word in LOOPBACK_NAMES):
            return device
    raise AudioError(NO_LOOPBACK_MAC)
