"""``auto`` picks the whisper model for the machine from measured (here: fake) timings."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.speech import choice
from companion.speech.choice import (
    BASE,
    BASE_PASS,
    TINY,
    choose_model,
    decide,
)

TINY_DIR, BASE_DIR = Path("/models/tiny"), Path("/models/base")


def test_base_when_it_keeps_pace_on_this_machine_else_tiny() -> None:
    fast = decide(TINY_DIR, BASE_DIR, {BASE: BASE_PASS * 0.7})
    assert (fast.model, fast.path) == (BASE, BASE_DIR)
    assert "fits" in fast.reason
    slow = decide(TINY_DIR, BASE_DIR, {BASE: BASE_PASS * 1.5})
    assert (slow.model, slow.path, slow.final_path) == (TINY, TINY_DIR, None)
    assert "too slow" in slow.reason and f"{BASE_PASS * 1.5:.2f}" in slow.reason


def test_without_base_installed_tiny_is_used_and_the_reason_says_how_to_get_base() -> None:
    chosen = decide(TINY_DIR, None, {})
    assert chosen.model == TINY and "models install whisper-base" in chosen.reason


def test_the_machine_is_measured_once_and_remembered(tmp_path: Path) -> None:
    saved = tmp_path / "calibration.json"
    measured: list[Path] = []

    def measure(folder: Path) -> float:
        measured.append(folder)
        return BASE_PASS / 2

    assert choose_model(TINY_DIR, BASE_DIR, measure, saved).model == BASE
    assert choose_model(TINY_DIR, BASE_DIR, measure, saved).model == BASE
    assert measured == [BASE_DIR]
    assert saved.stat().st_mode & 0o777 == 0o600


def test_another_machine_is_measured_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    saved = tmp_path / "calibration.json"
    choose_model(TINY_DIR, BASE_DIR, lambda _f: BASE_PASS / 2, saved)
    monkeypatch.setattr(choice, "machine_key", lambda: "a slower laptop x2")
    chosen = choose_model(TINY_DIR, BASE_DIR, lambda _f: BASE_PASS * 3, saved)
    assert chosen.model == TINY


def test_a_model_that_fails_to_load_is_not_chosen(tmp_path: Path) -> None:
    def broken(_folder: Path) -> float:
        raise RuntimeError("bad model.bin")

    chosen = choose_model(TINY_DIR, BASE_DIR, broken, tmp_path / "c.json")
    assert chosen.model == TINY and "could not be measured" in chosen.reason


@pytest.mark.slow
def test_real_models_are_measured_and_base_costs_more_than_tiny(tmp_path: Path) -> None:
    from companion.speech.models import whisper_base_ready
    from companion.speech.whisper_decoder import FasterWhisperDecoder
    from companion.speech.whisper_engine import embedded_model_path

    base = whisper_base_ready()  # joined from the packages into the test home if needed
    if base is None:
        pytest.skip("whisper base is not installed")
    tiny_cost = FasterWhisperDecoder(embedded_model_path()).calibrate()
    base_cost = FasterWhisperDecoder(base).calibrate()
    assert 0 < tiny_cost < base_cost
    chosen = choose_model(embedded_model_path(), base, lambda f: base_cost, tmp_path / "c.json")
    assert f"{base_cost:.2f}" in chosen.reason
