"""A final keeps the words a reader already saw when whisper finds them as likely
(shown_kept), with the scorer scripted (no model needed)."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from companion.events import Word
from companion.speech import whisper_engine as we
from companion.speech.shown_kept import kept_shown
from companion.speech.whisper_decoder import DecodedWord
from tests.fakes import tone


class Scorer:
    """Scores a text from ``scores`` (else ``other``), and remembers what it was asked."""

    def __init__(self, scores: dict[str, float], other: float = -50.0) -> None:
        self.scores, self.other = scores, other
        self.asked: list[tuple[list[str], str, str]] = []

    def score(self, texts: Sequence[str], *, prompt: str, prefix: str) -> list[float]:
        self.asked.append((list(texts), prompt, prefix))
        return [self.scores.get(t, self.other) for t in texts]


def _words(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    return [
        Word(t, start + i * step, start + i * step + 0.3, 0.8) for i, t in enumerate(text.split())
    ]


def _kept(final: str, shown: str, scores: dict[str, float], margin: float = 1.0, **kw: object):
    scorer = Scorer(scores)
    after = ("the prompt", "the prefix", tuple(kw.pop("vocabulary", ())))  # type: ignore[arg-type]
    words = kept_shown(_words(final), _words(shown), scorer, after, margin, **kw)  # type: ignore[arg-type]
    return " ".join(w.text for w in words), scorer


def test_a_shown_word_whisper_finds_about_as_likely_stays() -> None:
    text, scorer = _kept(
        "we all met there", "we oll met", {"we all met there": -5.0, "we oll met there": -5.6}
    )
    assert text == "we oll met there"  # 0.6 nats below the final's: within 1
    assert scorer.asked[0][1:] == ("the prompt", "the prefix")  # as the final was decoded


def test_a_shown_word_whisper_finds_much_less_likely_is_replaced() -> None:
    text, _ = _kept(
        "we all met there", "we oll met", {"we all met there": -5.0, "we oll met there": -7.5}
    )
    assert text == "we all met there"


def test_each_differing_span_is_decided_on_its_own() -> None:
    scores = {"a b c d e": -5.0, "a x c d e": -5.5, "a b c y e": -9.0}
    text, scorer = _kept("a b c d e", "a x c y e", scores)
    assert text == "a x c d e"
    assert len(scorer.asked) == 1 and len(scorer.asked[0][0]) == 3  # one scoring pass


def test_words_the_final_writes_past_what_was_shown_are_the_finals() -> None:
    scores = {"we all met there today": -6.0, "we oll met there today": -6.2}
    text, _ = _kept("we all met there today", "we oll", scores)
    assert text == "we oll met there today"


def test_a_term_the_names_check_put_in_is_never_undone() -> None:
    scores = {"we met Priya there": -9.0, "we met pre a there": -1.0}
    text, scorer = _kept(
        "we met Priya there", "we met pre a", scores, vocabulary=("Priya Venkataraman",)
    )
    assert text == "we met Priya there" and not scorer.asked


def test_a_shown_name_is_not_brought_back_over_the_final() -> None:
    scores = {"we met prayer there": -9.0, "we met Priya there": -1.0}
    text, _ = _kept("we met prayer there", "we met Priya", scores, vocabulary=("Priya",))
    assert text == "we met prayer there"


def test_a_word_the_final_drops_at_its_end_stays_dropped() -> None:
    text, scorer = _kept("ten of clubs", "ten of clubs ten", {"ten of clubs": -3.0})
    assert text == "ten of clubs" and not scorer.asked


def test_after_a_cut_only_the_shown_words_before_it_count() -> None:
    scores = {"we all met": -3.0, "we oll met": -3.2}
    text, _ = _kept("we all met", "we oll met there", scores, cut=1.1)
    assert text == "we oll met"  # "there" lies after the cut: the next phrase's


def test_a_decoder_that_cannot_score_leaves_the_final_as_it_is() -> None:
    words = kept_shown(_words("we all"), _words("we oll"), object(), ("", "", ()), 5.0)
    assert [w.text for w in words] == ["we", "all"]


class FlipDecoder:
    """Greedy partial passes write "oll" for "all"; the final's beam writes "all".
    Scores the text with "oll" ``gap`` nats below the one with "all"."""

    def __init__(self, gap: float) -> None:
        self.gap = gap
        self.partial = False  # the final's decoder; with_beam(1) gives the partials'

    def with_beam(self, beam: int) -> FlipDecoder:
        other = FlipDecoder(self.gap)
        other.partial = beam == 1
        return other

    def decode(
        self, audio: np.ndarray, *, prompt: str, prefix: str, prefix_end: float, speech_end: float
    ) -> list[DecodedWord]:
        heard = len(audio) / 16_000
        said = [("We", 0.1, 0.3), ("oll" if self.partial else "all", 0.4, 0.6), ("met.", 0.7, 0.9)]
        return [DecodedWord(t, s, e, 0.9) for t, s, e in said if e <= heard]

    def score(self, texts: Sequence[str], *, prompt: str, prefix: str) -> list[float]:
        return [-5.0 - (self.gap if "oll" in t else 0.0) for t in texts]


def _captions(decoder: FlipDecoder, **policy: object) -> list[str]:
    engine = we.WhisperEngine(decoder=decoder, policy=we.Policy(**policy))  # type: ignore[arg-type]
    out = []
    for _ in range(14):
        out += engine.accept(tone(0.1))
    for _ in range(8):
        out += engine.accept(tone(0.1, amplitude=0))
    return [f"{c.kind}: {c.text}" for c in out]


def test_the_engine_keeps_a_shown_word_the_final_would_have_changed() -> None:
    captions = _captions(FlipDecoder(gap=0.5), keep_shown=1.0)
    assert "partial: We oll" in captions
    assert captions[-1] == "final: We oll met."


def test_the_engine_changes_a_shown_word_the_audio_refuses_or_when_off() -> None:
    assert _captions(FlipDecoder(gap=3.0), keep_shown=1.0)[-1] == "final: We all met."
    assert _captions(FlipDecoder(gap=0.5), keep_shown=None)[-1] == "final: We all met."


def test_unprompted_the_texts_are_scored_after_the_prefix_only() -> None:
    asked: list[str] = []

    class Asking(FlipDecoder):
        def score(self, texts: Sequence[str], *, prompt: str, prefix: str) -> list[float]:
            asked.append(prompt)
            return super().score(texts, prompt=prompt, prefix=prefix)

    assert _captions(Asking(gap=0.5), keep_shown=1.0, keep_shown_prompted=False)[-1].endswith(
        "oll met."
    )
    assert asked == [""]


def test_a_span_at_the_finals_very_end_is_the_finals() -> None:
    scores = {"from the submitted dataset,": -6.0, "from the submitted data": -5.0}
    text, scorer = _kept("from the submitted dataset,", "from the submitted data", scores)
    assert text == "from the submitted dataset," and not scorer.asked
