"""Loudness for a meter and a cheap voice activity detector (VAD).

The detector works on 30 ms windows of 16 kHz audio, whatever block sizes it
is given. A window is *loud* when its energy is a margin above the noise floor
(and above an absolute minimum). The noise floor is the quietest window of the
last two seconds (minimum statistics), so steady noise such as a fan or hum
becomes the floor within about two seconds and stops counting as voice, while
the short dips between words keep the floor low during speech.

Voice starts after ``onset`` seconds of consecutive loud windows and ends after
``hangover`` seconds without one (a lower threshold applies while voice is on:
hysteresis). ``speech_ended_for`` says how long it has been quiet since voice
was last heard, so callers can cut utterances at a pause of any length.
"""

from __future__ import annotations

import math
from collections import deque
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from companion.audio.source import SAMPLE_RATE

SILENCE_DBFS = -100.0  # what digital silence (or no audio) reads as
METER_RANGE_DB = 60.0  # the meter shows -60..0 dBFS as 0..1


@dataclass(frozen=True, slots=True)
class LevelReading:
    """The loudness of one block of audio and whether someone is speaking."""

    level: float  # 0..1 for a meter: dBFS -60..0 mapped linearly
    dbfs: float  # RMS level in dB relative to full scale, SILENCE_DBFS..0
    voice: bool  # voice activity after this block (with onset delay and hangover)


def dbfs_of(frames: npt.NDArray[np.generic]) -> float:
    """RMS level of int16-scale samples in dBFS (SILENCE_DBFS for silence or no samples)."""
    if frames.size == 0:
        return SILENCE_DBFS
    samples = np.asarray(frames, dtype=np.float64)
    power = float(np.dot(samples, samples)) / samples.size
    if power <= 0.0:
        return SILENCE_DBFS
    return max(SILENCE_DBFS, 10.0 * math.log10(power / (32768.0 * 32768.0)))


def meter_level(dbfs: float) -> float:
    """Map dBFS to 0..1 for a meter (-60 dBFS and below is 0, 0 dBFS is 1)."""
    return min(1.0, max(0.0, (dbfs + METER_RANGE_DB) / METER_RANGE_DB))


class VoiceActivityDetector:
    """Energy-based voice activity with an adaptive noise floor and hysteresis.

    Feed it every block with ``update``; it keeps partial windows and state
    between calls, so the result does not depend on how the audio is cut.
    """

    def __init__(
        self,
        *,
        rate: int = SAMPLE_RATE,
        window: float = 0.03,  # seconds per analysis window
        onset: float = 0.06,  # seconds of loud windows before voice starts
        hangover: float = 0.3,  # seconds of quiet before voice ends
        margin_db: float = 10.0,  # a window is loud this far above the noise floor
        hysteresis_db: float = 3.0,  # ...or this much less while voice is on
        min_dbfs: float = -55.0,  # nothing quieter than this is voice, whatever the floor
        floor_memory: float = 2.0,  # seconds of history the noise floor is the minimum of
        initial_floor_dbfs: float = -50.0,  # the floor assumed before there is any history
    ) -> None:
        self.rate = rate
        self._window = max(1, round(window * rate))
        self._window_seconds = self._window / rate
        self._onset_windows = max(1, round(onset / self._window_seconds))
        self._hangover_windows = max(1, round(hangover / self._window_seconds))
        self._margin = margin_db
        self._hysteresis = hysteresis_db
        self._min_dbfs = min_dbfs
        self._memory = max(1, round(floor_memory / self._window_seconds))
        self._initial_floor = initial_floor_dbfs
        self.reset()

    def reset(self) -> None:
        """Forget everything heard so far."""
        self._pending = np.zeros(0, dtype=np.float64)
        self._samples = 0  # samples fed, including pending ones
        self._windows = 0  # complete windows analysed
        self._voice = False
        self._loud_run = 0  # consecutive loud windows while voice is off
        self._last_voice_end: int | None = None  # window count when voice was last heard
        self._voice_start: int | None = None  # window count when the current/last voice began
        # Sliding minimum of window energies: (window number, dBFS), increasing values.
        self._minima: deque[tuple[int, float]] = deque([(-1, self._initial_floor)])
        self._floor = self._initial_floor

    # -- what callers read ---------------------------------------------------

    @property
    def voice(self) -> bool:
        """Whether someone is speaking now (after onset delay and hangover)."""
        return self._voice

    @property
    def time(self) -> float:
        """Seconds of audio fed so far."""
        return self._samples / self.rate

    @property
    def analysed_time(self) -> float:
        """Seconds of audio analysed so far (complete windows only)."""
        return self._windows * self._window_seconds

    @property
    def noise_floor_dbfs(self) -> float:
        """The current noise floor estimate."""
        return self._floor

    @property
    def last_voice_end(self) -> float | None:
        """Audio time at which voice was last heard (end of its last loud window), or None."""
        if self._last_voice_end is None:
            return None
        return self._last_voice_end * self._window_seconds

    @property
    def voice_start(self) -> float | None:
        """Audio time at which the current (or most recent) stretch of voice began, or None."""
        if self._voice_start is None:
            return None
        return self._voice_start * self._window_seconds

    @property
    def speech_ended_for(self) -> float:
        """Seconds of quiet since voice was last heard: 0 while speaking, inf if never heard.

        This counts from the last loud window, so it grows during the hangover
        too: ``speech_ended_for >= 0.5`` means a pause of at least 500 ms.
        """
        if self._last_voice_end is None:
            return math.inf
        return (self._windows - self._last_voice_end) * self._window_seconds

    # -- feeding ---------------------------------------------------------------

    def update(self, frames: npt.NDArray[np.generic]) -> LevelReading:
        """Analyse the next block (any length) and return its level and the voice state."""
        block = np.asarray(frames, dtype=np.float64).reshape(-1)
        self._samples += block.size
        dbfs = dbfs_of(block)
        data = np.concatenate((self._pending, block)) if self._pending.size else block
        count = data.size // self._window
        if count:
            used = count * self._window
            windows = data[:used].reshape(count, self._window)
            power = np.einsum("ij,ij->i", windows, windows) / (self._window * 32768.0 * 32768.0)
            energies = 10.0 * np.log10(np.maximum(power, 1e-10))
            for energy in energies.tolist():
                self._step(max(SILENCE_DBFS, energy))
            self._pending = data[used:].copy()
        else:
            self._pending = data.copy()
        return LevelReading(level=meter_level(dbfs), dbfs=dbfs, voice=self._voice)

    def _step(self, energy: float) -> None:
        """Advance the state machine by one window of the given energy."""
        number = self._windows
        self._windows += 1
        # The floor is the minimum energy over the last ``memory`` windows.
        minima = self._minima
        while minima and minima[-1][1] >= energy:
            minima.pop()
        minima.append((number, energy))
        while minima[0][0] <= number - self._memory:
            minima.popleft()
        self._floor = minima[0][1]

        threshold = self._floor + self._margin
        if self._voice:
            threshold -= self._hysteresis
        loud = energy > max(threshold, self._min_dbfs)
        end = self._windows
        if self._voice:
            if loud:
                self._last_voice_end = end
            elif (
                self._last_voice_end is not None
                and end - self._last_voice_end >= self._hangover_windows
            ):
                self._voice = False
        elif loud:
            self._loud_run += 1
            if self._loud_run >= self._onset_windows:
                self._voice = True
                self._voice_start = end - self._loud_run
                self._last_voice_end = end
                self._loud_run = 0
        else:
            self._loud_run = 0
