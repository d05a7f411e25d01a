"""When a prompt fires inside its segment: "start", "start+5", "halfway", "end-2", "end".

Offsets are written in minutes and resolved against the segment's current
length, so a prompt two minutes before the end moves when the segment is
extended.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import Enum


class Anchor(str, Enum):
    """The point of the segment an offset counts from."""

    START = "start"
    HALFWAY = "halfway"
    END = "end"


_PATTERN = re.compile(r"^\s*(start|halfway|end)\s*(?:([+-])\s*(\d+(?:\.\d+)?))?\s*$")
HOW_TO_WRITE = 'use "start", "halfway", "end", "start+N" or "end-N" with N in minutes'


@dataclass(frozen=True)
class Offset:
    """A moment inside a segment: ``anchor`` moved by ``minutes`` (negative is earlier)."""

    anchor: Anchor
    minutes: float = 0.0

    @classmethod
    def parse(cls, value: object) -> Offset:
        """An offset from plan text ("end-2") or a number (minutes after the start).

        Raises ``ValueError`` with a sentence saying how to write one.
        """
        if isinstance(value, bool):
            raise ValueError(f"must be a time in quotes: {HOW_TO_WRITE}")
        if isinstance(value, (int, float)):
            if not math.isfinite(value) or value > 100_000:
                raise ValueError(f"{value} is not a time in a segment: {HOW_TO_WRITE}")
            if value < 0:
                raise ValueError(f"{value} is before the start of the segment: {HOW_TO_WRITE}")
            return cls(Anchor.START, float(value))
        if not isinstance(value, str):
            raise ValueError(f"must be a time in quotes: {HOW_TO_WRITE}")
        match = _PATTERN.match(value.lower())
        if match is None:
            raise ValueError(f"{value!r} is not a time Companion understands: {HOW_TO_WRITE}")
        anchor = Anchor(match.group(1))
        sign, number = match.group(2), match.group(3)
        minutes = float(number) if number else 0.0
        if anchor == Anchor.START and sign == "-":
            raise ValueError(f"{value!r} is before the start of the segment: {HOW_TO_WRITE}")
        if anchor == Anchor.END and sign == "+":
            raise ValueError(f"{value!r} is after the end of the segment: {HOW_TO_WRITE}")
        return cls(anchor, -minutes if sign == "-" else minutes)

    def seconds_into(self, length: float) -> float:
        """Seconds after the segment's start, for a segment ``length`` seconds long."""
        base = {Anchor.START: 0.0, Anchor.HALFWAY: length / 2, Anchor.END: length}[self.anchor]
        return base + self.minutes * 60.0

    def __str__(self) -> str:
        if self.minutes == 0:
            return self.anchor.value
        sign = "+" if self.minutes > 0 else "-"
        return f"{self.anchor.value}{sign}{abs(self.minutes):g}"

    def describe(self) -> str:
        """In words: "at the start", "2 min before the end", "halfway"."""
        amount = f"{abs(self.minutes):g} min"
        if self.anchor == Anchor.START:
            return "at the start" if self.minutes == 0 else f"{amount} after the start"
        if self.anchor == Anchor.END:
            return "at the end" if self.minutes == 0 else f"{amount} before the end"
        if self.minutes == 0:
            return "halfway"
        return f"{amount} {'after' if self.minutes > 0 else 'before'} halfway"
