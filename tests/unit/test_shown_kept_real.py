"""A word the reader saw stays when the final would have written another that whisper
finds no likelier, with the real tiny.en model on espeak-ng speech (shown_kept):
in this voice the greedy partials hear "Sam will share the", and the final's beam,
alone, writes "shine"; scored on the final's own audio the two are within the margin."""

from __future__ import annotations

import pytest

from companion.audio.wavfile import read_wav
from companion.speech.whisper_decoder import FasterWhisperDecoder
from companion.speech.whisper_engine import Policy, WhisperEngine, embedded_model_path
from tests.speech_audio import caption_audio, final_text, make_speech_wav

pytestmark = pytest.mark.slow

SENTENCE = "Sam will share the summary with the whole group by Friday."


def _captions(keep_shown: float | None) -> list[str]:
    audio = read_wav(make_speech_wav(SENTENCE, voice="en-gb-x-rp", speed=175))
    decoder = FasterWhisperDecoder(embedded_model_path())
    policy = Policy(budget=100, keep_shown=keep_shown)  # passes at a fixed pace: repeatable
    captions = caption_audio(WhisperEngine(decoder=decoder, policy=policy), audio)
    partials = [c.text for c in captions if c.kind == "partial"]
    return [*partials, final_text(captions)]


def test_a_shown_word_the_final_would_have_changed_stays() -> None:
    before = _captions(keep_shown=None)
    assert any("will share" in p for p in before[:-1])  # the reader saw "share"...
    assert "will share" not in before[-1]  # ...and the final alone changed it
    now = _captions(keep_shown=Policy().keep_shown or 1.0)
    assert "will share the" in now[-1]
