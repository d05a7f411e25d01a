"""Late words, with the decoder scripted (no model): held words at a pause, and
partial passes that decode greedily with the same model as the finals."""

from __future__ import annotations

from companion.events import Caption
from companion.speech import whisper_decoder as wd
from companion.speech import whisper_engine as we
from tests.unit.test_whisper_policy import BLOCK, ScriptedDecoder, _engine, _feed, _speech


def _shown_at(captions: list[tuple[float, Caption]], word: str) -> tuple[float, str]:
    """When ``word`` first appeared (audio seconds fed) and in which kind of caption."""
    return next((at, c.kind) for at, c in captions if word in c.text.split())


def _timed(engine: we.WhisperEngine, decoder: ScriptedDecoder, seconds: float, loud: bool):
    out: list[tuple[float, Caption]] = []
    for _ in range(round(seconds / BLOCK)):
        out += [(decoder.now + BLOCK, c) for c in _feed(engine, decoder, BLOCK, loud)]
    return out


def _last_word_shown(**options: object) -> tuple[float, str]:
    # Passes cost 0.2 s, so at the 0.3 budget they come every 0.67 s: the pass that
    # heard the last word held it, and the next one comes after the pause's final.
    decoder = ScriptedDecoder(_speech(5), cost=0.2)
    engine = _engine(decoder, hold_below=1.01, **options)  # every last word waits
    captions = _timed(engine, decoder, 2.0, loud=True)
    captions += _timed(engine, decoder, 1.0, loud=False)
    assert [c.text for _at, c in captions if c.kind == "final"] == ["w0 w1 w2 w3 w4"]
    return _shown_at(captions, "w4")


def test_words_held_back_are_shown_once_the_voice_stops_not_with_the_final() -> None:
    held_at, held_by = _last_word_shown(release=None)
    assert held_by == "final"  # before: the last word waited for the pause and the decode
    at, kind = _last_word_shown(release=0.25)
    assert kind == "partial"
    assert at <= held_at - 0.2  # the pause is 0.5 s; shown at a quarter of a second of it


def test_a_released_partial_is_heard_to_the_end_of_the_voice() -> None:
    # The last pass stopped inside the last word: it is decoded again, whole, and not
    # shown as the cut-off guess.
    decoder = ScriptedDecoder(_speech(5), cost=0.2)
    engine = _engine(decoder, release=0.25, hold_below=1.01)
    _timed(engine, decoder, 2.0, loud=True)
    calls = len(decoder.calls)
    released = [c for _at, c in _timed(engine, decoder, 0.4, loud=False) if c.kind == "partial"]
    assert len(decoder.calls) == calls + 1 and decoder.calls[-1]["end"] >= 2.2
    assert [c.text for c in released] == ["w0 w1 w2 w3 w4"]


def test_held_words_wait_again_when_the_voice_comes_back() -> None:
    decoder = ScriptedDecoder(_speech(12), cost=0.2)
    engine = _engine(decoder, release=0.25, pause=1.0)  # a short gap inside a phrase
    _timed(engine, decoder, 2.0, loud=True)
    _timed(engine, decoder, 0.3, loud=False)  # released once
    quiet_then = len(decoder.calls)
    _timed(engine, decoder, 0.1, loud=False)
    assert len(decoder.calls) == quiet_then  # not again in the same quiet
    assert engine._released
    _timed(engine, decoder, 0.5, loud=True)
    assert not engine._released  # the next quiet releases again


class _Model:
    """Stands for a loaded CTranslate2 model; only identity matters here."""


def _decoder(beam: int) -> wd.FasterWhisperDecoder:
    decoder = object.__new__(wd.FasterWhisperDecoder)  # no model file needed
    decoder._model = _Model()  # type: ignore[assignment]
    decoder._beam = beam
    return decoder


def test_partials_can_decode_greedily_with_the_finals_model_and_its_beam_kept() -> None:
    decoder = _decoder(beam=3)
    engine = we.WhisperEngine(decoder=decoder, policy=we.Policy(partial_beam=1))
    partials, finals = engine._decoder, engine._final_decoder
    assert isinstance(partials, wd.FasterWhisperDecoder)
    assert partials is not decoder and partials._model is decoder._model  # loaded once
    assert (partials._beam, decoder._beam, finals) == (1, 3, decoder)
    same = we.WhisperEngine(decoder=decoder, policy=we.Policy(partial_beam=None))
    assert same._decoder is decoder
