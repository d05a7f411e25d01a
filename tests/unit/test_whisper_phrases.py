"""Where phrases end and what partials show, with the decoder scripted (no model).

Phrase cutting (never in the voice fading into a pause, never inside a term),
breaths that are not captions, and partials that hide an unsure tail.
"""

from __future__ import annotations

import numpy as np

from companion.events import Caption
from companion.speech import whisper_engine as we
from companion.speech.whisper_decoder import DecodedWord
from tests.fakes import tone
from tests.unit.test_whisper_policy import BLOCK, ScriptedDecoder, _engine, _feed, _finals, _speech


def _feed_steady(engine: we.WhisperEngine, decoder: ScriptedDecoder, seconds: float):
    """Voice with no gap at all between words."""
    out: list[Caption] = []
    for _ in range(round(seconds / BLOCK)):
        decoder.now = round(decoder.now + BLOCK, 6)
        out += engine.accept(tone(BLOCK, amplitude=8000))
    return out


def test_a_long_phrase_that_ends_in_a_pause_keeps_its_last_word() -> None:
    # Whisper stretches the last word into the quiet after the voice ("used." in
    # "only platforms one and three are used"); the voice fading into the pause is
    # not a dip to cut at, which would drop the word or write it twice.
    transcript = [("only", 0.0, 0.8), ("platforms", 0.8, 1.6), ("are", 1.6, 2.6)]
    transcript.append(("used.", 2.6, 3.8))
    decoder = ScriptedDecoder(transcript)
    # The gaps between words are shorter than the dip; no forced cut before the pause.
    engine = _engine(decoder, long_phrase=3.0, max_phrase=4.0, dip=0.15)
    captions = _feed(engine, decoder, 2.9)
    for amplitude in (8000, 900, 600, 300):  # the voice fades out
        decoder.now = round(decoder.now + BLOCK, 6)
        captions += engine.accept(tone(BLOCK, amplitude=amplitude))
    captions += _feed(engine, decoder, 1.0, loud=False)
    assert [c.text for c in _finals(captions)] == ["only platforms are used."]


def test_a_breath_after_a_sentence_is_not_a_caption_but_a_sure_short_word_is() -> None:
    class Unsure(ScriptedDecoder):
        def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
            words = super().decode(audio, **kw)  # type: ignore[arg-type]
            sure = {"The": 0.22, "Yes.": 0.95}
            return [DecodedWord(w.text, w.start, w.end, sure.get(w.text, 0.9)) for w in words]

    for said, kept in (("The", False), ("Yes.", True)):
        decoder = Unsure([*_speech(4), (said, 2.45, 2.65)])
        engine = _engine(decoder)
        captions = _feed(engine, decoder, 1.6) + _feed(engine, decoder, 0.8, loud=False)
        captions += _feed_steady(engine, decoder, 0.2) + _feed(engine, decoder, 0.8, loud=False)
        expected = ["w0 w1 w2 w3", said] if kept else ["w0 w1 w2 w3"]
        assert [c.text for c in _finals(captions)] == expected


def test_a_long_phrase_is_not_cut_inside_a_term_of_several_words() -> None:
    # "Freedom to Speak Up Guardian" split over two captions cannot be re-spelled.
    said = ["Please", "speak", "to", "the", "Freedom", "to", "Speak", "Up", "Guardian"]
    transcript = [(word, i * 0.5, i * 0.5 + 0.4) for i, word in enumerate(said)]
    decoder = ScriptedDecoder(transcript)
    engine = _engine(decoder, long_phrase=2.0, max_phrase=8.0)
    engine.set_vocabulary(["Freedom to Speak Up Guardian"])
    captions = _feed(engine, decoder, 4.5) + _feed(engine, decoder, 0.8, loud=False)
    finals = [c.text for c in _finals(captions)]
    assert "Freedom to Speak Up Guardian" in " | ".join(finals)
    assert len(finals) >= 2  # still cut, before the term


def test_an_unsure_tail_waits_for_a_second_pass_and_sure_words_do_not() -> None:
    class FirstTimeUnsure(ScriptedDecoder):
        """Unsure of a word the first time it hears it, sure from then on."""

        def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
            words = super().decode(audio, **kw)  # type: ignore[arg-type]
            self.seen: set[str] = getattr(self, "seen", set())
            out = [
                DecodedWord(w.text, w.start, w.end, 0.9 if w.text in self.seen else 0.3)
                for w in words
            ]
            self.seen = self.seen | {w.text for w in words}
            return out

    decoder = FirstTimeUnsure(_speech(6))
    engine = _engine(decoder, step=0.4, hold_last=0)
    partials = [c for c in _feed(engine, decoder, 2.4) if c.kind == "partial"]
    assert partials  # each ends with a word an earlier pass heard too
    assert all(c.words[-1].confidence == 0.9 for c in partials)
    sure = ScriptedDecoder(_speech(6))  # sure of every word: each pass shows all it heard
    eager = _feed(_engine(sure, step=0.4, hold_last=0), sure, 2.4)
    assert eager[-1].text.split()[-1] > partials[-1].text.split()[-1]  # further along


