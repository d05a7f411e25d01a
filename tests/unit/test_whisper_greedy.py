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
