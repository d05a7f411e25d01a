"""Prompts that name people: the not-heard-yet invitation, by "call me" name and pronouns."""

from __future__ import annotations

from companion.turns.roster import Member, MemberDetails
from companion.workshop.closing import Closing, Keep, closing_lines
from companion.workshop.voices import (
    NOT_HEARD_REF,
    Voice,
    not_heard_sentence,
    personalised,
    voice_of,
)

DECK = "Notice who has not spoken yet. Invite them by name: “Sam, is there anything…”"


def test_a_member_is_named_by_their_call_me_name_with_pronouns() -> None:
    jon = Member(1, MemberDetails("Dr Jonathan Whitworth-Pemberton", "he/him", call_me="Jon"))
    assert voice_of(jon).shown == "Jon (he/him)"
    assert voice_of(Member(2, MemberDetails("Bartosz"))).shown == "Bartosz"


def test_the_sentence_lists_people_as_an_invitation() -> None:
    two = [Voice("Bartosz"), Voice("Mei-Ling", "she/her")]
    assert not_heard_sentence(two).startswith(
        "We haven't heard from Bartosz or Mei-Ling (she/her) yet."
    )
    six = [Voice(n) for n in "ABCDEF"]
    assert not_heard_sentence(six).startswith("We haven't heard from A, B, C, D or 2 others yet.")
    assert not_heard_sentence([]) == ""


def test_only_the_not_heard_prompt_is_personalised_and_only_when_someone_is_not_heard() -> None:
    voices = [Voice("Bartosz")]
    assert personalised(NOT_HEARD_REF, DECK, voices).startswith("We haven't heard from Bartosz")
    assert personalised("other-view", DECK, voices) == DECK
    assert personalised(NOT_HEARD_REF, DECK, []) == DECK  # everyone spoke: the deck's words


def test_closing_lines_without_a_summary_keep_attendance_and_the_facilitator() -> None:
    closing = Closing(Keep.NONE, "Ada", ("Bartosz", "Mei-Ling"), ("Kwame",), None)
    assert closing_lines(closing) == [
        "Facilitator: Ada.",
        "Attendance: 2 present (Bartosz, Mei-Ling).",
        "Away today: Kwame.",
        "Participation summary: not kept, as the facilitator chose.",
    ]
