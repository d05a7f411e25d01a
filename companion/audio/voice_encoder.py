"""Speaker embeddings ("voice prints") in numpy: Resemblyzer's encoder, no torch.

``VoiceEncoder`` turns 1.6 s of voice (160 frames of a 40-band mel power
spectrum, 25 ms windows every 10 ms, as Resemblyzer computes them) into a
256-number unit vector: two stretches of one person's voice come out close
(cosine about 0.9 on real speech), two people's further apart (about 0.5-0.7).
It is the package's three-layer LSTM and linear layer, run with numpy on the
package's own weights (``voice_weights``).

``VoicePrints`` is the streaming side: fed 16 kHz int16 blocks, it keeps the
mel frames of voiced audio only (quiet frames are skipped, as Resemblyzer trims
silences) and every ``step`` seconds of voice embeds the last 1.6 s of it,
returning ``Print``s with the audio times they cover. Nothing leaves memory,
and only the last few seconds are kept.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

import numpy as np

from companion.audio.source import SAMPLE_RATE, Frames

N_FFT = 400  # 25 ms
HOP = 160  # 10 ms
N_MELS = 40
WINDOW_FRAMES = 160  # 1.6 s: what the encoder was trained on
VOICE_DBFS = -50.0  # a frame quieter than this is not voice
TARGET_DBFS = -30.0  # Resemblyzer raises quiet audio to this level


def _hz_to_mel(hz: np.ndarray) -> np.ndarray:
    # The Slaney mel scale (librosa's default): linear below 1 kHz, logarithmic above.
    step, knee, log_step = 200.0 / 3, 15.0, np.log(6.4) / 27
    return np.where(hz >= 1000, knee + np.log(np.maximum(hz, 1e-9) / 1000) / log_step, hz / step)


def _mel_to_hz(mel: np.ndarray) -> np.ndarray:
    step, knee, log_step = 200.0 / 3, 15.0, np.log(6.4) / 27
    return np.where(mel >= knee, 1000 * np.exp(log_step * (mel - knee)), mel * step)


def mel_filters() -> np.ndarray:
    """(N_MELS, N_FFT // 2 + 1) triangular filters, area-normalised like librosa's."""
    bins = np.linspace(0, SAMPLE_RATE / 2, N_FFT // 2 + 1)
    points = _mel_to_hz(np.linspace(0.0, float(_hz_to_mel(np.array(SAMPLE_RATE / 2))), N_MELS + 2))
    widths = np.diff(points)
    ramps = points[:, None] - bins[None, :]
    filters = np.zeros((N_MELS, len(bins)))
    for i in range(N_MELS):
        rising, falling = -ramps[i] / widths[i], ramps[i + 2] / widths[i + 1]
        filters[i] = np.maximum(0, np.minimum(rising, falling))
    filters *= (2.0 / (points[2:] - points[:N_MELS]))[:, None]
    return filters.astype(np.float32)


_FILTERS = mel_filters()
_TAPER = (0.5 - 0.5 * np.cos(2 * np.pi * np.arange(N_FFT) / N_FFT)).astype(np.float32)


def mel_frames(samples: np.ndarray) -> np.ndarray:
    """(frames, N_MELS) mel power of float samples, one frame per HOP (no padding)."""
    count = 1 + (len(samples) - N_FFT) // HOP
    if count <= 0:
        return np.zeros((0, N_MELS), np.float32)
    index = np.arange(N_FFT)[None, :] + HOP * np.arange(count)[:, None]
    power = np.abs(np.fft.rfft(samples[index] * _TAPER, axis=1)) ** 2
    return np.asarray(np.einsum("fb,mb->fm", power, _FILTERS), np.float32)


class VoiceEncoder:
    """Resemblyzer's speaker encoder on numpy: mel windows in, unit voice prints out.

    Tests may give ``VoicePrints`` any object with this ``embed``.
    """

    def __init__(self, state: dict[str, np.ndarray]) -> None:
        self._layers = [
            (
                state[f"lstm.weight_ih_l{i}"].T.copy(),
                state[f"lstm.weight_hh_l{i}"].T.copy(),
                state[f"lstm.bias_ih_l{i}"] + state[f"lstm.bias_hh_l{i}"],
            )
            for i in range(3)
        ]
        self._linear = state["linear.weight"].T.copy()
        self._bias = state["linear.bias"]

    @classmethod
    def installed(cls) -> VoiceEncoder:
        """The encoder on the installed package's weights (a ``CompanionError`` if missing)."""
        from companion.audio.voice_weights import load_encoder_weights

        return cls(load_encoder_weights())

    def embed(self, mels: np.ndarray) -> np.ndarray:
        """(batch, frames, N_MELS) mel power -> (batch, 256) unit vectors."""
        x = mels.astype(np.float32)
        hidden = np.zeros((x.shape[0], 0), np.float32)
        for w_in, w_hidden, bias in self._layers:
            size = w_hidden.shape[0]
            gates_in = np.einsum("bti,ij->btj", x, w_in) + bias
            hidden = np.zeros((x.shape[0], size), np.float32)
            cell = np.zeros_like(hidden)
            out = np.empty((x.shape[0], x.shape[1], size), np.float32)
            for t in range(x.shape[1]):
                # einsum, not BLAS (here and above): threaded BLAS makes products this small
                # several times slower on a busy machine
                gates = gates_in[:, t] + np.einsum("bi,ij->bj", hidden, w_hidden)
                # torch's gate order: input, forget, cell, output; sigmoid via tanh (no overflow)
                sig = 0.5 + 0.5 * np.tanh(0.5 * gates)
                cell = sig[:, size : 2 * size] * cell + sig[:, :size] * np.tanh(
                    gates[:, 2 * size : 3 * size]
                )
                hidden = sig[:, 3 * size :] * np.tanh(cell)
                out[:, t] = hidden
            x = out
        raw = np.maximum(0.0, np.einsum("bi,ij->bj", hidden, self._linear) + self._bias)
        norms = np.linalg.norm(raw, axis=1, keepdims=True)
        return np.asarray(raw / np.maximum(norms, 1e-9), np.float32)


@dataclass(frozen=True)
class Print:
    """One voice print: the 1.6 s of voice that ended at ``end`` (audio seconds)."""

    start: float  # audio time of the window's first voiced frame
    end: float  # audio time of its last
    vector: np.ndarray


class VoicePrints:
    """Voice prints of a stream, one per ``step`` seconds of voice."""

    def __init__(self, encoder: VoiceEncoder, step: float = 0.8) -> None:
        self.encoder = encoder
        self._step_frames = max(1, round(step * SAMPLE_RATE / HOP))
        self._pending = np.zeros(0, np.float32)
        self._consumed = 0  # samples before _pending
        self._mels: deque[np.ndarray] = deque(maxlen=WINDOW_FRAMES)
        self._times: deque[float] = deque(maxlen=WINDOW_FRAMES)
        self._energy: deque[float] = deque(maxlen=WINDOW_FRAMES)
        self._since = 0  # voiced frames since the last print
        self.seconds_spent = 0.0  # for the benchmark's cost figure

    def update(self, frames: Frames) -> list[Print]:
        """Feed a block; the prints it completes (usually none or one)."""
        samples = np.concatenate([self._pending, frames.astype(np.float32) / 32768.0])
        mels = mel_frames(samples)
        used = len(mels) * HOP
        prints: list[Print] = []
        for i, mel in enumerate(mels):
            frame = samples[i * HOP : i * HOP + N_FFT]
            power = float(np.mean(frame * frame))
            if power <= 0 or 10 * np.log10(power) < VOICE_DBFS:
                continue
            self._mels.append(mel)
            self._times.append((self._consumed + i * HOP + N_FFT / 2) / SAMPLE_RATE)
            self._energy.append(power)
            self._since += 1
            if len(self._mels) == WINDOW_FRAMES and self._since >= self._step_frames:
                self._since = 0
                prints.append(self._print())
        self._pending = samples[used:]
        self._consumed += used
        return prints

    def _print(self) -> Print:
        window = np.array(self._mels)
        level = 10 * np.log10(float(np.mean(self._energy)) + 1e-12)
        if level < TARGET_DBFS:  # raise quiet voices as Resemblyzer does (power: gain squared)
            window = window * 10 ** ((TARGET_DBFS - level) / 10)
        vector = self.encoder.embed(window[None])[0]
        return Print(self._times[0], self._times[-1], vector)