def test_with_settle_a_cut_lies_that_far_behind_the_live_edge_and_its_final_hears_it_all() -> None:
    # Words become final before the phrase ends only once whisper has heard enough
    # audio after them to be sure of them; the cut still falls in a gap between words.
    transcript = _speech(30)  # 12 s without a pause; the gaps come at x.4-x.5 s
    decoder = ScriptedDecoder(transcript)
    engine = _engine(decoder, long_phrase=2.0, settle=1.2)
    captions: list[Caption] = []
    for _ in range(120):
        fed = decoder.now
        out = _feed(engine, decoder, 0.1)
        if _finals(out):
            cut = engine._start / 16_000
            assert fed + 0.1 - cut >= 1.2 - 1e-6  # the cut is at least settle behind the edge
            heard = decoder.calls[-1]
            assert float(heard["end"]) >= fed + 0.1 - 1e-6  # ...and whisper heard up to the edge
        captions += out
    captions += _feed(engine, decoder, 0.8, loud=False)
    finals = _finals(captions)
    assert [w for c in finals for w in c.text.split()] == [t for t, _s, _e in transcript]
    assert len(finals) >= 4
    assert all(c.end - c.start <= 3.0 for c in finals[:-1])  # words final within about 3 s


def test_a_last_word_waits_for_a_second_pass_however_sure_whisper_is_of_it() -> None:
    # Showing a sure last word at once was measured and not adopted: with greedy
    # partials it flickered more for no gain in first shown p95 (docs/benchmarks.md).
    class Sure(ScriptedDecoder):
        """Sure (0.99) of every word; notes when it first hears each."""

        heard: dict[str, float]

        def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
            words = super().decode(audio, **kw)  # type: ignore[arg-type]
            for w in words:
                self.heard.setdefault(w.text, self.now)
            return [DecodedWord(w.text, w.start, w.end, 0.99) for w in words]

    decoder = Sure(_speech(8))
    decoder.heard = {}
    engine = _engine(decoder, step=0.4)
    shown: set[str] = set()
    ends: set[str] = set()  # words a partial ended with on the pass that first heard them
    for _ in range(32):
        for c in _feed(engine, decoder, 0.1):
            shown |= {w.text for w in c.words}
            if c.kind == "partial" and decoder.heard[c.words[-1].text] == decoder.now:
                ends.add(c.words[-1].text)
    assert len(shown) >= 6  # words are shown while the phrase goes on...
    assert not ends  # ...but never the newest word of the pass that first heard it


def test_a_term_whose_end_was_misheard_is_still_not_cut() -> None:
    # names-06 (en-gb-x-rp-f3): the last pass heard "freedom to speak up, don him."
    # for "... Speak Up Guardian"; a cut before "don" left "Guardian" to the next caption.
    from companion.events import Word
    from companion.speech.whisper_words import term_spans

    texts = ["to", "the", "freedom", "to", "speak", "up,", "don", "him.", "if", "you"]
    words = [Word(t, i * 0.3, i * 0.3 + 0.25) for i, t in enumerate(texts)]
    spans = term_spans(words, ("Freedom to Speak Up Guardian",))
    assert spans and spans[0][0] == words[2].start
    assert spans[0][1] >= words[7].end  # "don him." stand for "Guardian"
    assert spans[0][1] <= words[9].end  # not the rest of the phrase
    assert term_spans(words[:3] + words[6:], ("Freedom to Speak Up Guardian",)) == []


def test_more_words_than_a_short_noise_could_hold_are_not_a_caption() -> None:
    # dev-lhotse-001: a 0.3 s noise before the speaker came out "Okay Okay Okay", the
    # last one at 0.74; two words in that time can be speech ("Thank you.").
    noise = [("Okay", 2.45, 2.5), ("Okay", 2.5, 2.58), ("Okay", 2.58, 2.65)]
    for said, kept in ((noise, False), ([("Thank", 2.45, 2.55), ("you.", 2.55, 2.65)], True)):
        decoder = ScriptedDecoder([*_speech(4), *said])
        engine = _engine(decoder)
        captions = _feed(engine, decoder, 1.6) + _feed(engine, decoder, 0.8, loud=False)
        captions += _feed_steady(engine, decoder, 0.2) + _feed(engine, decoder, 0.8, loud=False)
        texts = [c.text for c in _finals(captions)]
        assert texts == (["w0 w1 w2 w3", " ".join(w for w, _, _ in said)] if kept else texts[:1])
        assert len(texts) == (2 if kept else 1)


def test_by_default_a_phrase_without_a_dip_is_final_within_3_s_of_its_first_word() -> None:
    # Read speech often has no dip deep enough before its pause: the first words of
    # such a phrase waited for the longest-phrase cut (4 s), the latest finals (#10).
    transcript = _speech(30)
    decoder = ScriptedDecoder(transcript)
    engine = _engine(decoder, dip=5.0)  # the default policy, but no dip is long enough
    late: list[float] = []
    for _ in range(100):
        out = _feed(engine, decoder, 0.1)
        for caption in _finals(out):
            late += [decoder.now - w.end for w in caption.words]
    assert late and max(late) <= 3.0
