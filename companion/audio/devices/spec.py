"""Opening a source by its spec: "system", "mic", "system+mic", a device or a WAV file.

This is what the command line and the app call with what the person typed or
picked; it decides between a live device and a file and returns it unopened.
"""

from __future__ import annotations

import os
from pathlib import Path

from companion.audio.devices.source import MIC, SYSTEM, DeviceSource
from companion.audio.mixed import MixedSource
from companion.audio.source import AudioSource
from companion.audio.wavfile import WavSource


def _looks_like_file(spec: str) -> bool:
    path = Path(spec).expanduser()
    return (
        path.suffix.lower() in (".wav", ".wave")
        or os.sep in spec
        or "/" in spec
        or (path.exists() and not spec.isdigit())
    )


SYSTEM_AND_MIC = "system+mic"  # the call and my microphone, mixed (#14)


def open_source(spec: str, *, realtime: bool = True) -> AudioSource:
    """The source for a spec: "system", "mic", "system+mic" (both mixed, each phrase
    given to its side), a device name or index, or a WAV file's path.

    The source is returned unopened; call ``open()``. A WAV file plays in real
    time unless ``realtime`` is False.
    """
    text = spec.strip()
    if text.lower() == SYSTEM_AND_MIC:
        return MixedSource(DeviceSource(SYSTEM), DeviceSource(MIC))
    if text.lower() in (SYSTEM, MIC):
        return DeviceSource(text.lower())
    if _looks_like_file(text):
        return WavSource(Path(text).expanduser(), realtime=realtime)
    return DeviceSource(text)
