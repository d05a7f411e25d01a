"""Speaker labels on captions (#14): the member marked in Turns, by audio time."""

from __future__ import annotations

from companion.clock import ManualClock
from companion.events import Caption, SpeakerRelabelled
from companion.speakers import AudioTimeline, SpeakerLabeller, SpeakerSpan, short_name
from companion.turns.tracker import TurnTracker

NAMES = {1: "Aisha Rahman", 2: "Ben Okafor"}


def spans_of(tracker: TurnTracker) -> list[SpeakerSpan]:
    return [
        SpeakerSpan(NAMES[t.member], t.start, t.end) for t in tracker.turns if t.member is not None
    ]


def final(text: str, start: float, end: float) -> Caption:
    return Caption("final", text, start, end)


def setup(stream_began: float = 100.0) -> tuple[ManualClock, TurnTracker, SpeakerLabeller]:
    clock = ManualClock(stream_began)
    labeller = SpeakerLabeller(clock)
    labeller.anchor(0.0, clock())  # the caption stream's first audio arrived now
    return clock, TurnTracker(clock), labeller


def test_no_tracking_means_no_speaker() -> None:
    _clock, _tracker, labeller = setup()
    assert labeller.label(final("hello", 1.0, 2.0)).speaker is None
    labeller.set_turns([])
    assert labeller.label(final("again", 3.0, 4.0)).speaker is None


def test_a_phrase_said_during_a_turn_carries_its_member() -> None:
    clock, tracker, labeller = setup()
    clock.advance(5.0)
    tracker.speak(1)
    labeller.set_turns(spans_of(tracker))
    clock.advance(4.0)
    assert labeller.label(final("we tried that", 5.5, 8.5)).speaker == "Aisha Rahman"


def test_a_late_key_press_lands_on_the_phrase_it_was_meant_for() -> None:
    clock, tracker, labeller = setup()
    clock.advance(2.0)
    tracker.speak(2)  # Ben from audio second 2
    labeller.set_turns(spans_of(tracker))
    # Aisha starts at audio second 10, the facilitator presses her key 1.2 s later.
    clock.advance(8.0 + 1.2)
    tracker.speak(1)
    labeller.set_turns(spans_of(tracker))
    clock.advance(2.0)
    ben = labeller.label(final("over to you", 6.0, 9.8))
    aisha = labeller.label(final("thanks, I think", 10.0, 12.5))
    assert (ben.speaker, aisha.speaker) == ("Ben Okafor", "Aisha Rahman")


def test_a_key_pressed_after_the_final_relabels_it() -> None:
    clock, tracker, labeller = setup()
    relabelled: list[SpeakerRelabelled] = []
    labeller.events.connect(relabelled.append)
    clock.advance(3.0)
    first = labeller.label(final("sorry I was muted", 1.0, 2.5))
    assert first.speaker is None
    tracker.speak(1)  # pressed at audio second 3, after the phrase ended
    labeller.set_turns(spans_of(tracker))
    assert relabelled == [SpeakerRelabelled(1.0, 2.5, "Aisha Rahman")]


def test_fixing_the_last_turn_relabels_its_captions() -> None:
    clock, tracker, labeller = setup()
    relabelled: list[SpeakerRelabelled] = []
    labeller.events.connect(relabelled.append)
    clock.advance(1.0)
    tracker.speak(2)
    labeller.set_turns(spans_of(tracker))
    clock.advance(6.0)
    before = [labeller.label(final("one", 1.0, 3.0)), labeller.label(final("two", 3.5, 6.5))]
    assert {c.speaker for c in before} == {"Ben Okafor"}
    tracker.fix(1)  # it was Aisha all along
    labeller.set_turns(spans_of(tracker))
    assert relabelled == [
        SpeakerRelabelled(1.0, 3.0, "Aisha Rahman"),
        SpeakerRelabelled(3.5, 6.5, "Aisha Rahman"),
    ]
    labeller.set_turns(spans_of(tracker))
    assert len(relabelled) == 2  # nothing changed, nothing reported


def test_after_the_turn_ends_phrases_carry_no_speaker() -> None:
    clock, tracker, labeller = setup()
    clock.advance(1.0)
    tracker.speak(1)
    clock.advance(4.0)
    tracker.nobody()
    labeller.set_turns(spans_of(tracker))
    clock.advance(10.0)
    assert labeller.label(final("side talk", 12.0, 14.0)).speaker is None


def test_starting_turns_again_keeps_earlier_labels() -> None:
    clock, tracker, labeller = setup()
    relabelled: list[SpeakerRelabelled] = []
    labeller.events.connect(relabelled.append)
    clock.advance(1.0)
    tracker.speak(1)
    labeller.set_turns(spans_of(tracker))
    clock.advance(3.0)
    labeller.label(final("earlier", 1.0, 3.0))
    labeller.set_turns([])  # stopped tracking
    clock.advance(20.0)
    fresh = TurnTracker(clock)
    fresh.speak(2)
    labeller.set_turns(spans_of(fresh))
    assert relabelled == []


def test_the_timeline_follows_a_source_that_was_lost_and_reopened() -> None:
    timeline = AudioTimeline()
    timeline.anchor(0.0, 100.0)
    timeline.anchor(10.0, 110.0)
    timeline.anchor(10.1, 125.0)  # 15 s without audio, then it came back
    assert timeline.to_clock(5.0) == 105.0
    assert timeline.to_clock(12.1) == 127.0
    assert timeline.anchor(0.0, 200.0)  # a new stream
    assert timeline.to_clock(1.0) == 201.0


def test_a_line_starts_with_the_first_name() -> None:
    assert short_name("Aisha Rahman") == "Aisha"
    assert short_name("Jo") == "Jo"
    assert (short_name("you"), short_name("the call")) == ("You", "The call")


def test_a_stream_s_level_readings_anchor_the_timeline() -> None:
    from companion.events import LevelChanged

    clock, tracker, labeller = setup()
    labeller.timeline.clear()
    clock.advance(30.0)
    tracker.speak(1)
    labeller.set_turns(spans_of(tracker))
    labeller.observe(LevelChanged(0.5, -20.0, True, 2.0))  # audio second 2 is now
    clock.advance(3.0)
    labelled = labeller.observe(final("hello", 2.0, 4.0))
    assert isinstance(labelled, Caption)
    assert labelled.speaker == "Aisha Rahman"


def test_with_call_and_microphone_my_phrases_are_mine_and_the_call_s_go_to_turns() -> None:
    from companion.events import CALL_SPEAKER, MY_SPEAKER

    clock, tracker, labeller = setup()
    labeller.my_name = "Sam Facilitator"
    clock.advance(1.0)
    tracker.speak(1)
    labeller.set_turns(spans_of(tracker))
    clock.advance(6.0)
    mine = Caption("final", "over to you Aisha", 1.0, 3.0, speaker=MY_SPEAKER)
    theirs = Caption("final", "thanks", 3.5, 5.0, speaker=CALL_SPEAKER)
    assert labeller.label(mine).speaker == "Sam Facilitator"  # never the marked member
    assert labeller.label(theirs).speaker == "Aisha Rahman"
    tracker.nobody()
    labeller.set_turns(spans_of(tracker))
    clock.advance(5.0)
    later = Caption("final", "anyone else", 8.0, 9.0, speaker=CALL_SPEAKER)
    assert labeller.label(later).speaker == CALL_SPEAKER  # nobody marked: the call, not a guess
