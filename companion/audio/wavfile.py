"""A WAV file as an audio source: any rate, channels and common sample format.

The RIFF header is parsed here rather than with the stdlib ``wave`` module,
which rejects 32-bit float and WAVE_FORMAT_EXTENSIBLE files (what many
recorders and ffmpeg write). Supported: integer PCM of 8, 16, 24 and 32 bits
and IEEE float of 32 and 64 bits, plain or extensible. The file is read block
by block, so long recordings do not fill memory.
"""

from __future__ import annotations

import struct
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

import numpy as np
import numpy.typing as npt

from companion.audio.resample import Resampler
from companion.audio.source import SAMPLE_RATE, EndOfAudio, Frames
from companion.errors import AudioError
from companion.paths import special_file_reason

BLOCK_SECONDS = 0.1
_BLOCK = round(SAMPLE_RATE * BLOCK_SECONDS)  # output samples per block

_FORMAT_PCM = 0x0001
_FORMAT_FLOAT = 0x0003
_FORMAT_EXTENSIBLE = 0xFFFE
# Sample rates and channel counts of real recordings; a header outside them is damaged.
MIN_RATE = 4_000
MAX_RATE = 384_000
MAX_CHANNELS = 32
# The sizes RIFF writers put in a header they could not go back and fill in.
_UNKNOWN_SIZES = (0, 0xFFFFFFFF)


@dataclass(frozen=True, slots=True)
class WavFormat:
    """What the header says about the samples."""

    rate: int  # frames per second
    channels: int
    bits: int  # bits per sample as stored (8, 16, 24, 32 or 64)
    floating: bool  # IEEE float rather than integer PCM
    data_offset: int  # where the samples start in the file
    frames: int  # number of sample frames in the file

    @property
    def frame_bytes(self) -> int:
        return self.channels * self.bits // 8

    @property
    def duration(self) -> float:
        return self.frames / self.rate


def _open_binary(path: Path) -> BinaryIO:
    """Open a file for reading bytes (a seam for tests)."""
    return path.open("rb")


def _not_wav(path: Path) -> AudioError:
    target = path.with_suffix(".wav").name
    if target == path.name:
        target = f"{path.stem}-converted.wav"
    return AudioError(
        f"'{path.name}' is not a WAV file Companion can read. Convert it to WAV "
        f"(for example: ffmpeg -i {path.name} {target}) and try again."
    )


def _cut_short(path: Path) -> AudioError:
    return AudioError(
        f"'{path.name}' is cut short: the file ends before its audio starts. It may not "
        "have finished copying or recording; copy or export it again, then try again."
    )


def _unsupported(path: Path, what: str) -> AudioError:
    return AudioError(
        f"'{path.name}' is a WAV file in a form Companion cannot read ({what}). Convert it "
        f"to 16-bit WAV (for example: ffmpeg -i {path.name} -c:a pcm_s16le "
        f"{path.stem}-16bit.wav) and try again."
    )


def read_header(path: Path, stream: BinaryIO, size: int) -> WavFormat:
    """Parse the RIFF/WAVE header of ``stream`` (``size`` bytes long); raise AudioError."""
    head = stream.read(12)
    if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"WAVE":
        if head[:4] in (b"RF64", b"BW64"):
            raise _unsupported(path, "a very large RF64 file")
        raise _not_wav(path)
    fmt: tuple[int, int, int, int] | None = None  # (code, channels, rate, bits)
    while True:
        chunk = stream.read(8)
        if len(chunk) < 8:
            raise _cut_short(path)
        chunk_id, chunk_size = chunk[:4], struct.unpack("<I", chunk[4:])[0]
        if chunk_id == b"fmt ":
            if chunk_size < 16:
                raise _not_wav(path)
            body = stream.read(chunk_size + (chunk_size & 1))
            if len(body) < chunk_size:
                raise _cut_short(path)
            code, channels, rate, _byte_rate, _align, bits = struct.unpack("<HHIIHH", body[:16])
            if code == _FORMAT_EXTENSIBLE:
                if chunk_size < 26:
                    raise _not_wav(path)
                code = struct.unpack("<H", body[24:26])[0]  # first two bytes of the sub-format
            fmt = (code, channels, rate, bits)
        elif chunk_id == b"data":
            if fmt is None:
                raise _not_wav(path)
            offset = stream.tell()
            available = max(0, size - offset)
            if chunk_size in _UNKNOWN_SIZES:
                data_size = available
            elif available == 0:
                raise _cut_short(path)
            else:
                data_size = min(chunk_size, available)  # a recording cut off: read what is there
            return _check_format(path, *fmt, offset, data_size)
        else:
            skip = chunk_size + (chunk_size & 1)
            if stream.tell() + skip > size:
                raise _cut_short(path)
            stream.seek(skip, 1)


