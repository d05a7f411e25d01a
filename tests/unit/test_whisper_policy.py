"""The streaming policy around whisper, with the decoder scripted (no model needed).

The scripted decoder knows a transcript with absolute times; like whisper it
writes the words heard in the window it is given, after the prefix it is told.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np

from companion.events import Caption, Word
from companion.speech import whisper_decoder as wd
from companion.speech import whisper_engine as we
from companion.speech.glossary import Glossary
from companion.speech.whisper_decoder import DecodedWord
from companion.speech.whisper_words import without_loop
from tests.fakes import tone

RATE = 16_000
BLOCK = 0.1


class ScriptedDecoder:
    """Writes the transcript's words said in the phrase it is given, after the prefix.

    Like whisper it is told the previous phrase's words as a prefix and writes
    only what follows; a word belongs to the window its middle lies in. With
    ``echo`` it repeats the last word into trailing silence, as whisper does.
    """

    def __init__(
        self, transcript: list[tuple[str, float, float]], cost: float = 0.0, echo: bool = False
    ) -> None:
        self.transcript = transcript
        self.now = 0.0  # audio time fed so far
        self.cost = cost  # seconds each decode takes on the fake clock
        self.echo = echo
        self.clock = 0.0
        self.engine: we.WhisperEngine | None = None
        self.calls: list[dict[str, object]] = []

    def tick(self) -> float:
        return self.clock

    def decode(
        self,
        audio: np.ndarray,
        *,
        prompt: str,
        prefix: str,
        prefix_end: float,
        speech_end: float,
    ) -> list[DecodedWord]:
        assert self.engine is not None
        lead = prefix_end  # seconds of the previous phrase before this one
        start = self.engine._start / RATE  # where this phrase's audio begins
        end = start + len(audio) / RATE - lead
        self.calls.append(
            {
                "start": start,
                "end": end,
                "seconds": len(audio) / RATE,
                "lead": lead,
                "prompt": prompt,
                "prefix": prefix,
                "now": self.now,
            }
        )
        self.clock += self.cost
        heard = [
            DecodedWord(text, s - start + lead, e - start + lead, 0.9)
            for text, s, e in self.transcript
            if start <= (s + e) / 2 < end
        ]
        if self.echo and heard and end - (heard[-1].end - lead + start) > 0.3:
            last = heard[-1]
            heard.append(DecodedWord(last.text, last.end, last.end + 0.2, 0.5))
        return heard


def _engine(
    decoder: ScriptedDecoder, glossary: str = "", vocabulary: Sequence[str] = (), **options: object
) -> we.WhisperEngine:
    """An engine on ``decoder``'s clock, told the ``glossary`` (its text) and ``vocabulary``."""
    engine = we.WhisperEngine(
        glossary=Glossary.parse(glossary) if glossary else None,
        decoder=decoder,
        policy=we.Policy(**options),  # type: ignore[arg-type]
        clock=decoder.tick,
    )
    if vocabulary:
        engine.set_vocabulary(vocabulary)
    decoder.engine = engine
    return engine


def _feed(engine: we.WhisperEngine, decoder: ScriptedDecoder, seconds: float, loud: bool = True):
    """Speech-like audio (tone with a short dip every half second) or silence."""
    out: list[Caption] = []
    for _ in range(round(seconds / BLOCK)):
        decoder.now = round(decoder.now + BLOCK, 6)
        dip = round(decoder.now / BLOCK) % 5 == 0  # the pauses between words
        out += engine.accept(tone(BLOCK, amplitude=8000 if loud and not dip else 0))
    return out


def _speech(count: int, every: float = 0.4, start: float = 0.0) -> list[tuple[str, float, float]]:
    return [(f"w{i}", start + i * every, start + i * every + every * 0.8) for i in range(count)]


def _finals(captions: list[Caption]) -> list[Caption]:
    return [c for c in captions if c.kind == "final"]


def test_partials_keep_their_pace_and_nothing_is_final_until_the_phrase_ends() -> None:
    decoder = ScriptedDecoder(_speech(5))
    engine = _engine(decoder, step=0.4, hold_last=0)
    speaking = _feed(engine, decoder, 2.0)
    assert speaking and all(c.kind == "partial" for c in speaking)
    assert len(speaking) >= 4  # a partial about every 0.4 s
    assert speaking[-1].text == "w0 w1 w2 w3 w4"
    after = _feed(engine, decoder, 0.8, loud=False)
    assert [(c.kind, c.text) for c in after] == [("final", "w0 w1 w2 w3 w4")]


