"""What whisper is told before a decode (whisper_prompt), and the ellipses that the
list's trailing "..." makes whisper write, kept out of captions (#10)."""

from __future__ import annotations

from companion.speech import whisper_decoder as wd
from companion.speech.whisper_decoder import DecodedWord
from companion.speech.whisper_prompt import prompt_text
from companion.speech.whisper_words import without_ellipsis

TERMS = ["NHS England", "CQC", "Aoife Byrne", "Aoife"]
TOPICS = ["NHS England", "CQC"]


def test_the_terms_trail_off_into_what_was_said_before() -> None:
    said = ["We", "looked", "at", "the", "report."]
    prompt = prompt_text(said, TERMS, TOPICS, "before")
    assert prompt == "NHS England, CQC, Aoife Byrne, Aoife... We looked at the report."
    assert prompt_text([], TERMS, TOPICS, "before") == "NHS England, CQC, Aoife Byrne, Aoife..."


def test_the_measured_alternatives_stay_measurable() -> None:
    said = ["Hello."]
    assert prompt_text(said, TERMS, TOPICS, "before-stop").startswith("NHS England, CQC, ")
    assert prompt_text(said, TERMS, TOPICS, "before-stop").endswith("Aoife. Hello.")
    assert prompt_text(said, TERMS, TOPICS, "labelled") == (
        "Names: Aoife Byrne, Aoife. Terms: NHS England, CQC. Hello."
    )
    assert prompt_text(said, TERMS, TOPICS, "sentence") == (
        "With Aoife Byrne, Aoife. About NHS England, CQC. Hello."
    )
    assert prompt_text(said, [], TOPICS, "before") == "Hello."  # nothing to listen for


def test_an_ellipsis_opening_or_closing_a_word_is_taken_off() -> None:
    assert without_ellipsis("forum...") == "forum"
    assert without_ellipsis("...or") == "or"
    assert without_ellipsis("this\u2026") == "this"
    assert without_ellipsis("Dr.") == "Dr."  # one full stop is punctuation, not trailing off
    assert without_ellipsis("U.S.") == "U.S."
    assert without_ellipsis("...") == ""


def _decoded(*pieces: tuple[str, float, float]) -> list[DecodedWord]:
    return [DecodedWord(text, start, end, 0.9) for text, start, end in pieces]


def test_whisper_trailing_off_is_not_shown() -> None:
    # "Taf forum..." and "...or Uwaseun" as tiny.en wrote them on the names set.
    pieces = _decoded((" Taf", 0.0, 0.3), (" forum", 0.3, 0.8), ("...", 0.8, 0.9))
    assert [w.text for w in wd._merge_punctuation(pieces)] == ["Taf", "forum"]
    opening = _decoded((" ...or", 0.0, 0.3), (" Uwaseun", 0.3, 0.9), (" share", 0.9, 1.2))
    merged = wd._merge_punctuation(opening)
    assert [w.text for w in merged] == ["or", "Uwaseun", "share"]
    assert merged[0].start == 0.0
    alone = _decoded((" well", 0.0, 0.3), (" ...", 0.3, 0.4), (" so", 0.4, 0.6))
    assert [w.text for w in wd._merge_punctuation(alone)] == ["well", "so"]