def _check_format(
    path: Path, code: int, channels: int, rate: int, bits: int, offset: int, data_size: int
) -> WavFormat:
    if code == _FORMAT_PCM:
        if bits not in (8, 16, 24, 32):
            raise _unsupported(path, f"{bits}-bit samples")
        floating = False
    elif code == _FORMAT_FLOAT:
        if bits not in (32, 64):
            raise _unsupported(path, f"{bits}-bit floating-point samples")
        floating = True
    else:
        raise _unsupported(path, f"compressed audio, WAV format code {code:#06x}")
    if channels < 1 or rate < 1:
        raise _not_wav(path)
    if not MIN_RATE <= rate <= MAX_RATE or channels > MAX_CHANNELS:
        # Checked before anything is sized from the header: a rate of 4 GHz would
        # otherwise ask for hundreds of GB to resample one block.
        raise _unsupported(
            path,
            f"{rate:,} samples a second in {channels} channel{'s' * (channels != 1)}; "
            f"Companion reads {MIN_RATE:,} to {MAX_RATE:,} a second and up to "
            f"{MAX_CHANNELS} channels",
        )
    frame_bytes = channels * bits // 8
    return WavFormat(
        rate=rate,
        channels=channels,
        bits=bits,
        floating=floating,
        data_offset=offset,
        frames=data_size // frame_bytes,
    )


def decode(raw: bytes, fmt: WavFormat) -> npt.NDArray[np.generic]:
    """Turn whole frames of raw sample bytes into an (n, channels) array of their dtype."""
    samples: npt.NDArray[np.generic]
    if fmt.floating:
        samples = np.frombuffer(raw, dtype="<f4" if fmt.bits == 32 else "<f8")
    elif fmt.bits == 8:
        samples = np.frombuffer(raw, dtype=np.uint8)
    elif fmt.bits == 16:
        samples = np.frombuffer(raw, dtype="<i2")
    elif fmt.bits == 24:
        triples = np.frombuffer(raw, dtype=np.uint8).reshape(-1, 3).astype(np.int32)
        # Place the 24 bits at the top of an int32, so the sign and scale come out right.
        samples = (triples[:, 0] << 8) | (triples[:, 1] << 16) | (triples[:, 2] << 24)
    else:
        samples = np.frombuffer(raw, dtype="<i4")
    return samples.reshape(-1, fmt.channels)