def test_a_last_word_whisper_changes_at_the_next_pass_is_never_shown() -> None:
    class Guessing(ScriptedDecoder):
        """Gets the newest word wrong the first time it hears it."""

        def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
            words = super().decode(audio, **kw)  # type: ignore[arg-type]
            seen = getattr(self, "seen", set())
            self.seen = seen | {w.text for w in words}
            return [
                w if w.text in seen else DecodedWord(w.text + "?", w.start, w.end, 0.5)
                for w in words
            ]

    decoder = Guessing(_speech(5))
    engine = _engine(decoder, step=0.4)  # holds the last word back by default
    shown = [w for c in _feed(engine, decoder, 2.0) for w in c.text.split()]
    assert shown and not any(w.endswith("?") for w in shown)
    eager = Guessing(_speech(5))
    guesses = [c.text for c in _feed(_engine(eager, step=0.4, hold_last=0, stable=0), eager, 2.0)]
    assert any("?" in text for text in guesses)  # without it, the guesses flicker


def test_two_passes_agreeing_early_in_a_phrase_commit_nothing() -> None:
    decoder = ScriptedDecoder(_speech(5))
    engine = _engine(decoder, step=0.2)  # many passes, all agreeing on w0 w1
    assert not _finals(_feed(engine, decoder, 2.0))


def test_a_long_phrase_is_cut_at_a_dip_in_the_voice_not_at_word_times() -> None:
    transcript = _speech(40)  # 16 s without a pause; words end mid-block, dips come at x.4-x.5
    decoder = ScriptedDecoder(transcript)
    engine = _engine(decoder, long_phrase=2.5, max_phrase=6.0)
    captions: list[Caption] = []
    cuts: list[float] = []
    for _ in range(160):
        out = _feed(engine, decoder, 0.1)
        if out and out[0].kind == "final":
            cuts.append(engine._start / RATE)  # the next phrase starts where this one was cut
        captions += out
    captions += _feed(engine, decoder, 0.8, loud=False)
    finals = _finals(captions)
    assert [w for c in finals for w in c.text.split()] == [t for t, _s, _e in transcript]
    assert len(finals) >= 5 and len(cuts) >= 4
    for cut in cuts:  # inside the silent tenth of a second that ends every half second
        phase = cut % 0.5
        assert phase >= 0.4 - 1e-6 or phase <= 1e-6
    assert all(c.end - c.start <= 6.0 + 1e-6 for c in finals)
    heard_after = [c for c in decoder.calls if float(c["end"]) > float(c["start"]) + 0.1]
    assert heard_after


def test_a_phrase_without_any_dip_is_cut_at_its_quietest_moment_by_max_phrase() -> None:
    decoder = ScriptedDecoder(_speech(30))
    engine = _engine(decoder, long_phrase=2.5, max_phrase=4.0, dip=5.0)  # no dip is long enough
    captions = _feed(engine, decoder, 10.0)
    finals = _finals(captions)
    assert finals and all(c.end - c.start <= 4.0 for c in finals)


def test_each_final_is_decoded_whole_after_the_previous_phrase_audio() -> None:
    first, second = _speech(4), _speech(4, start=2.4)
    second = [(f"v{i}", s, e) for i, (_t, s, e) in enumerate(second)]
    decoder = ScriptedDecoder(first + second)
    engine = _engine(decoder)
    captions = _feed(engine, decoder, 1.6) + _feed(engine, decoder, 0.8, loud=False)
    captions += _feed(engine, decoder, 1.6) + _feed(engine, decoder, 0.8, loud=False)
    assert [c.text for c in _finals(captions)] == ["w0 w1 w2 w3", "v0 v1 v2 v3"]
    last = decoder.calls[-1]
    assert last["prefix"] == "w0 w1 w2 w3"  # the previous phrase, heard again as context
    assert float(last["lead"]) > 1.0  # ...with its audio
    assert float(last["start"]) <= 2.4 and float(last["end"]) >= 3.6  # the whole phrase


def test_after_a_long_pause_the_previous_phrase_is_only_given_as_text() -> None:
    decoder = ScriptedDecoder([*_speech(3), ("v0", 8.0, 8.3), ("v1", 8.4, 8.8)])
    engine = _engine(decoder, context_gap=3.0)
    _feed(engine, decoder, 1.2)
    _feed(engine, decoder, 6.7, loud=False)
    captions = _feed(engine, decoder, 0.9) + _feed(engine, decoder, 0.8, loud=False)
    assert [c.text for c in _finals(captions)] == ["v0 v1"]
    last = decoder.calls[-1]
    assert last["prefix"] == "" and last["lead"] == 0.0
    assert str(last["prompt"]).endswith("w0 w1 w2")


