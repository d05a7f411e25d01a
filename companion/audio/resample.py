"""Mix any audio down to mono and resample it to 16 kHz int16, with numpy only.

The resampler is a rational polyphase filter: up by ``L``, low-pass with a
Kaiser-windowed sinc, down by ``M`` (``16000 / rate == L / M``), computing only
the output samples that are needed. The filter is centred, so output sample
``m`` is the input at time ``m / 16000`` (no delay), and ``Resampler`` keeps the
last few input samples between blocks so a stream cut into blocks comes out the
same as the whole signal at once: no clicks at block boundaries.

Input samples may be any integer or float dtype, shaped ``(n,)`` or
``(n, channels)``. Integers are scaled to the int16 range by their width
(``uint8`` is centred on 128); floats are taken as -1..1.
"""

from __future__ import annotations

from functools import lru_cache
from math import ceil, gcd

import numpy as np
import numpy.typing as npt
from numpy.lib.stride_tricks import sliding_window_view

from companion.audio.source import SAMPLE_RATE, Frames

FloatArray = npt.NDArray[np.float64]

# Zero crossings of the sinc on each side of its centre, in units of the cutoff:
# more means a sharper low-pass and more work per output sample.
_ZERO_CROSSINGS = 24
# The pass band ends at this fraction of the lower Nyquist frequency (7.2 kHz at 16 kHz).
_ROLLOFF = 0.9
# Kaiser window shape: about 80 dB of stop-band attenuation.
_KAISER_BETA = 8.0


def as_float_mono(samples: npt.NDArray[np.generic]) -> FloatArray:
    """Mix ``samples`` ((n,) or (n, channels), any dtype) to mono float64 in int16 scale."""
    data = np.asarray(samples)
    if data.ndim == 2:
        channels = data.shape[1]
        if channels == 0:
            raise ValueError("audio with no channels")
    elif data.ndim != 1:
        raise ValueError(f"audio must be shaped (n,) or (n, channels), not {data.shape}")
    kind = data.dtype.kind
    if kind == "f":
        # A damaged float file can hold NaN or infinity: silence and full scale, not garbage.
        with np.errstate(invalid="ignore"):  # a signalling NaN warns as it is widened
            wide = data.astype(np.float64)
        # Beyond full scale would clip at int16 anyway; clipping first keeps it finite.
        scaled = np.clip(np.nan_to_num(wide, nan=0.0), -1.0, 1.0) * 32768.0
    elif kind == "u":
        bits = data.dtype.itemsize * 8
        middle = float(1 << (bits - 1))
        scaled = (data.astype(np.float64) - middle) * (32768.0 / middle)
    elif kind == "i":
        bits = data.dtype.itemsize * 8
        scaled = data.astype(np.float64) * (32768.0 / float(1 << (bits - 1)))
    elif kind == "b":
        scaled = data.astype(np.float64)
    else:
        raise ValueError(f"audio samples must be numbers, not {data.dtype}")
    if scaled.ndim == 2:
        scaled = scaled.mean(axis=1) if scaled.shape[1] > 1 else scaled[:, 0]
    return np.ascontiguousarray(scaled, dtype=np.float64)


def to_int16(samples: FloatArray) -> Frames:
    """Round and clip float samples in int16 scale to int16."""
    return np.clip(np.rint(samples), -32768, 32767).astype(np.int16)


