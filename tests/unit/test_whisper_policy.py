"""The streaming policy around whisper, with the decoder scripted (no model needed).

The scripted decoder knows a transcript with absolute times; like whisper it
writes the words heard in the window it is given, after the prefix it is told.
"""

from __future__ import annotations

import itertools
import re

import numpy as np

from companion.events import Caption, Word
from companion.speech import whisper_decoder as wd
from companion.speech import whisper_engine as we
from companion.speech.whisper_decoder import DecodedWord
from tests.fakes import tone

RATE = 16_000
BLOCK = 0.1


class ScriptedDecoder:
    """Writes the transcript's words that lie in the window and follow the prefix."""

    def __init__(self, transcript: list[tuple[str, float, float]], cost: float = 0.0) -> None:
        self.transcript = transcript
        self.now = 0.0  # audio time fed so far: the window always ends here
        self.cost = cost  # seconds each decode takes on the fake clock
        self.clock = 0.0
        self.calls: list[dict[str, object]] = []

    def tick(self) -> float:
        return self.clock

    def decode(
        self, audio: np.ndarray, *, prompt: str, prefix: str, prefix_end: float, speech_end: float
    ) -> list[DecodedWord]:
        start = self.now - len(audio) / RATE
        self.calls.append(
            {"start": start, "seconds": len(audio) / RATE, "prompt": prompt, "prefix": prefix}
        )
        self.clock += self.cost
        said = (prompt + " " + prefix).split()
        after = [t for t, _s, _e in self.transcript].index(said[-1]) + 1 if said else 0
        return [
            DecodedWord(text, s - start, e - start, 0.9)
            for text, s, e in self.transcript[after:]
            if s >= start - 0.05 and s < self.now
        ]


PLAIN = {"lookahead": 0.0, "first_commit": 0.0, "sure": 2.0}  # agreement of two passes only


def _engine(decoder: ScriptedDecoder, **options: float) -> we.WhisperEngine:
    """An engine with only the rules a test names switched on."""
    policy = we.Policy(**{**PLAIN, **options})
    return we.WhisperEngine(decoder=decoder, policy=policy, clock=decoder.tick)


def _feed(engine: we.WhisperEngine, decoder: ScriptedDecoder, seconds: float, loud: bool = True):
    """Speech-like audio (tone with a short dip every half second) or silence."""
    out: list[Caption] = []
    for _ in range(round(seconds / BLOCK)):
        decoder.now = round(decoder.now + BLOCK, 6)
        dip = round(decoder.now / BLOCK) % 5 == 0  # the pauses between words
        out += engine.accept(tone(BLOCK, amplitude=8000 if loud and not dip else 0))
    return out


def _speech(count: int, every: float = 0.4) -> list[tuple[str, float, float]]:
    return [(f"w{i}", i * every, i * every + every * 0.8) for i in range(count)]


def test_two_passes_that_agree_commit_and_the_rest_stays_partial() -> None:
    decoder = ScriptedDecoder(_speech(10))
    engine = _engine(decoder, step=0.6, settle=100.0)
    first = _feed(engine, decoder, 0.6)  # one pass has heard w0 w1
    assert [(c.kind, c.text) for c in first] == [("partial", "w0 w1")]
    second = _feed(engine, decoder, 0.6)  # the next pass agrees on them and hears w2
    assert [(c.kind, c.text) for c in second] == [("final", "w0 w1"), ("partial", "w2")]
    _feed(engine, decoder, 0.6)
    assert decoder.calls[-1]["prefix"] == "w0 w1"  # whisper is told what is final


def test_agreed_words_wait_until_whisper_has_heard_what_follows() -> None:
    decoder = ScriptedDecoder(_speech(10))
    engine = _engine(decoder, step=0.6, settle=100.0, lookahead=0.6)
    _feed(engine, decoder, 0.6)
    second = _feed(engine, decoder, 0.6)  # w0 (ends 0.32) and w1 (ends 0.72) agreed at 1.2 s
    assert [(c.kind, c.text) for c in second] == [("final", "w0"), ("partial", "w1 w2")]


