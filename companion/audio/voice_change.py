"""A light acoustic measure of "the voice changed": no model, no torch, nothing stored.

``VoiceChangeDetector`` is fed 16 kHz mono blocks and reports the audio times
where the voice in the last ``window`` seconds sounds unlike the voice in the
``window`` seconds before. Each 25 ms frame becomes log energies in
``BANDS`` bands (a coarse spectral envelope: pitch and vocal tract differ
between voices); only frames loud enough to be voice count. The distance is
the difference of the two windows' mean envelopes over their pooled spread;
a change is reported at a peak above ``threshold``, at most one per
``refractory`` seconds. Everything lives in memory for the last few seconds.

This is the baseline for #14's automatic speaker changes, kept for comparison:
bench/speakers_bench.py measures it beside the voice prints the app uses
(``companion.turns.voices``), which hold up better on real speech
(docs/benchmarks.md). It is not wired into the app.
"""

from __future__ import annotations

import itertools
from collections import deque

import numpy as np

from companion.audio.source import SAMPLE_RATE, Frames

FRAME = 400  # 25 ms
HOP = 160  # 10 ms
BANDS = 20
VOICE_DBFS = -45.0  # a frame quieter than this is not voice


def _band_edges() -> list[tuple[int, int]]:
    # Log-spaced bands from 100 Hz to 6 kHz over the rfft bins of one frame.
    hz = np.geomspace(100.0, 6000.0, BANDS + 1)
    bins = np.clip((hz / SAMPLE_RATE * FRAME).astype(int), 1, FRAME // 2)
    return [(int(a), max(int(b), int(a) + 1)) for a, b in itertools.pairwise(bins)]


class VoiceChangeDetector:
    """Audio times (seconds) where the voice changes, from a stream of blocks."""

    def __init__(
        self,
        *,
        window: float = 2.0,  # chosen on one espeak-ng conversation (docs/benchmarks.md)
        step: float = 0.25,
        threshold: float = 0.7,
        refractory: float = 2.0,
        min_voiced: float = 0.5,
    ) -> None:
        self.window = window
        self.step = step
        self.threshold = threshold
        self.refractory = refractory
        self._frames_per_window = int(window * SAMPLE_RATE / HOP)
        self._min_voiced = int(min_voiced * SAMPLE_RATE / HOP)
        self._edges = _band_edges()
        self._taper = np.hanning(FRAME)
        self._pending = np.zeros(0, dtype=np.float64)
        self._frame_index = 0  # frames analysed so far
        # (time, features or None for a quiet frame) for the last two windows.
        self._recent: deque[tuple[float, np.ndarray | None]] = deque(
            maxlen=2 * self._frames_per_window
        )
        self._next_check = 2 * window
        self._last_change = -refractory
        self._scores: deque[tuple[float, float]] = deque(maxlen=3)

    def update(self, frames: Frames) -> list[float]:
        """Feed a block; the times of changes found (usually none)."""
        samples = np.concatenate([self._pending, frames.astype(np.float64) / 32768.0])
        changes: list[float] = []
        start = 0
        while start + FRAME <= len(samples):
            self._add_frame(samples[start : start + FRAME])
            start += HOP
            now = self._frame_index * HOP / SAMPLE_RATE
            if now >= self._next_check:
                self._next_check = now + self.step
                change = self._check(now)
                if change is not None:
                    changes.append(change)
        self._pending = samples[start:]
        return changes

    def _add_frame(self, frame: np.ndarray) -> None:
        self._frame_index += 1
        time = self._frame_index * HOP / SAMPLE_RATE
        rms = float(np.sqrt(np.mean(frame * frame)))
        if rms <= 0.0 or 20 * np.log10(rms) < VOICE_DBFS:
            self._recent.append((time, None))
            return
        power = np.abs(np.fft.rfft(frame * self._taper)) ** 2
        bands = np.array([power[a:b].mean() for a, b in self._edges])
        envelope = np.log(bands + 1e-10)
        self._recent.append((time, envelope - envelope.mean()))  # loudness left out

    def _check(self, now: float) -> float | None:
        """Score the boundary one window back; report the middle of a peak above threshold."""
        if len(self._recent) < 2 * self._frames_per_window:
            return None
        items = list(self._recent)
        before = [f for _t, f in items[: self._frames_per_window] if f is not None]
        after = [f for _t, f in items[self._frames_per_window :] if f is not None]
        boundary = items[self._frames_per_window][0]
        score = 0.0
        if len(before) >= self._min_voiced and len(after) >= self._min_voiced:
            a, b = np.array(before), np.array(after)
            spread = np.sqrt((a.var(axis=0) + b.var(axis=0)) / 2) + 1e-6
            score = float(np.sqrt(np.mean(((a.mean(axis=0) - b.mean(axis=0)) / spread) ** 2)))
        self._scores.append((boundary, score))
        if len(self._scores) < 3:
            return None
        (_t0, s0), (t1, s1), (_t2, s2) = self._scores
        if (
            s1 >= self.threshold
            and s1 >= s0
            and s1 >= s2
            and t1 - self._last_change >= (self.refractory)
        ):
            self._last_change = t1
            return t1
        return None
