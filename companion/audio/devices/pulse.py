"""Linux system output: the monitor of the default PulseAudio/PipeWire sink.

It is recorded through PortAudio's ALSA ``pulse`` device with
``PULSE_SOURCE=<sink>.monitor`` set while the stream is opened (libpulse reads
it then). Each failure on the way is an AudioError with a sentence saying
what to install or check.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator

from companion.audio.devices.portaudio import DeviceInfo, lock
from companion.errors import AudioError

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

PULSE_DEVICE = "pulse"  # the ALSA device, through PortAudio, that records from PulseAudio


def default_sink_monitor() -> str:
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


def system_output(devices: list[DeviceInfo]) -> tuple[DeviceInfo, str]:
    """The ``pulse`` device and the monitor source it should record, for system audio."""
    monitor = default_sink_monitor()
    for device in devices:
        if device.name == PULSE_DEVICE:
            return device, monitor
    raise AudioError(NO_PULSE_DEVICE)  # the server answered: the ALSA plugin is missing


@contextlib.contextmanager
def pulse_source(source: str | None) -> Iterator[None]:
    """Set ``PULSE_SOURCE`` while a stream is opened (libpulse reads it then), then restore it.

    It picks the source the ALSA ``pulse`` device records: the sink's monitor.
    None leaves the environment alone.
    """
    if source is None:
        yield
        return
    with lock:
        before = os.environ.get("PULSE_SOURCE")
        os.environ["PULSE_SOURCE"] = source
        try:
            yield
        finally:
            if before is None:
                os.environ.pop("PULSE_SOURCE", None)
            else:
                os.environ["PULSE_SOURCE"] = before