@lru_cache(maxsize=16)
def _design(up: int, down: int) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.int64], int]:
    """Polyphase coefficients ``(phases[L, K], offsets[L], K)`` for resampling by ``up/down``.

    Output ``m`` (upsampled index ``n = m * down``, phase ``p = n % up``,
    ``q = n // up``) is ``sum_k coeffs[p, k] * x[q + offsets[p] + k]``.
    """
    # Cutoff relative to the upsampled rate (its Nyquist is 0.5).
    cutoff = 0.5 * _ROLLOFF / max(up, down)
    half = ceil(_ZERO_CROSSINGS / (2.0 * cutoff))  # filter half-length, upsampled samples
    u = np.arange(-half, half + 1, dtype=np.float64)
    window = np.kaiser(2 * half + 1, _KAISER_BETA)
    prototype = 2.0 * cutoff * np.sinc(2.0 * cutoff * u) * window
    prototype *= up / prototype.sum()  # unity gain at DC after zero-stuffing by ``up``
    taps = 2 * half // up + 1
    phases = np.arange(up, dtype=np.int64)
    offsets = -((half - phases) // up)  # ceil((phase - half) / up): first input each phase needs
    lags = phases[:, None] - (offsets[:, None] + np.arange(taps)) * up  # n - i * up
    inside = np.abs(lags) <= half
    coeffs = np.where(inside, prototype[np.clip(lags + half, 0, 2 * half)], 0.0)
    coeffs.setflags(write=False)
    offsets.setflags(write=False)
    return coeffs, offsets, taps


class Resampler:
    """Streaming mix-down and resampling to 16 kHz mono int16 that keeps state across blocks.

    ``process`` returns every output sample whose inputs have all arrived (so
    it lags the input by a few milliseconds); ``flush`` returns the rest at the
    end of the stream. Concatenated, the outputs equal ``to_mono_16k`` of the
    whole input: ``ceil(n * 16000 / rate)`` samples.
    """

    def __init__(self, rate: int, target: int = SAMPLE_RATE) -> None:
        if rate <= 0 or target <= 0:
            raise ValueError(f"sample rates must be positive, not {rate} and {target}")
        self.rate = int(rate)
        self.target = int(target)
        common = gcd(self.rate, self.target)
        self._up = self.target // common
        self._down = self.rate // common
        self._passthrough = self._up == 1 and self._down == 1
        if not self._passthrough:
            self._coeffs, self._offsets, self._taps = _design(self._up, self._down)
        else:
            self._coeffs = np.zeros((1, 1))
            self._offsets = np.zeros(1, dtype=np.int64)
            self._taps = 1
        self.reset()

    def reset(self) -> None:
        """Forget all history, as if newly created."""
        self._consumed = 0  # input samples received
        self._produced = 0  # output samples returned
        # Before the first sample the signal is taken as silence.
        pad = self._taps + 1
        self._buffer: FloatArray = np.zeros(pad, dtype=np.float64)
        self._buffer_start = -pad  # absolute input index of _buffer[0]
        self._flushed = False

    def process(self, samples: npt.NDArray[np.generic]) -> Frames:
        """Resample the next block ((n,) or (n, channels), any dtype); returns 16 kHz int16."""
        if self._flushed:
            raise RuntimeError("Resampler.process after flush; call reset() first")
        mono = as_float_mono(samples)
        if self._passthrough:
            self._consumed += mono.size
            self._produced += mono.size
            return to_int16(mono)
        if mono.size:
            self._buffer = np.concatenate((self._buffer, mono))
            self._consumed += mono.size
        return to_int16(self._emit(self._consumed))

    def flush(self) -> Frames:
        """The remaining output at the end of the stream (the input after it taken as silence)."""
        if self._passthrough or self._flushed:
            self._flushed = True
            return np.zeros(0, dtype=np.int16)
        self._flushed = True
        total = -(-self._consumed * self._up // self._down)  # ceil, in integers
        tail = np.zeros(self._taps + 1, dtype=np.float64)
        self._buffer = np.concatenate((self._buffer, tail))
        out = self._emit(self._consumed + tail.size)
        return to_int16(out[: max(0, total - (self._produced - out.size))])

    def _emit(self, available: int) -> FloatArray:
        """Compute the outputs whose inputs (absolute indices < ``available``) have arrived."""
        up, down, taps = self._up, self._down, self._taps
        # An upper bound on how many outputs could be ready, then keep the ready prefix.
        limit = (available * up) // down + 2 - self._produced
        if limit <= 0:
            return np.zeros(0, dtype=np.float64)
        m = np.arange(self._produced, self._produced + limit, dtype=np.int64)
        n = m * down
        phase = n % up
        first = n // up + self._offsets[phase]
        ready = int(np.searchsorted(first + taps - 1, available, side="left"))
        if ready == 0:
            return np.zeros(0, dtype=np.float64)
        # Outputs ``up`` apart share a phase and step ``down`` inputs: one strided
        # matrix-vector product per phase, over windows viewed in place (no gather).
        windows = sliding_window_view(self._buffer, taps)
        out = np.empty(ready, dtype=np.float64)
        for j in range(min(up, ready)):
            start = int(first[j]) - self._buffer_start
            count = len(range(j, ready, up))
            out[j::up] = (
                windows[start : start + (count - 1) * down + 1 : down] @ self._coeffs[phase[j]]
            )
        self._produced += ready
        # Drop the input no later output can need (outputs only move forward).
        n_next = self._produced * down
        keep_from = n_next // up + int(self._offsets[n_next % up])
        drop = keep_from - self._buffer_start
        if drop > 0:
            self._buffer = self._buffer[drop:]
            self._buffer_start += drop
        return out


def to_mono_16k(samples: npt.NDArray[np.generic], rate: int) -> Frames:
    """Mix ``samples`` ((n,) or (n, channels), any dtype) to mono and resample to 16 kHz int16.

    Returns ``ceil(n * 16000 / rate)`` samples, clipped to the int16 range.
    Long inputs are processed in chunks so memory stays small.
    """
    data = np.asarray(samples)
    resampler = Resampler(rate)
    chunk = max(1, rate) * 10  # ten seconds at a time
    parts = [resampler.process(data[start : start + chunk]) for start in range(0, len(data), chunk)]
    parts.append(resampler.flush())
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int16)
