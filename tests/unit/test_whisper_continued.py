"""Partials that change less, with the decoder scripted (no model): passes that
continue from the words on screen (``Policy.partial_prefix``: whisper is made to
start with what is shown, less the last word, and guesses only the tail again; the
final still decides), and words sounding like a name that wait for the final's
names check (``Policy.partial_names``)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from companion.bench.flicker import changed_by_final, changed_words
from companion.events import Caption, Word
from companion.speech.whisper_decoder import DecodedWord
from companion.speech.whisper_partials import continued
from companion.speech.whisper_policy import Policy
from tests.speech_audio import make_speech_wav
from tests.unit.test_whisper_policy import ScriptedDecoder, _engine, _feed, _speech, _words


class Flipping(ScriptedDecoder):
    """Writes "won" for "w1" at every other pass while someone speaks, as whisper flips
    its guess of a synthetic voice's word or a name; the final hears it right."""

    passes = 0

    def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
        words = super().decode(audio, **kw)  # type: ignore[arg-type]
        self.passes += 1
        if self.passes % 2 and self.now < 2.4:
            words = [
                DecodedWord("won", w.start, w.end, w.probability) if w.text == "w1" else w
                for w in words
            ]
        return words


def _captions(decoder: ScriptedDecoder, **options: object) -> list[Caption]:
    engine = _engine(decoder, **options)
    return _feed(engine, decoder, 2.4) + _feed(engine, decoder, 0.8, loud=False)


def _rows(captions: list[Caption]) -> list[dict[str, object]]:
    return [
        {"kind": c.kind, "words": [[w.text, w.start, w.end] for w in c.words]} for c in captions
    ]


def test_the_words_on_screen_less_the_last_are_kept_and_only_the_tail_is_guessed_again() -> None:
    assert continued(_words("we met pre"), Policy(partial_prefix=1)) == _words("we met")
    assert continued(_words("we met pre"), Policy(partial_prefix=2)) == _words("we")
    assert continued(_words("we met"), Policy(partial_prefix=3)) == []
    assert continued(_words("we met pre"), Policy()) == []  # off: every word guessed again
    shown = [Word("we", 0.0, 0.3, 0.99), Word("mit", 0.4, 0.7, 0.5), Word("pre", 0.8, 1.1, 0.9)]
    sure_only = Policy(partial_prefix=1, partial_prefix_sure=0.9)
    assert continued(shown, sure_only) == shown[:1]  # "mit", written unsure, is guessed again


def test_a_pass_starts_from_what_is_shown_and_the_final_is_decoded_whole() -> None:
    decoder = ScriptedDecoder(_speech(6))
    captions = _captions(decoder, partial_prefix=1)
    partial_prefixes = [str(c["prefix"]) for c in decoder.calls[:-1]]
    assert "w0 w1 w2" in partial_prefixes  # "w0 w1 w2 w3" was on screen: w3 is guessed again
    assert decoder.calls[-1]["prefix"] == ""  # the final hears the phrase with nothing forced
    plain = ScriptedDecoder(_speech(6))
    assert [c.text for c in captions] == [c.text for c in _captions(plain)]  # nothing flipped


def test_a_word_on_screen_is_not_guessed_again_until_the_final() -> None:
    # A sure last word is shown at once here (hold_below 0.9), so each guess is seen.
    flipping = _captions(Flipping(_speech(6)), steady=False, hold_below=0.9)
    kept = _captions(Flipping(_speech(6)), steady=False, hold_below=0.9, partial_prefix=1)
    before, after = changed_words(_rows(flipping))[0], changed_words(_rows(kept))[0]
    assert before >= 3  # without it, "won" and "w1" on screen in turn
    assert after < before
    partials = [c.text for c in kept if c.kind == "partial"]
    first = next(i for i, text in enumerate(partials) if text.startswith("w0 won"))
    assert all(text.startswith("w0 won") for text in partials[first:])  # kept, not re-guessed
    assert kept[-1].kind == "final" and kept[-1].text == "w0 w1 w2 w3 w4 w5"  # the final decides
    changed, seen = changed_by_final(_rows(kept), spared=1)
    assert changed == 1 and seen >= 4  # ...and changes the kept "won", and only that


def test_words_sounding_like_a_name_wait_for_the_final_names_check() -> None:
    # Written with a capital, as whisper writes a name it was told (a name is looked for
    # only there: sounds_like._could_be_name).
    said = [(text, i * 0.4, i * 0.4 + 0.32) for i, text in enumerate(["we", "asked", "Come", "to"])]

    def shown(**options: object) -> list[str]:
        decoder = ScriptedDecoder(said)  # writes every word at 0.9: unsure as a name
        engine = _engine(decoder, vocabulary=["Kwame"], **options)
        captions = _feed(engine, decoder, 1.8) + _feed(engine, decoder, 0.8, loud=False)
        assert captions[-1].kind == "final" and captions[-1].text == "we asked Come to"
        return [c.text for c in captions if c.kind == "partial"]

    assert any("Come" in text for text in shown())  # "Come" sounds like Kwame
    held = shown(partial_names=True)
    assert held and not any("Come" in text for text in held)
    assert held[-1] == "we asked"  # the words before it keep their pace


@pytest.mark.slow
def test_with_tiny_en_partials_keep_the_words_on_screen_and_finals_are_the_same() -> None:
    from companion.speech.whisper_engine import WhisperEngine
    from tests.unit.test_engines import ENGLISH, _run

    wav = make_speech_wav(ENGLISH)
    engine = WhisperEngine(policy=Policy(budget=100))
    plain = _run(engine, wav)
    engine = WhisperEngine(policy=Policy(budget=100, partial_prefix=1))
    kept = _run(engine, wav)
    assert [c.text for c in kept if c.kind == "final"] == [
        c.text for c in plain if c.kind == "final"
    ]
    partials = [c.text.split() for c in kept if c.kind == "partial"]
    assert len(partials) >= 5
    # Between finals, each partial starts with the one before it less its last word.
    restarts = sum(1 for a, b in itertools.pairwise(partials) if b[: len(a) - 1] != a[:-1])
    finals = sum(1 for c in kept if c.kind == "final")
    assert restarts <= finals
