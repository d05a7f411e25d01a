"""Times as people read and hear them, the same in every feature.

Two styles, never mixed:

- compact, for what is shown on screen where space is short: ``clock``
  ("4:05", "1:02:09"), ``countdown`` ("7:05", "−0:40"), ``hours_minutes``
  ("0:25") and ``minutes_text`` ("10 min");
- spoken, in whole words, for screen readers and sentences: ``spoken``
  ("4 minutes 5 seconds", "1 hour 2 minutes") and ``whole_minutes``
  ("10 minutes"). A screen reader says "min" and "s" as letters or not at
  all, so spoken text never abbreviates.
"""

from __future__ import annotations

import math


def _hms(whole: int) -> str:
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def clock(seconds: float) -> str:
    """Time passed, compact: "0:07", "4:05", "1:02:09" (whole seconds, never negative)."""
    return _hms(max(0, int(seconds)))


def countdown(seconds: float) -> str:
    """Time left, compact: "7:05", "1:02:30"; "−0:40" when over time.

    Rounds up while counting down, so the display reads 0:00 only when time is up.
    """
    negative = seconds < 0
    whole = math.floor(abs(seconds)) if negative else math.ceil(seconds - 1e-9)
    text = _hms(whole)
    return f"−{text}" if negative and whole else text


def _count(number: int, unit: str) -> str:
    return f"{number} {unit}{'' if number == 1 else 's'}"


def spoken(seconds: float) -> str:
    """A duration in whole words: "40 seconds", "4 minutes 5 seconds", "1 hour 2 minutes".

    The sign is dropped (say "over" or "left" around it); rounded to the
    nearest second; seconds are left out once there are hours.
    """
    whole = round(abs(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    if hours:
        return _count(hours, "hour") + (f" {_count(minutes, 'minute')}" if minutes else "")
    if minutes:
        return _count(minutes, "minute") + (f" {_count(secs, 'second')}" if secs else "")
    return _count(secs, "second")


def whole_minutes(seconds: float) -> str:
    """Whole minutes in words, for thresholds and rough times: "10 minutes", "1 minute"."""
    return _count(max(0, round(seconds / 60)), "minute")


def hours_minutes(minutes: float) -> str:
    """A start time inside a plan, compact: "0:25", "1:40"."""
    whole = round(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def minutes_text(minutes: float) -> str:
    """A length in minutes, compact: "10 min", "2.5 min"."""
    return f"{minutes:g} min"


def local_time(stamp: str | None = None, *, date: bool = False) -> str:
    """A stored UTC time (ISO 8601) as the person's local clock reads it: "09:24:58".

    With no ``stamp``, now. ``date`` gives "2026-11-30 09:24" instead. An
    unreadable stamp is returned as it is, so nothing is hidden.
    """
    from datetime import datetime

    if stamp is None:
        moment = datetime.now().astimezone()
    else:
        try:
            moment = datetime.fromisoformat(stamp)
        except ValueError:
            return stamp
        moment = moment.astimezone()  # a naive stamp is taken as local already
    return moment.strftime("%Y-%m-%d %H:%M" if date else "%H:%M:%S")
