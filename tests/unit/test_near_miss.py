"""Near misses: a word the terms' prompt pulled towards a term is taken from a decode
without the terms (decoder and scores scripted; no model needed)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from companion.events import Word
from companion.speech.near_miss import keep_plain, written_like
from companion.speech.whisper_decoder import DecodedWord
from tests.unit.test_whisper_policy import ScriptedDecoder, _engine, _feed, _finals

GLOSSARY = "cqc => CQC\nc q c => CQC\n"
SAID = ["I", "have", "been", "unable", "to", "reap", "any", "pecuniary", "advantage."]
PULLED = ["I", "have", "been", "unable", "to", "reap", "any", "PQC", "advantage."]


def _words(texts: Sequence[str]) -> list[Word]:
    return [Word(t, i * 0.3, i * 0.3 + 0.25, 0.9) for i, t in enumerate(texts)]


def _texts(words: Sequence[Word]) -> str:
    return " ".join(w.text for w in words)


class PulledDecoder(ScriptedDecoder):
    """Writes "PQC" for "pecuniary" (whisper at 0.05) when its prompt names CQC, and
    scores any text with CQC in it far below the words, as the audio would."""

    def __init__(self, swap: dict[str, str]) -> None:
        super().__init__([(t, i * 0.3, i * 0.3 + 0.25) for i, t in enumerate(SAID)])
        self.swap = swap
        self.biased = self.plain = 0

    def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
        words = super().decode(audio, **kw)  # type: ignore[arg-type]
        if "CQC" not in str(kw["prompt"]):
            self.plain += 1
            return words
        self.biased += 1
        return [
            DecodedWord(self.swap[w.text], w.start, w.end, 0.05) if w.text in self.swap else w
            for w in words
        ]

    def score(self, texts: Sequence[str], *, prompt: str, prefix: str) -> list[float]:
        return [-30.0 if "CQC" in t else -10.0 for t in texts]


def _final(swap: dict[str, str], vocabulary: Sequence[str] = ()) -> tuple[str, PulledDecoder]:
    decoder = PulledDecoder(swap)
    engine = _engine(decoder, GLOSSARY, vocabulary, partials=False)
    captions = _feed(engine, decoder, 0.3 * len(SAID)) + _feed(engine, decoder, 0.8, loud=False)
    return " ".join(c.text for c in _finals(captions)), decoder


def test_a_word_the_prompt_pulled_towards_a_term_is_taken_from_the_plain_decode() -> None:
    text, decoder = _final({"pecuniary": "PQC"})
    assert text == " ".join(SAID)
    assert decoder.plain == 1  # one more pass, for that final only


def test_a_word_that_only_sounds_like_a_term_costs_no_second_decode() -> None:
    # "sequence" sounds like CQC and the audio refuses it, but it is not spelled
    # like the term: the prompt did not pull it, so nothing is decoded again.
    text, decoder = _final({"pecuniary": "sequence"})
    assert "sequence" in text
    assert decoder.plain == 0


def test_refused_spans_are_near_misses_only_when_spelled_like_their_term() -> None:
    assert written_like(["PQC"], "CQC")
    assert written_like(["Kwamy"], "Kwame")
    assert not written_like(["CQC"], "CQC")  # the term itself
    assert not written_like(["come"], "Kwame")  # sounds like it, is ordinary speech
    assert not written_like(["is"], "ICB")
    assert not written_like(["Unless"], "NHS")


def test_the_plain_words_replace_only_the_span_when_the_bias_heard_a_term() -> None:
    biased = _words(["the", "CQC", "asked", "for", "PQC", "advantage"])
    plain = _words(["the", "see", "queue", "see", "asked", "for", "pecuniary", "advantage"])
    kept = keep_plain(biased, plain, [(4, 5)], {"cqc"})
    assert _texts(kept) == "the CQC asked for pecuniary advantage"
    # With no term to lose, the plain final is kept whole.
    biased = _words(["reap", "any", "PQC", "advantage"])
    plain = _words(["reap", "any", "pecuniary", "advantage"])
    assert _texts(keep_plain(biased, plain, [(2, 3)], {"cqc"})) == _texts(plain)
    # A stretch that differs beyond the span keeps the biased words: the names the
    # bias heard are not traded for the plain decode's guess at them.
    biased = _words(["Priya", "Venkataraman,", "cares", "the", "forum,"])
    plain = _words(["pre-event", "retirement", "chairs", "the", "forum"])
    kept = keep_plain(biased, plain, [(2, 3)], {"priya", "venkataraman"})
    assert _texts(kept) == "Priya Venkataraman, cares the forum,"


def test_a_plain_decode_that_stops_short_replaces_only_the_span() -> None:
    # The plain decode lost the last word (LibriVox 0870, "...do for them."): kept
    # whole it would drop a word that was said, so only the near miss is taken.
    biased = _words(["reap", "any", "PQC", "advantage", "for", "them."])
    plain = _words(["reap", "any", "pecuniary", "advantage", "for"])
    kept = keep_plain(biased, plain, [(2, 3)], {"cqc"})
    assert _texts(kept) == "reap any pecuniary advantage for them."
    # ...and one that starts late, the same.
    plain = _words(["any", "pecuniary", "advantage", "for", "them."])
    plain = [Word(w.text, w.start + 0.3, w.end + 0.3, w.confidence) for w in plain]
    kept = keep_plain(biased, plain, [(2, 3)], {"cqc"})
    assert _texts(kept) == "reap any pecuniary advantage for them."


class SureOfCQC(PulledDecoder):
    """Writes "CQC" where it was said (sure of it) and "PQC" for "pecuniary"; a text
    with a second CQC scores far below the words, as the audio would."""

    def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
        words = super().decode(audio, **kw)
        return [
            DecodedWord(w.text, w.start, w.end, 0.99 if w.text == "CQC" else w.probability)
            for w in words
        ]

    def score(self, texts: Sequence[str], *, prompt: str, prefix: str) -> list[float]:
        return [-30.0 if t.count("CQC") > 1 else -10.0 for t in texts]


def test_a_final_with_a_term_and_a_near_miss_is_decoded_without_the_terms_once() -> None:
    # The echo guard decodes the final without the terms (it holds CQC) and keeps the
    # term; the near miss "PQC" then takes its word from that same plain decode.
    decoder = SureOfCQC({"been": "CQC", "pecuniary": "PQC"})
    engine = _engine(decoder, GLOSSARY, ["CQC"], partials=False)
    captions = _feed(engine, decoder, 0.3 * len(SAID)) + _feed(engine, decoder, 0.8, loud=False)
    text = " ".join(c.text for c in _finals(captions))
    assert "pecuniary" in text and "PQC" not in text
    assert decoder.plain == 1
