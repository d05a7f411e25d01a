"""What whisper is told before a decode (whisper_prompt), and the ellipses that the
list's trailing "..." makes whisper write, kept out of captions (#10)."""

from __future__ import annotations

import numpy as np

from companion.speech import whisper_decoder as wd
from companion.speech.whisper_decoder import DecodedWord
from companion.speech.whisper_prompt import bias_for, prompt_text
from companion.speech.whisper_words import without_ellipsis
from tests.unit.test_whisper_policy import ScriptedDecoder, _engine, _feed

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


class _Recording(ScriptedDecoder):
    """Says a sentence, keeps each prompt it was given; ``multilingual`` as whisper base."""

    def __init__(self, multilingual: bool | None) -> None:
        super().__init__([("Hello", 0.0, 0.4), ("everyone.", 0.4, 0.9)])
        if multilingual is not None:
            self.multilingual = multilingual
        self.prompts: list[str] = []

    def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
        self.prompts.append(str(kw["prompt"]))
        return super().decode(audio, **kw)  # type: ignore[arg-type]


def _prompts(multilingual: bool | None) -> list[str]:
    decoder = _Recording(multilingual)
    engine = _engine(decoder, "CQC\n", ["Aoife"], partials=False)
    _feed(engine, decoder, 0.9) + _feed(engine, decoder, 0.8, loud=False)
    return decoder.prompts


def test_the_list_trails_off_for_tiny_en_and_ends_in_a_full_stop_for_whisper_base() -> None:
    # Measured: tiny.en hears two more terms of 54 with "..."; whisper base loses
    # real-speech accuracy with it and invents a term, so it keeps the full stop.
    assert _prompts(multilingual=False) == ["CQC, Aoife..."]
    assert _prompts(multilingual=True) == ["CQC, Aoife."]
    assert _prompts(multilingual=None) == ["CQC, Aoife..."]  # a decoder that does not say
    assert bias_for(object(), "sentence") == "sentence"  # other placings are as asked
    assert bias_for(_Recording(multilingual=True), "before") == "before"  # asked for on base
