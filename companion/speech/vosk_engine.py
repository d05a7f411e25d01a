"""The vosk engine: streaming partials and finals with word times."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from companion.audio.source import SAMPLE_RATE, Frames
from companion.errors import ModelError
from companion.events import Caption, Word
from companion.speech.glossary import Glossary, sentence_case


class VoskEngine:
    """Kaldi recogniser from a vosk model folder."""

    name = "vosk"

    def __init__(self, folder: Path, glossary: Glossary | None = None) -> None:
        try:
            import vosk
        except ImportError as error:  # pragma: no cover - vosk is a dependency
            raise ModelError(
                f"The vosk engine is not available ({error}). Reinstall Companion, "
                "or use --engine whisper."
            ) from error
        vosk.SetLogLevel(-1)
        self._folder = Path(folder)
        try:
            self._model = vosk.Model(str(self._folder))
        except Exception as error:  # vosk raises a bare Exception
            raise ModelError(
                f"The vosk model in '{self._folder}' could not be loaded ({error}). "
                "Reinstall it with 'companion models install', or use --engine whisper."
            ) from error
        self._vosk = vosk
        self._glossary = glossary or Glossary([])
        self._last_partial = ""
        self.reset()

    @property
    def model_name(self) -> str:
        return self._folder.name if self._folder.name != "model" else self._folder.parent.name

    def reset(self) -> None:
        recogniser = self._vosk.KaldiRecognizer(self._model, SAMPLE_RATE)
        recogniser.SetWords(True)
        recogniser.SetPartialWords(True)
        self._recogniser = recogniser
        self._fed = 0
        self._last_partial = ""

    def accept(self, frames: Frames) -> list[Caption]:
        self._fed += len(frames)
        if self._recogniser.AcceptWaveform(frames.tobytes()):
            return self._final(json.loads(self._recogniser.Result()))
        partial = json.loads(self._recogniser.PartialResult())
        text = " ".join(str(partial.get("partial", "")).split())
        if not text or text == self._last_partial:
            return []
        self._last_partial = text
        words = _words(partial.get("partial_result", []))
        start, end = _span(words, self._fed)
        return [Caption("partial", text, start, end, words)]

    def finish(self) -> list[Caption]:
        return self._final(json.loads(self._recogniser.FinalResult()))

    def _final(self, result: dict[str, Any]) -> list[Caption]:
        self._last_partial = ""
        words = _words(result.get("result", []))
        raw = " ".join(str(result.get("text", "")).split())
        if not raw:
            return []
        text = self._glossary.apply(sentence_case(raw))
        start, end = _span(words, self._fed)
        return [Caption("final", text, start, end, words)]


def _words(items: list[dict[str, Any]]) -> tuple[Word, ...]:
    return tuple(
        Word(str(item["word"]), float(item["start"]), float(item["end"]), item.get("conf"))
        for item in items
        if "word" in item
    )


def _span(words: tuple[Word, ...], fed: int) -> tuple[float, float]:
    if words:
        return words[0].start, words[-1].end
    now = fed / SAMPLE_RATE
    return now, now
