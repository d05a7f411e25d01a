"""Text rules every feature shares: characters that may never sit in a name.

Bidirectional embedding, override and isolate controls (and the invisible
direction marks) reorder how text is drawn, so "Group A" followed by an
override can display as another group's name. Names typed or imported are
cleaned of them (rosters) or refused with them (bundles from elsewhere).
"""

from __future__ import annotations

import re

BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def has_bidi_controls(text: str) -> bool:
    return BIDI_CONTROLS.search(text) is not None


def without_bidi_controls(text: str) -> str:
    return BIDI_CONTROLS.sub("", text)
