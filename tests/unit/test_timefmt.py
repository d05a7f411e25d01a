"""One time format for every feature: compact on screen, whole words when spoken."""

from __future__ import annotations

import pytest

from companion.timefmt import (
    clock,
    countdown,
    hours_minutes,
    minutes_text,
    spoken,
    whole_minutes,
)


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (7.9, "0:07"), (245, "4:05"), (3729, "1:02:09"), (-3, "0:00")],
)
def test_clock_shows_time_passed_compactly(seconds: float, text: str) -> None:
    assert clock(seconds) == text


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(425, "7:05"), (424.2, "7:05"), (0.0, "0:00"), (-40.5, "−0:40"), (-0.4, "0:00")],
)
def test_countdown_rounds_up_and_signs_time_over(seconds: float, text: str) -> None:
    assert countdown(seconds) == text
    assert countdown(3750) == "1:02:30"


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (0, "0 seconds"),
        (1, "1 second"),
        (40, "40 seconds"),
        (60, "1 minute"),
        (245, "4 minutes 5 seconds"),
        (420, "7 minutes"),
        (61, "1 minute 1 second"),
        (-90, "1 minute 30 seconds"),
        (3600, "1 hour"),
        (3725, "1 hour 2 minutes"),
        (7200, "2 hours"),
    ],
)
def test_spoken_is_whole_words(seconds: float, words: str) -> None:
    assert spoken(seconds) == words
    assert " min " not in f" {words} " and " s " not in f" {words} "


def test_minutes_in_words_and_compact() -> None:
    assert whole_minutes(600) == "10 minutes"
    assert whole_minutes(70) == "1 minute"
    assert minutes_text(10) == "10 min" and minutes_text(2.5) == "2.5 min"
    assert hours_minutes(25) == "0:25" and hours_minutes(100) == "1:40"