class WavSource:
    """Reads a WAV file as 16 kHz mono int16 blocks of 100 ms; raises EndOfAudio at the end.

    With ``realtime=False`` blocks come as fast as they are read. With
    ``realtime=True`` each block is held back until the wall clock (``clock``,
    in seconds) has reached the end of its audio, like a live device; ``sleep``
    does the waiting, so tests can pass fakes for both.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        realtime: bool = False,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.path = Path(path)
        self.realtime = realtime
        self._clock = clock
        self._sleep = sleep
        self._stream: BinaryIO | None = None
        self._format: WavFormat | None = None
        self._resampler: Resampler | None = None
        self._pending = np.zeros(0, dtype=np.int16)
        self._frames_left = 0
        self._delivered = 0  # output samples returned
        self._started = 0.0
        self._ended = False

    @property
    def name(self) -> str:
        return self.path.name

    @property
    def live(self) -> bool:
        return False

    @property
    def format(self) -> WavFormat | None:
        """The file's format once opened, else None."""
        return self._format

    @property
    def duration(self) -> float | None:
        """Length of the audio in seconds once opened, else None."""
        return None if self._format is None else self._format.duration

    @property
    def position(self) -> float:
        """Seconds of 16 kHz audio delivered so far."""
        return self._delivered / SAMPLE_RATE

    def open(self) -> None:
        """Open and check the file; raises AudioError with a sentence to act on."""
        self.close()
        path = self.path
        if not path.exists():
            raise AudioError(
                f"The sound file '{path.name}' was not found in {path.parent}. "
                "Check the file name and folder, then try again."
            )
        if path.is_dir():
            raise AudioError(f"'{path.name}' is a folder, not a sound file. Choose a WAV file.")
        special = special_file_reason(path)
        if special:  # a pipe would be waited on for ever
            raise AudioError(f"'{path.name}' {special}. Choose a WAV file.")
        try:
            stream = _open_binary(path)
        except PermissionError:
            raise AudioError(
                f"Companion is not allowed to read '{path.name}'. Check the file's "
                "permissions, or copy it to a folder of your own, then try again."
            ) from None
        except OSError as error:
            raise AudioError(
                f"Companion could not open '{path.name}' ({error.strerror or error}). "
                "Check the file, then try again."
            ) from None
        try:
            size = path.stat().st_size
            if size == 0:
                raise AudioError(
                    f"'{path.name}' is empty (0 bytes). Record or export it again, then try again."
                )
            fmt = read_header(path, stream, size)
            if fmt.frames == 0:
                raise AudioError(
                    f"'{path.name}' has no sound in it: its audio part is empty. "
                    "Record or export it again, then try again."
                )
            stream.seek(fmt.data_offset)
        except OSError as error:
            stream.close()
            raise AudioError(
                f"Companion could not read '{path.name}' ({error.strerror or error}). "
                "Check the file, then try again."
            ) from None
        except BaseException:
            stream.close()
            raise
        self._stream = stream
        self._format = fmt
        self._resampler = Resampler(fmt.rate)
        self._pending = np.zeros(0, dtype=np.int16)
        self._frames_left = fmt.frames
        self._delivered = 0
        self._ended = False
        self._started = self._clock()

    def read(self, timeout: float) -> Frames | None:
        """The next block; None if (in real time) it is not due within ``timeout`` seconds."""
        if self._format is None:
            raise RuntimeError("WavSource.read before open()")
        if self._pending.size < _BLOCK and not self._ended:
            self._fill()
        if self._pending.size == 0:
            raise EndOfAudio(self.name)
        count = min(_BLOCK, self._pending.size)
        if self.realtime:
            due = self._started + (self._delivered + count) / SAMPLE_RATE
            wait = due - self._clock()
            if wait > timeout:
                self._sleep(max(0.0, timeout))
                return None
            if wait > 0:
                self._sleep(wait)
        block = self._pending[:count]
        self._pending = self._pending[count:]
        self._delivered += count
        return block

    def _fill(self) -> None:
        """Read and resample enough of the file for at least one block (or to its end)."""
        fmt, stream, resampler = self._format, self._stream, self._resampler
        assert fmt is not None and stream is not None and resampler is not None
        parts = [self._pending]
        have = self._pending.size
        chunk_frames = max(1, round(fmt.rate * BLOCK_SECONDS))
        while have < _BLOCK and not self._ended:
            want = min(chunk_frames, self._frames_left)
            try:
                raw = stream.read(want * fmt.frame_bytes) if want else b""
            except OSError as error:
                raise AudioError(
                    f"Companion could not read '{self.name}' ({error.strerror or error}). "
                    "Check the file, then try again."
                ) from None
            frames = len(raw) // fmt.frame_bytes
            if frames == 0:  # the end (or a file that shrank while we read it)
                out = resampler.flush()
                self._ended = True
            else:
                self._frames_left -= frames
                out = resampler.process(decode(raw[: frames * fmt.frame_bytes], fmt))
            parts.append(out)
            have += out.size
        self._pending = np.concatenate(parts)

    def close(self) -> None:
        """Close the file; safe to call twice."""
        if self._stream is not None:
            self._stream.close()
            self._stream = None


def read_wav(path: str | Path) -> Frames:
    """The whole of a WAV file as 16 kHz mono int16 (raises AudioError like WavSource)."""
    source = WavSource(path)
    source.open()
    parts: list[Frames] = []
    try:
        while True:
            block = source.read(0.0)
            if block is not None:
                parts.append(block)
    except EndOfAudio:
        pass
    finally:
        source.close()
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