def test_the_last_word_is_not_repeated_into_the_silence_after_a_phrase() -> None:
    # Whisper repeats a phrase's last word when the audio it hears goes on in silence.
    said = [("ten", 0.0, 0.3), ("of", 0.35, 0.5), ("clubs", 0.5, 1.0)]
    decoder = ScriptedDecoder(said, echo=True)
    engine = _engine(decoder, step=10.0)
    captions = _feed(engine, decoder, 1.0) + _feed(engine, decoder, 1.0, loud=False)
    assert [c.text for c in _finals(captions)] == ["ten of clubs"]


def test_words_whisper_writes_into_the_silence_after_speech_are_dropped() -> None:
    class WritesOn(ScriptedDecoder):
        """Adds a word after the end of the audio it was given."""

        def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
            words = super().decode(audio, **kw)  # type: ignore[arg-type]
            after = len(audio) / RATE + 0.2
            return [*words, DecodedWord("w3", after, after + 0.3, 0.9)]

    decoder = WritesOn([("w0", 0.0, 0.4), ("w1", 0.4, 0.8), ("w2", 0.8, 1.1)])
    engine = _engine(decoder, step=10.0)
    captions = _feed(engine, decoder, 1.2) + _feed(engine, decoder, 0.8, loud=False)
    assert [(c.kind, c.text) for c in captions] == [("final", "w0 w1 w2")]


def test_slow_decoding_is_spread_out_to_stay_within_the_cost_budget() -> None:
    decoder = ScriptedDecoder(_speech(30), cost=0.3)
    engine = _engine(decoder, step=0.6, budget=0.25, long_phrase=100.0, max_phrase=100.0)
    _feed(engine, decoder, 12.0)
    spent = len(decoder.calls) * decoder.cost
    assert spent / 12.0 <= 0.25 + 0.3 / 12.0  # within budget, give or take one decode
    fast = ScriptedDecoder(_speech(30))
    _feed(_engine(fast, step=0.6, budget=0.25, long_phrase=100.0, max_phrase=100.0), fast, 12.0)
    assert len(fast.calls) > len(decoder.calls)  # a fast decoder keeps the short step


def test_silence_is_never_decoded() -> None:
    decoder = ScriptedDecoder([])
    engine = _engine(decoder)
    _feed(engine, decoder, 3.0, loud=False)
    assert decoder.calls == []


def test_finals_never_go_back_in_time() -> None:
    decoder = ScriptedDecoder(_speech(25, every=0.3))
    engine = _engine(decoder)
    captions = _feed(engine, decoder, 7.5) + _feed(engine, decoder, 0.6, loud=False)
    finals = _finals(captions)
    assert len(finals) >= 2
    assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(finals))


def test_names_to_listen_for_reach_the_running_engine_and_lead_the_prompt() -> None:

    decoder = ScriptedDecoder(_speech(3))
    engine = we.WhisperEngine(
        glossary=Glossary.parse("cqc => CQC\n"),
        decoder=decoder,
        clock=decoder.tick,
    )
    decoder.engine = engine
    engine.set_vocabulary(["Priya Venkataraman", "Siobhan", "siobhan"])
    _feed(engine, decoder, 1.2)
    assert str(decoder.calls[-1]["prompt"]).startswith("CQC, Priya Venkataraman, Siobhan.")
    engine.set_vocabulary([])  # the roster changed while captioning
    _feed(engine, decoder, 0.4)
    assert str(decoder.calls[-1]["prompt"]).startswith("CQC.")


# -- cleaning whisper's text ------------------------------------------------------


