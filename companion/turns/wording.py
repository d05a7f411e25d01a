"""Words a facilitator can use, in the manner of a prompt deck: gentle, and passing is fine.

Each kind of nudge has a few phrasings; ``phrase`` picks one by turn so the
same words do not come back every time. ``{name}`` is the name as the member
wants to be called (type it so in the roster: "Siobhán" rather than a full
name, if that is what she likes), and appears once in each phrasing.
"""

from __future__ import annotations

import enum
from collections.abc import Sequence


class NudgeKind(enum.Enum):
    """Why a nudge was raised."""

    NOT_HEARD = "not-heard"  # has not spoken yet, after N minutes
    QUIET = "quiet"  # spoke earlier, but not for N minutes
    LOW_SHARE = "low-share"  # far below an equal share, after enough time
    HIGH_SHARE = "high-share"  # far above an equal share, after enough time
    LONG_TURN = "long-turn"  # has held the floor for more than M minutes


DECK: dict[NudgeKind, tuple[str, ...]] = {
    NudgeKind.NOT_HEARD: (
        "We haven't heard from {name} yet — would you like to add anything? It's fine to pass.",
        "{name}, I'd love to hear your view, if you'd like to share it. It's fine to pass.",
        "Before we move on: {name}, is there anything you'd like to add? Passing is fine too.",
    ),
    NudgeKind.QUIET: (
        "{name}, we haven't heard from you for a while — anything you'd like to add? "
        "It's fine to pass.",
        "{name}, how does this sound from where you sit? It's fine to pass.",
    ),
    NudgeKind.LOW_SHARE: (
        "{name}, what's your take on this? Take your time — and it's fine to pass.",
        "I'd like to hear a few more voices. {name}, would you like to come in? It's fine to pass.",
    ),
    NudgeKind.HIGH_SHARE: (
        "Thank you, {name}. Let's hear from someone we haven't heard from much yet — "
        "who would like to come in?",
        "Thanks, {name} — that's really helpful. I'd like to open it up to others now.",
    ),
    NudgeKind.LONG_TURN: (
        "Thank you, {name} — can I pause you there so others can come in? We'll come back to you.",
        "{name}, that's a lot to think about — let's hear how it lands with others.",
    ),
}


def phrase(kind: NudgeKind, name: str, turn: int = 0) -> str:
    """The ``turn``-th phrasing (round and round) for ``kind``, with the name filled in."""
    options = DECK[kind]
    return options[turn % len(options)].format(name=name)


def or_list(names: Sequence[str]) -> str:
    """ "A", "A or B", "A, B or C": the way an invitation lists people."""
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} or {names[-1]}"


def not_heard_together(shown: Sequence[str], spoken: Sequence[str]) -> tuple[str, str]:
    """One nudge for everyone not heard yet: (reason with pronouns, words to say).

    Five people not heard at minute 10 are one invitation, not five nudges.
    """
    reason = f"Not heard yet: {', '.join(shown)}."
    words = (
        f"We haven't heard from {or_list(spoken)} yet — would you like to come in? "
        "It's fine to pass."
    )
    return reason, words
