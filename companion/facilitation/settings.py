"""What the Facilitate feature remembers between runs: a part of the settings file.

Read with ``companion.settings_values.read_dataclass``: a damaged value falls
back to its default and is reported, the rest is kept.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FacilitationSettings:
    """The Facilitate area's remembered choices."""

    plan: str = ""  # the plan chosen last (its name in the library); empty: the first
    group: str = ""  # the group typed last
    auto_advance: bool = False  # move on to the next segment when its time is up
    sound: bool = False  # a sound with each new prompt