def test_nothing_is_final_before_the_utterance_has_been_heard_for_a_while() -> None:
    decoder = ScriptedDecoder(_speech(10))
    engine = _engine(decoder, step=0.5, settle=100.0, first_commit=1.5)
    early = _feed(engine, decoder, 1.4)
    assert early and all(c.kind == "partial" for c in early)
    later = [c for c in _feed(engine, decoder, 0.6) if c.kind == "final"]
    assert later and later[0].text.startswith("w0 w1 w2")


def test_a_word_heard_surely_and_well_inside_the_window_is_final_after_one_pass() -> None:
    decoder = ScriptedDecoder(_speech(10))  # the scripted decoder is 0.9 sure of every word
    engine = _engine(decoder, step=1.2, settle=100.0, sure=0.85, sure_margin=0.6)
    first = _feed(engine, decoder, 1.2)  # one pass only: w0 and w1 end 0.6 s before its end
    assert [(c.kind, c.text) for c in first] == [("final", "w0"), ("partial", "w1 w2")]
    unsure = _engine(ScriptedDecoder(_speech(10)), step=1.2, settle=100.0, sure=0.95)
    assert all(c.kind == "partial" for c in _feed(unsure, unsure._decoder, 1.2))  # type: ignore[arg-type]


def test_a_long_utterance_is_captioned_once_in_order_from_a_short_window() -> None:
    transcript = _speech(40)  # 16 s of continuous speech
    decoder = ScriptedDecoder(transcript)
    engine = _engine(decoder, step=0.6, settle=1.5)
    captions = _feed(engine, decoder, 16.0) + _feed(engine, decoder, 0.6, loud=False)
    finals = [w for c in captions if c.kind == "final" for w in c.text.split()]
    assert finals == [t for t, _s, _e in transcript]
    # The window holds only the committed context and what is not yet final.
    assert max(call["seconds"] for call in decoder.calls) <= we.CONTEXT + 1.5 + 0.6 + 0.5
    later = [call for call in decoder.calls if call["prompt"]]
    assert later, "committed words that left the window are given as prompt"
    for call in later:
        prefix = str(call["prefix"]).split()
        assert str(call["prompt"]).split()[-1] == f"w{int(prefix[0][1:]) - 1}"


def test_words_disputed_for_too_long_are_committed_anyway() -> None:
    class Disputing(ScriptedDecoder):
        """Hears the first word differently on every pass."""

        def decode(self, audio: np.ndarray, **kw: str) -> list[DecodedWord]:  # type: ignore[override]
            kw["prefix"] = re.sub(r"(w\d+)[xy]", r"\1", kw["prefix"])
            words = super().decode(audio, **kw)  # type: ignore[arg-type]
            if words and words[0].text == "w0":
                flip = "x" if len(self.calls) % 2 else "y"
                words[0] = DecodedWord("w0" + flip, words[0].start, words[0].end, 0.5)
            return words

    decoder = Disputing(_speech(10))
    engine = _engine(decoder, step=0.6, settle=1.5)
    finals = [c for c in _feed(engine, decoder, 3.0) if c.kind == "final"]
    assert finals, "words heard 1.5 s ago are final even though passes disagree"
    assert finals[0].words[0].text in {"w0x", "w0y"}
    assert [w.text for w in finals[0].words[1:]] == ["w1"]


def test_words_whisper_writes_into_the_silence_after_speech_are_dropped() -> None:
    # Voice for 1.2 s, then silence; the decoder "hears" w3 at 1.6 s, in the silence.
    heard = [("w0", 0.0, 0.4), ("w1", 0.4, 0.8), ("w2", 0.8, 1.1), ("w3", 1.6, 1.8)]
    decoder = ScriptedDecoder(heard)
    engine = _engine(decoder, step=10.0)
    captions = _feed(engine, decoder, 1.2) + _feed(engine, decoder, 0.8, loud=False)
    assert [(c.kind, c.text) for c in captions] == [("final", "w0 w1 w2")]


def test_slow_decoding_is_spread_out_to_stay_within_the_cost_budget() -> None:
    decoder = ScriptedDecoder(_speech(30), cost=0.3)
    engine = _engine(decoder, step=0.6, budget=0.25)
    _feed(engine, decoder, 12.0)
    spent = len(decoder.calls) * decoder.cost
    assert spent / 12.0 <= 0.25 + 0.3 / 12.0  # within budget, give or take one decode
    fast = ScriptedDecoder(_speech(30))
    _feed(_engine(fast, step=0.6, budget=0.25), fast, 12.0)
    assert len(fast.calls) > len(decoder.calls)  # a fast decoder keeps the short step


