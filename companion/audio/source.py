"""The audio source protocol every input implements.

A source delivers 16 kHz mono int16 blocks. ``read`` returns ``None`` when no
audio arrived within the timeout (a live device may be stalled) and raises
``EndOfAudio`` when a finite source (a file) is exhausted.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np
import numpy.typing as npt

SAMPLE_RATE = 16_000

Frames = npt.NDArray[np.int16]


class EndOfAudio(Exception):
    """A finite source has delivered everything it has."""


class AudioSource(Protocol):
    """Where audio comes from: a file, the microphone or the system output."""

    @property
    def name(self) -> str:
        """A short human-readable description, e.g. "System audio"."""
        ...

    @property
    def live(self) -> bool:
        """True for devices (may stall and come back); False for files."""
        ...

    def open(self) -> None:
        """Start delivering audio; raises AudioError with a sentence to act on."""
        ...

    def read(self, timeout: float) -> Frames | None:
        """The next block of 16 kHz mono int16 samples, or None after ``timeout`` seconds."""
        ...

    def close(self) -> None:
        """Stop and release the device; safe to call twice."""
        ...
