"""The streaming policy around whisper, with the decoder scripted (no model needed)."""

from __future__ import annotations

from companion.events import Word
from companion.speech import whisper_engine as we
from tests.fakes import tone


def _words(text: str, start: float = 0.0, step: float = 0.4) -> list[Word]:
    return [Word(t, start + i * step, start + (i + 1) * step) for i, t in enumerate(text.split())]


def test_a_looping_hypothesis_is_cut_where_the_loop_starts() -> None:
    looping = _words("a little bit of a little bit of a little bit of a little bit")
    assert [w.text for w in we._without_loop(looping)] == ["a", "little", "bit", "of"]
    stutter = _words("yes yes yes yes yes")
    assert [w.text for w in we._without_loop(stutter)] == ["yes"]
    fine = _words("we will go round the group one at a time")
    assert we._without_loop(fine) == fine


def test_re_heard_committed_words_are_dropped_even_when_the_first_is_misheard() -> None:
    recent = ["thank", "you", "all", "for", "your", "honesty"]
    heard = _words("and you all for your honesty it took courage")
    assert heard[we._repeated_tail(recent, heard)].text == "it"
    assert we._repeated_tail(recent, _words("it took courage")) == 0


def test_two_passes_that_agree_commit_and_the_rest_stays_partial() -> None:
    engine = object.__new__(we.WhisperEngine)  # the policy only; no model loaded
    engine._glossary = we.Glossary([])
    engine._step, engine._pause = 1, 0.5
    engine._max_window, engine._settle = 10**9, 100.0
    engine.reset()
    passes = iter([_words("good morning every"), _words("good morning everyone thank")])
    engine._decode = lambda: next(passes)  # type: ignore[method-assign]
    engine._fed = 16_000 * 3
    assert [c.kind for c in engine._pass()] == ["partial"]
    out = engine._pass()
    assert [(c.kind, c.text) for c in out] == [
        ("final", "good morning"),
        ("partial", "everyone thank"),
    ]


def test_words_disputed_for_too_long_are_committed_anyway() -> None:
    engine = object.__new__(we.WhisperEngine)
    engine._glossary = we.Glossary([])
    engine._step, engine._pause = 1, 0.5
    engine._max_window, engine._settle = 10**9, 2.5
    engine.reset()
    # The passes never agree on the first word, but it ended 4 s ago.
    passes = iter([_words("southpeak assistants said"), _words("the assistants said")])
    engine._decode = lambda: next(passes)  # type: ignore[method-assign]
    engine._fed = int(16_000 * 3.5)  # "the" and "assistants" ended over 2.5 s ago, "said" not
    engine._pass()
    finals = [c for c in engine._pass() if c.kind == "final"]
    assert finals and finals[0].text == "the assistants"
    assert finals[0].end <= 3.5 - 2.5


def test_silence_is_never_decoded() -> None:
    engine = object.__new__(we.WhisperEngine)
    engine._glossary = we.Glossary([])
    engine._step, engine._pause = 16_000, 0.5
    engine._max_window, engine._settle = 16_000 * 20, 2.5
    engine.reset()
    calls: list[int] = []
    engine._decode = lambda: calls.append(1) or []  # type: ignore[method-assign]
    for _ in range(30):
        engine.accept(tone(0.1, amplitude=0))
    assert calls == []
