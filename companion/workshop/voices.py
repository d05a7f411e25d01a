"""Prompts that name people: who has not been heard yet, in the words a facilitator says.

The "Who have we not heard from?" prompt in the deck carries a placeholder
name; while Turns knows who has not spoken, the prompt names them instead
("We haven't heard from Bartosz or Mei-Ling yet…"), each by the short name
they asked to be called, with their pronouns beside it for the facilitator.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from companion.turns.roster import Member
from companion.turns.wording import or_list

NOT_HEARD_REF = "not-heard"  # the deck prompt that invites people who have not spoken
MOST_NAMED = 4  # more names than this read as a register, not an invitation


@dataclass(frozen=True, slots=True)
class Voice:
    """A member as a prompt names them."""

    call: str  # the name to say: their "call me" name, else their name
    pronouns: str = ""  # shown beside the name, never said for them

    @property
    def shown(self) -> str:
        """The name with pronouns in brackets, as the facilitator reads it."""
        return f"{self.call} ({self.pronouns})" if self.pronouns else self.call


def voice_of(member: Member) -> Voice:
    """How a prompt names ``member``."""
    details = member.details
    return Voice(details.call_me or details.name, details.pronouns)


def not_heard_sentence(voices: Sequence[Voice]) -> str:
    """The invitation that names who has not been heard yet ("" when everyone has)."""
    if not voices:
        return ""
    named = [v.shown for v in voices[:MOST_NAMED]]
    more = len(voices) - len(named)
    if more:
        named.append(f"{more} {'other' if more == 1 else 'others'}")
    return (
        f"We haven't heard from {or_list(named)} yet. "
        "Is there anything you would like to add? It's fine to pass."
    )


def personalised(ref: str, text: str, not_heard: Sequence[Voice]) -> str:
    """A due prompt's text, naming the people Turns has not heard yet where it invites them."""
    if ref != NOT_HEARD_REF or not not_heard:
        return text
    return f"{not_heard_sentence(not_heard)} (Names from Turns.)"
