"""Choosing and building an engine by name: ``auto``, ``vosk`` or ``whisper``."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from companion.errors import ModelError
from companion.speech.engine import Engine
from companion.speech.glossary import Glossary
from companion.speech.models import find_vosk_model


def resolve_engine(name: str, model: str | None = None) -> tuple[str, Path | None]:
    """The engine ``auto`` means here, and the vosk model folder if vosk is chosen."""
    if name not in ("auto", "vosk", "whisper"):
        raise ModelError(f"'{name}' is not an engine Companion knows. Use auto, vosk or whisper.")
    if name == "whisper":
        return "whisper", None
    folder = find_vosk_model(model or None)
    if folder is not None:
        return "vosk", folder
    if name == "vosk" or model:
        wanted = (
            f"The vosk model '{model}' is not installed"
            if model
            else ("No vosk speech model is installed")
        )
        raise ModelError(
            f"{wanted}. Install one with "
            "'companion models install vosk-model-small-en-us-0.15' (or from a file with "
            "'companion models install --file ARCHIVE'), or use --engine whisper."
        )
    return "whisper", None


def engine_factory(
    name: str, model: str | None = None, glossary: Glossary | None = None
) -> Callable[[], Engine]:
    """A function that loads the chosen engine; call it on a worker thread."""
    chosen, folder = resolve_engine(name, model)
    words = glossary if glossary is not None else Glossary.load()

    def build() -> Engine:
        if chosen == "vosk":
            from companion.speech.vosk_engine import VoskEngine

            assert folder is not None
            return VoskEngine(folder, words)
        from companion.speech.whisper_engine import WhisperEngine

        return WhisperEngine(glossary=words)

    return build
