"""Durations and shares as people read them: "4:05", "4 min 5 s", "38%"."""

from __future__ import annotations

import math


def clock(seconds: float) -> str:
    """Compact, for a table: "0:07", "4:05", "1:02:09"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def spoken(seconds: float) -> str:
    """In words, for sentences and screen readers: "7 seconds", "4 min 5 s", "1 h 2 min"."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return f"{hours} h {minutes} min" if minutes else f"{hours} h"
    if minutes:
        return f"{minutes} min {secs} s" if secs else f"{minutes} min"
    return "1 second" if secs == 1 else f"{secs} seconds"


def minutes(seconds: float) -> str:
    """Whole minutes in words, for thresholds: "10 minutes", "1 minute"."""
    count = max(0, round(seconds / 60))
    return "1 minute" if count == 1 else f"{count} minutes"


def percent(share: float) -> str:
    """A share 0..1 as a whole percentage; a little above 0 shows as "<1%"."""
    if share <= 0 or math.isnan(share):
        return "0%"
    value = round(share * 100)
    return "<1%" if value == 0 else f"{value}%"
