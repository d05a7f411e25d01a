"""DeviceSource: a live input ("mic", "system" or a named device) as an AudioSource.

The spec is resolved to a device of the right backend (PortAudio for inputs;
the PulseAudio monitor, WASAPI loopback or a Mac loopback device for the system
output). A device is opened at 16 kHz mono when it accepts that, else at its
own rate and channel count, and ``read`` resamples with a streaming
``Resampler``. The backend's callback only copies each block into a queue,
never blocking; closing never hangs.

A reader more than ``max_queue_seconds`` behind loses the oldest blocks
(memory stays bounded even if decoding stalls for minutes); ``take_dropped``
tells the caption stream how much, and the stream shows it as a gap in the
captions, the same as audio it skips itself (never silently).
"""

from __future__ import annotations

import contextlib
import queue
import sys
import threading
import time
from typing import Any

from companion.audio.devices import macos, portaudio, pulse, wasapi
from companion.audio.devices.portaudio import NO_DEVICE, Block, DeviceInfo, OpenStream
from companion.audio.resample import Resampler
from companion.audio.source import SAMPLE_RATE, Frames
from companion.errors import AudioError

SYSTEM = "system"  # the spec for the system output
MIC = "mic"  # the spec for the default input

# How long closing a stream may take before it is given up on (see DeviceSource.close).
_CLOSE_TIMEOUT = 2.0


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
        self._queue: queue.SimpleQueue[Block] | None = None
        self._stream: OpenStream | None = None
        self._resampler: Resampler | None = None
        self._device_name: str | None = None
        self._device_rate: int | None = None
        self._last_audio: float | None = None
        self._opened_at: float | None = None
        self.dropped_blocks = 0  # blocks thrown away because nobody read them in time
        self._dropped_samples = 0.0  # ...as 16 kHz samples, until ``take_dropped``
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
        return self._stream is not None and self._stream.is_active()

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
        self._dropped_samples = 0.0
        self.overflows = 0
        if self.spec.lower() == SYSTEM and sys.platform == "win32":  # pragma: no cover
            self._start(wasapi.open_loopback(block_seconds=self._block_seconds, push=self._push))
        else:
            with portaudio.lock:  # counted as open before anyone may re-scan
                self._start(self._open_portaudio())
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
                dropped, block = block, blocks.get_nowait()
                self.dropped_blocks += 1
                self._dropped_samples += len(dropped) * SAMPLE_RATE / (self._device_rate or 1)
        if self._device_rate == SAMPLE_RATE and block.shape[1] == 1:
            return block.reshape(-1)
        return resampler.process(block)

    def take_dropped(self) -> int:
        """16 kHz samples dropped unread (before the last block read) since last asked."""
        whole = int(self._dropped_samples)
        self._dropped_samples -= whole
        return whole

    def close(self) -> None:
        """Stop and release the device; safe to call twice; never hangs.

        PortAudio's close can hang when the sound server died under the stream
        (a libpulse deadlock seen with shared memory), so it runs on a helper
        thread; after two seconds it is given up on and left open, which also
        stops PortAudio being re-scanned (that would hang too) until restart.
        """
        stream, self._stream = self._stream, None
        if stream is None:
            return
        done = threading.Event()

        def run() -> None:
            try:
                stream.close()
            finally:
                done.set()

        threading.Thread(target=run, name="companion-audio-close", daemon=True).start()
        if done.wait(_CLOSE_TIMEOUT):
            portaudio.stream_closed()
        else:
            portaudio.skip_portaudio_exit()

    # -- opening ---------------------------------------------------------------

    def _push(self, block: Block) -> None:
        """Called on the audio thread: hand a copy of the block over, never blocking."""
        blocks = self._queue
        if blocks is not None:
            blocks.put(block)
            self._last_audio = time.monotonic()
            if not self._first_audio.is_set():
                self._first_audio.set()

    def _count_overflow(self) -> None:
        self.overflows += 1

    def _resolve(self, sd: Any) -> tuple[DeviceInfo, str | None]:
        """The device to open for the spec, and the PULSE_SOURCE to set while opening."""
        devices = portaudio.input_devices(sd)
        key = self.spec.lower()
        if key == SYSTEM:
            if sys.platform == "darwin":
                return macos.loopback_device(devices), None
            return pulse.system_output(devices)
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

    def _open_portaudio(self) -> OpenStream:
        sd = portaudio.load_sounddevice()
        portaudio.rescan(sd)
        device, monitor = self._resolve(sd)
        rate, channels = portaudio.choose_settings(sd, device, self._rate_wanted)
        try:
            return portaudio.open_input(
                sd,
                device,
                rate=rate,
                channels=channels,
                block_seconds=self._block_seconds,
                push=self._push,
                on_overflow=self._count_overflow,
                while_opening=pulse.pulse_source(monitor),
            )
        except Exception as error:
            raise AudioError(
                f"Companion could not start recording from {self.name} ({error}). Check "
                "that it is plugged in and not in use by another program, then press "
                "Start again."
            ) from None

    def _start(self, stream: OpenStream) -> None:
        portaudio.stream_opened()
        self._opened_at = time.monotonic()
        self._device_name = stream.device_name
        self._device_rate = stream.rate
        self._resampler = Resampler(stream.rate)
        self._stream = stream
