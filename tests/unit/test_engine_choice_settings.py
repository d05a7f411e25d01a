"""Which model the app's settings mean: the engine, the vosk model and the whisper model."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.settings import Settings
from companion.speech import factory
from companion.speech.factory import chosen_model


@pytest.mark.parametrize(
    ("engine", "vosk", "whisper", "vosk_installed", "expected"),
    [
        ("whisper", "", "", False, None),  # measured for this computer
        ("whisper", "small-en", "whisper-base", True, "whisper-base"),
        ("vosk", "small-en", "whisper-base", True, "small-en"),
        ("vosk", "", "tiny.en", True, None),  # the first installed vosk model
        ("auto", "", "whisper-base", False, "whisper-base"),  # no vosk: the whisper choice
        ("auto", "", "whisper-base", True, None),  # vosk installed: auto keeps using it
        ("auto", "small-en", "", False, "small-en"),
    ],
)
def test_the_settings_name_the_model_to_start(
    monkeypatch: pytest.MonkeyPatch,
    engine: str,
    vosk: str,
    whisper: str,
    vosk_installed: bool,
    expected: str | None,
) -> None:
    found = Path("/models/vosk-small") if vosk_installed else None
    monkeypatch.setattr(factory, "find_vosk_model", lambda _name: found)
    assert chosen_model(engine, vosk, whisper) == expected


def test_an_unknown_whisper_model_in_the_settings_file_falls_back_to_measured() -> None:
    assert Settings(whisper_model="large-v3").clamped().whisper_model == ""
    assert Settings(whisper_model="whisper-base").clamped().whisper_model == "whisper-base"


def test_the_status_line_says_a_chosen_model_was_chosen() -> None:
    from companion.speech.whisper_engine import embedded_model_path

    assert factory._model_label(embedded_model_path()) == "tiny.en — the model you chose"
