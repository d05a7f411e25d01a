"""A phrase cut inside speech reads on into the next (#10): "team take a moment", not
"team Take a moment"; names, "I" and a sentence that did end keep their capital."""

from __future__ import annotations

import numpy as np

from companion.events import Caption, Word
from companion.speech.whisper_decoder import DecodedWord
from companion.speech.whisper_joins import continued, ends_sentence
from tests.unit.test_whisper_policy import ScriptedDecoder, _engine, _feed, _finals, _speech

VOCABULARY = ("Kwame Mensah", "NHS England", "Freedom to Speak Up Guardian")


def _words(text: str) -> list[Word]:
    return [Word(w, i * 0.4, i * 0.4 + 0.3) for i, w in enumerate(text.split())]


def _across(text: str) -> Word:
    return Word(text, 3.0, 3.3)


def _first(text: str, across: str | None) -> str:
    words = continued(_words(text), _across(across) if across else None, VOCABULARY)
    return " ".join(w.text for w in words)


def test_the_phrase_after_a_cut_goes_on_in_lower_case_when_whisper_heard_it_so() -> None:
    assert _first("Take a moment to", "take") == "take a moment to"
    assert _first('"Take a moment"', "take") == '"take a moment"'  # after a quote, too
    words = continued(_words("Take a moment"), _across("take,"), VOCABULARY)
    assert (words[0].start, words[0].end) == (0.0, 0.3)  # only its case changes


def test_a_capital_stays_where_nothing_says_it_is_wrong() -> None:
    assert _first("Take a moment", None) == "Take a moment"  # after a pause or a full stop
    assert _first("Take a moment", "Take") == "Take a moment"  # a capital in the sentence
    assert _first("Make a moment", "take") == "Make a moment"  # heard differently
    assert _first("I think so", "i") == "I think so"
    assert _first("NHS England said", "nhs") == "NHS England said"  # an acronym
    assert _first("Kwame said", "kwame") == "Kwame said"  # a name whisper is told of
    assert _first("Guardian", "guardian") == "Guardian"  # a word of a term
    assert _first("to speak", "to") == "to speak"  # already lower case
    assert continued([], _across("take"), VOCABULARY) == []


def test_a_sentence_ends_with_its_punctuation() -> None:
    assert ends_sentence("our own team.") and ends_sentence("is it?") and ends_sentence("so:")
    assert ends_sentence('he said "stop."') and ends_sentence("and then…")
    assert not ends_sentence("our own team") and not ends_sentence("first,")


class Capitalising(ScriptedDecoder):
    """Writes the words said, starting every window with a capital, as whisper does."""

    def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
        words = super().decode(audio, **kw)  # type: ignore[arg-type]
        if words:
            first = words[0]
            words[0] = DecodedWord(first.text.capitalize(), first.start, first.end, 0.9)
        return words


def test_finals_of_a_long_phrase_cut_inside_speech_read_as_one_sentence() -> None:
    decoder = Capitalising(_speech(20))  # 8 s without a pause: cut at dips
    engine = _engine(decoder, long_phrase=2.5, max_phrase=6.0)
    captions = _feed(engine, decoder, 8.0) + _feed(engine, decoder, 0.8, loud=False)
    finals = _finals(captions)
    assert len(finals) >= 3
    text = " ".join(c.text for c in finals)
    assert text == "W0 " + " ".join(f"w{i}" for i in range(1, 20))
    # What is shown before each final reads on too: no capital flickers in and out.
    partials = [c for c in captions if c.kind == "partial" and c.start > finals[0].end]
    assert partials and all(c.text[0] == "w" for c in partials)
    assert all(c.words[0].text == c.text.split()[0] for c in finals)  # words as the text


def test_after_a_pause_the_next_phrase_keeps_its_capital() -> None:
    decoder = Capitalising([*_speech(4), *_speech(4, start=2.4)])
    engine = _engine(decoder)
    captions: list[Caption] = []
    for _ in range(2):
        captions += _feed(engine, decoder, 1.6) + _feed(engine, decoder, 0.8, loud=False)
    assert [c.text for c in _finals(captions)] == ["W0 w1 w2 w3", "W0 w1 w2 w3"]