def test_silence_is_never_decoded() -> None:
    decoder = ScriptedDecoder([])
    engine = _engine(decoder)
    _feed(engine, decoder, 3.0, loud=False)
    assert decoder.calls == []


def test_finals_never_go_back_in_time() -> None:
    decoder = ScriptedDecoder(_speech(25, every=0.3))
    engine = _engine(decoder, step=0.5, settle=1.0)
    captions = _feed(engine, decoder, 7.5) + _feed(engine, decoder, 0.6, loud=False)
    finals = [c for c in captions if c.kind == "final"]
    assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(finals))


# -- cleaning whisper's text ------------------------------------------------------


def _words(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    return [Word(t, start + i * step, start + (i + 1) * step) for i, t in enumerate(text.split())]


def test_a_looping_hypothesis_is_cut_where_the_loop_starts() -> None:
    looping = _words("a little bit of a little bit of a little bit of a little bit")
    assert [w.text for w in we._without_loop(looping)] == ["a", "little", "bit", "of"]
    stutter = _words("yes yes yes yes yes")
    assert [w.text for w in we._without_loop(stutter)] == ["yes"]
    reread = _words("you can come back at any point and come back at any point")
    assert " ".join(w.text for w in we._without_loop(reread)) == "you can come back at any point"
    fine = _words("we will go round the group one at a time and then round again")
    assert we._without_loop(fine) == fine


def _decoded(*pieces: tuple[str, float, float]) -> list[DecodedWord]:
    return [DecodedWord(text, start, end, 0.9) for text, start, end in pieces]


def test_punctuation_and_word_pieces_join_their_words() -> None:
    pieces = _decoded(
        (",", 0.0, 0.1),  # closes words already shown before this window: dropped
        (" cold", 0.1, 0.4),
        ("-hearted", 0.4, 0.7),
        (" ,", 0.7, 0.8),
        (" (", 0.8, 0.8),
        ("aside", 0.8, 1.2),
        (")", 1.2, 1.3),
        (" fine", 1.3, 1.6),
        (".", 1.6, 1.7),
    )
    merged = wd._merge_punctuation(pieces)
    assert [w.text for w in merged] == ["cold-hearted,", "(aside)", "fine."]
    assert merged[0].start == 0.1 and merged[-1].end == 1.7


def test_words_squeezed_into_no_time_are_cut_off() -> None:
    pieces = _decoded((" to", 1.0, 1.2), (" be", 1.2, 1.5), (" to", 1.5, 1.5), (" be", 1.5, 1.5))
    assert [w.text for w in wd._merge_punctuation(pieces)] == ["to", "be"]
    one_short = _decoded((" each", 1.0, 1.3), (" of", 1.3, 1.3))  # a cut-off last word is real
    assert [w.text for w in wd._merge_punctuation(one_short)] == ["each", "of"]


class _EndsEarly(wd.FasterWhisperDecoder):
    """Whisper that, given any text before, thinks the speech has ended."""

    def __init__(self) -> None:  # no model: only decode()'s own logic is under test
        self.calls: list[tuple[float, str, str]] = []

    def _decode_once(self, audio: np.ndarray, prompt: str, prefix: str) -> list[DecodedWord]:
        self.calls.append((len(audio) / RATE, prompt, prefix))
        if prompt or prefix:
            return []
        return [DecodedWord("Priya,", 0.1, 0.5, 0.9), DecodedWord("welcome.", 0.5, 1.0, 0.9)]


def test_speech_after_where_whisper_stopped_is_decoded_on_its_own() -> None:
    decoder = _EndsEarly()
    audio = np.zeros(RATE * 5, dtype=np.float32)
    words = decoder.decode(
        audio, prompt="we heard", prefix="from the others.", prefix_end=2.0, speech_end=4.5
    )
    assert [w.text for w in words] == ["Priya,", "welcome."]
    assert words[0].start == 2.1  # placed after the final words, in the window's time
    assert decoder.calls[-1] == (3.0, "", "")  # the rest, without the text that misled it
    quiet = _EndsEarly()
    assert quiet.decode(audio, prompt="", prefix="the end.", prefix_end=4.0, speech_end=4.5) == []
    assert len(quiet.calls) == 1  # no speech left after the final words: one decode only
