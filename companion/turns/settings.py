"""What the Turns feature remembers between runs: a part of the settings file.

Read with ``companion.settings_values.read_dataclass``: a damaged value falls
back to its default and is reported, the rest is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from companion.settings_values import positive
from companion.store.db import DEFAULT_PROGRAMME
from companion.turns.nudges import NudgeRules

DEFAULT_GROUP = "My group"


@dataclass(frozen=True)
class TurnsSettings:
    """The Turns area's remembered choices."""

    programme: str = DEFAULT_PROGRAMME  # the programme whose groups the area offers
    group: str = DEFAULT_GROUP  # the group tracked last
    voice_assisted: bool = False  # talk counts only while the caption audio hears a voice
    # voice-assisted: notice changes of voice and recognise confirmed voices (#14; in memory
    # only, never stored; off unless the facilitator chooses it)
    voice_recognition: bool = False
    # voice-assisted: seconds of silence that end a turn
    silence_end: float = field(default=5.0, metadata=positive())
    rules: NudgeRules = field(default_factory=NudgeRules)  # when nudges come
    facilitator: str = ""  # the name the end-of-session notes credit, typed last
