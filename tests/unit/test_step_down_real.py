"""Stepping down with the real models: whisper base falls behind, tiny.en carries on (#10).

The watcher's limit is set so low that base must step down while the first
sentence is still being spoken; every word of that sentence must come out
exactly once (base finishes it), and the sentences after it from tiny.en.
"""

from __future__ import annotations

import re
from collections import Counter

import numpy as np
import pytest

from companion.audio.source import SAMPLE_RATE, EndOfAudio, Frames
from companion.audio.wavfile import read_wav
from companion.events import Caption, Event, ModelSteppedDown
from companion.speech.factory import engine_factory
from companion.speech.glossary import Glossary
from companion.speech.keeping_up import Limits
from companion.speech.models import whisper_base_ready
from companion.speech.stream import CaptionStream
from companion.speech.vocabulary import Vocabulary
from tests.speech_audio import make_speech_wav

pytestmark = pytest.mark.slow

FIRST = (  # one phrase with no pause in it, so a step down due in it must wait for its end
    "Good morning everyone and thank you for joining this breakout group "
    "about inclusive leadership in the health service"
)
SECOND = "Our first question is about leadership in the organisation."
THIRD = "We will share findings at the end."
PAUSE = 1.2  # seconds of quiet between the sentences


class _Blocks:
    """The audio in 0.1 s blocks, read as fast as the stream takes them (a file)."""

    live = False
    name = "Test speech"

    def __init__(self, audio: Frames) -> None:
        step = SAMPLE_RATE // 10
        self._blocks = [audio[i : i + step] for i in range(0, len(audio), step)]

    def open(self) -> None:
        pass

    def read(self, timeout: float) -> Frames | None:
        if not self._blocks:
            raise EndOfAudio
        return self._blocks.pop(0)

    def close(self) -> None:
        pass


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s']", " ", text.casefold()).split()


def test_whisper_base_falls_behind_and_tiny_carries_on_with_every_word_once() -> None:
    if whisper_base_ready() is None:
        pytest.skip("whisper base is not installed (the README's set-up command installs it)")
    quiet = np.zeros(int(PAUSE * SAMPLE_RATE), dtype=np.int16)
    parts = [quiet[: SAMPLE_RATE // 2]]
    spans: list[tuple[float, float]] = []
    for text in (FIRST, SECOND, THIRD):
        speech = read_wav(make_speech_wav(text))
        begins = sum(len(p) for p in parts) / SAMPLE_RATE
        parts += [speech, quiet]
        spans.append((begins, begins + len(speech) / SAMPLE_RATE))
    audio = np.concatenate(parts)

    factory = engine_factory("whisper", "whisper-base", Glossary.parse("NHS"))
    # Behind as soon as base decodes at all: due a few seconds into the first sentence.
    limits = Limits(window=2.0, share=0.02, sustained=2.0)
    stream = CaptionStream(_Blocks(audio), factory, keeping_up=limits)
    stream.set_vocabulary(Vocabulary.from_names([("Siobhán", "shiv-awn")]))
    events: list[Event] = []
    stream.events.connect(events.append)
    stream.run()

    switched = [e for e in events if isinstance(e, ModelSteppedDown)]
    assert len(switched) == 1, events
    event = switched[0]
    assert event.sentence == (
        "Captions switched to tiny.en: whisper base could not keep up on this computer."
    )
    # It was due while the first sentence was spoken, and waited for its end.
    assert spans[0][1] < event.time < spans[1][0]
    engine = stream.engine
    assert engine is not None and engine.model_name.startswith("tiny.en")
    assert "Siobhán" in engine.vocabulary and "NHS" in engine.vocabulary  # type: ignore[attr-defined]

    finals = [e for e in events if isinstance(e, Caption) and e.kind == "final"]
    base_said = _words(" ".join(c.text for c in finals if c.end <= event.time))
    tiny_said = _words(" ".join(c.text for c in finals if c.start >= event.time))
    assert len(base_said) + len(tiny_said) == len(_words(" ".join(c.text for c in finals)))
    # Every word of the sentence in progress, exactly once, all from base.
    assert Counter(base_said) == Counter(_words(FIRST)), base_said
    # tiny.en carries on, in the stream's own time.
    for word in ("first", "question", "organisation", "share", "end"):
        assert word in tiny_said, tiny_said
    later = [c for c in finals if c.start >= event.time]
    assert later and spans[1][0] - 0.5 <= later[0].start <= spans[1][1]


def test_only_engines_that_run_whisper_base_offer_a_step_down() -> None:
    if whisper_base_ready() is None:
        pytest.skip("whisper base is not installed (the README's set-up command installs it)")
    tiny = engine_factory("whisper", "tiny.en", Glossary([]))
    tiny()
    assert tiny.faster() is None  # nothing faster than tiny.en
    two_pass = engine_factory("whisper", "tiny.en+whisper-base", Glossary([]))
    two_pass()
    step = two_pass.faster()  # base decodes the finals: it may fall behind too
    assert step is not None and (step.slow, step.fast) == ("whisper base", "tiny.en")
