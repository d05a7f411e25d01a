"""What sharing captions with the call remembers between runs: by default nothing.

The caption link is a secret (whoever has it can caption the meeting), so it
is kept only when the person ticks "Remember this link on this computer";
the settings file is private to them (0600). Unticking forgets it.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class SharingSettings:
    """The remembered caption link, if the person chose to keep it."""

    remember: bool = False  # the person asked to keep the link between runs
    url: str = field(default="", repr=False)  # the caption link; empty unless ``remember``
