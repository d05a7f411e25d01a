"""Times as people read them: "12:05" left, "1:02:30" in a session, "0:25" into a plan."""

from __future__ import annotations

import math


def clock(seconds: float) -> str:
    """Minutes and seconds ("7:05"), with hours when needed ("1:02:30"); "−" if negative.

    Rounds up while counting down, so the display reads 0:00 only when time is up.
    """
    negative = seconds < 0
    whole = math.floor(abs(seconds)) if negative else math.ceil(seconds - 1e-9)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    text = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"
    return f"−{text}" if negative and whole else text


def spoken(seconds: float) -> str:
    """For screen readers and sentences: "7 minutes", "1 minute 30 seconds", "40 seconds"."""
    whole = round(abs(seconds))
    minutes, secs = divmod(whole, 60)
    parts: list[str] = []
    if minutes:
        parts.append(f"{minutes} minute{'s' if minutes != 1 else ''}")
    if secs or not minutes:
        parts.append(f"{secs} second{'s' if secs != 1 else ''}")
    return " ".join(parts)


def hours_minutes(minutes: float) -> str:
    """A start time inside a plan: "0:25", "1:40"."""
    whole = round(minutes)
    return f"{whole // 60}:{whole % 60:02d}"


def minutes_text(minutes: float) -> str:
    """ "10 min", "2.5 min"."""
    return f"{minutes:g} min"
