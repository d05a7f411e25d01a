"""Partial passes that decode greedily with the same model as the finals (no model
file needed)."""

from __future__ import annotations

from companion.speech import whisper_decoder as wd
from companion.speech import whisper_engine as we


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


class _Beams:
    """A decoder that says which beam each decode used, and hears one word."""

    def __init__(self, beam: int, used: list[int]) -> None:
        self.beam, self.used = beam, used

    def with_beam(self, beam: int) -> _Beams:
        return _Beams(beam, self.used)

    def decode(
        self, audio: wd.Audio, *, prompt: str, prefix: str, prefix_end: float, speech_end: float
    ) -> list[wd.DecodedWord]:
        self.used.append(self.beam)
        return [wd.DecodedWord(" Hello", 0.25, min(0.9, speech_end), 0.9)]


def test_a_step_down_finishes_the_phrase_greedily_then_the_beam_is_back() -> None:
    """At a step down the slow model is behind: its last final decodes greedily (#10)."""
    from tests.fakes import spoken_word

    used: list[int] = []
    engine = we.WhisperEngine(
        decoder=_Beams(3, used), policy=we.Policy(partials=False, partial_beam=None)
    )
    for _ in range(10):
        engine.accept(spoken_word())
    [final] = [c for c in engine.finish_quickly() if c.kind == "final"]
    assert final.text and used == [1]
    assert isinstance(engine._final_decoder, _Beams) and engine._final_decoder.beam == 3
    for _ in range(10):
        engine.accept(spoken_word())
    engine.finish()
    assert used == [1, 3]