def _words(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    return [Word(t, start + i * step, start + (i + 1) * step) for i, t in enumerate(text.split())]


def test_a_looping_hypothesis_is_cut_where_the_loop_starts() -> None:
    looping = _words("a little bit of a little bit of a little bit of a little bit")
    assert [w.text for w in without_loop(looping)] == ["a", "little", "bit", "of"]
    stutter = _words("yes yes yes yes yes")
    assert [w.text for w in without_loop(stutter)] == ["yes"]
    reread = _words("you can come back at any point and come back at any point")
    assert " ".join(w.text for w in without_loop(reread)) == "you can come back at any point"
    fine = _words("we will go round the group one at a time and then round again")
    assert without_loop(fine) == fine


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


def test_a_loop_inside_one_word_is_cut_with_what_follows() -> None:
    looping = _words("thank you Kwamee-me-me-me-me-me-me-me- for")
    assert [w.text for w in without_loop(looping)] == ["thank", "you"]
    dotted = _words("and Sort, M.M.M.M.M.M.M.M.M.M. The next")
    assert [w.text for w in without_loop(dotted)] == ["and", "Sort,"]
    fine = _words("a well-to-do mother-in-law in the U.S.A. today")
    assert without_loop(fine) == fine


class _Biased(ScriptedDecoder):
    """Writes ``instead`` for the whole phrase when its prompt names the terms."""

    def __init__(
        self,
        transcript: list[tuple[str, float, float]],
        instead: list[str],
        sure: list[float] | None = None,
    ) -> None:
        super().__init__(transcript)
        self.instead = instead
        self.sure = sure or [0.8] * len(instead)  # whisper's probability of each word

    def decode(self, audio: np.ndarray, **kw: object) -> list[DecodedWord]:  # type: ignore[override]
        words = super().decode(audio, **kw)  # type: ignore[arg-type]
        if "CQC" not in str(kw["prompt"]) or not words:
            return words
        step = (words[-1].end - words[0].start) / len(self.instead)
        start = words[0].start
        return [
            DecodedWord(t, start + i * step, start + (i + 1) * step, p)
            for i, (t, p) in enumerate(zip(self.instead, self.sure, strict=True))
        ]


def _biased_captions(
    said: list[str], instead: list[str], sure: list[float] | None = None, names: str = ""
) -> list[Caption]:

    transcript = [(t, i * 0.3, i * 0.3 + 0.25) for i, t in enumerate(said)]
    decoder = _Biased(transcript, instead, sure)
    engine = we.WhisperEngine(
        glossary=Glossary.parse("cqc => CQC\n"), decoder=decoder, clock=decoder.tick
    )
    engine.set_vocabulary(names.split(",") if names else [])
    decoder.engine = engine
    return _feed(engine, decoder, 0.3 * len(said)) + _feed(engine, decoder, 0.8, loud=False)


def _biased_final(
    said: list[str], instead: list[str], sure: list[float] | None = None, names: str = ""
) -> str:
    return " ".join(c.text for c in _finals(_biased_captions(said, instead, sure, names)))


def test_a_term_whisper_writes_in_place_of_speech_is_not_kept() -> None:
    said = ["could", "everyone", "please", "check", "their", "microphone"]
    assert _biased_final(said, ["CQC,", "CQC,"]) == " ".join(said)
    assert _biased_final(said, ["CQC", "everyone"]) == " ".join(said)  # speech lost


def test_a_term_whisper_hears_thanks_to_the_bias_is_kept() -> None:
    said = ["the", "see", "queue", "see", "report"]
    assert _biased_final(said, ["the", "CQC", "report"]) == "the CQC report"


def test_a_term_whisper_writes_over_one_word_it_barely_heard_is_not_kept() -> None:
    # whisper base on "Could everyone please check...": the term takes one word's
    # place, so no speech looks lost, but whisper gave it almost no probability.
    said = ["could", "everyone", "please", "check", "their", "microphone"]
    instead = ["CQC,", "everyone,", "please,", "check", "their", "microphone"]
    assert _biased_final(said, instead, [0.0, 0.3, 0.6, 0.9, 0.9, 0.9]) == " ".join(said)
    # A list of names read out of the prompt, each in the place of a word.
    listed = ["CQC,", "Oluwaseun,", "Priya", "check", "their", "microphone"]
    sure = [0.01, 0.0, 0.03, 0.9, 0.9, 0.9]
    assert _biased_final(said, listed, sure, names="Oluwaseun,Priya") == " ".join(said)
    # Nor is it shown while the phrase is still being said: the final decides it.
    partials = [c.text for c in _biased_captions(said, instead, [0.0, *[0.9] * 5])]
    assert partials and not any("CQC" in text for text in partials)


def test_a_term_heard_with_one_unsure_word_is_kept() -> None:
    # "NHS" at 0.0 before a sure "England" is the term heard (tiny.en on the names set).
    said = ["and", "then", "n", "h", "s", "england", "agreed"]
    instead = ["and", "then", "NHS", "England", "agreed"]
    sure = [0.7, 0.9, 0.0, 0.97, 0.7]
    kept = _biased_final(said, instead, sure, names="NHS England")
    assert kept == "and then NHS England agreed"
    # A term whisper is fairly sure of stays, though it stands for several words.
    assert _biased_final(said, instead, [0.7, 0.9, 0.3, 0.3, 0.7], names="NHS England") == kept
