"""The speech engine protocol: int16 frames in, caption events out."""

from __future__ import annotations

from typing import Protocol

from companion.audio.source import Frames
from companion.events import Caption


class Engine(Protocol):
    """A speech recogniser fed 16 kHz mono int16 audio in order.

    Caption times are seconds since the first sample fed (after ``reset``).
    ``emitted`` is left at 0; the caption stream fills it in.
    """

    @property
    def name(self) -> str:
        """ "vosk" or "whisper"."""
        ...

    @property
    def model_name(self) -> str:
        """The model in use, for display."""
        ...

    def accept(self, frames: Frames) -> list[Caption]:
        """Feed audio; returns the partial and final captions it produced."""
        ...

    def finish(self) -> list[Caption]:
        """The audio has ended: return the last finals for anything pending."""
        ...

    def reset(self) -> None:
        """Forget everything; the next sample is time 0."""
        ...
