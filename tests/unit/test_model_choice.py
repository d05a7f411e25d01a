"""``auto`` picks the whisper model for the machine from measured (here: fake) timings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from companion.captions_status import short_reason
from companion.speech import choice
from companion.speech.choice import (
    BASE,
    BASE_FINAL,
    BASE_PARTIAL,
    CALIBRATION,
    TINY,
    choose_model,
    decide,
)
from companion.speech.whisper_decoder import PassCosts

TINY_DIR, BASE_DIR = Path("/models/tiny"), Path("/models/base")


@pytest.fixture
def base_ahead(monkeypatch: pytest.MonkeyPatch) -> None:
    """A benchmark where base streams real speech more accurately than tiny.en: then
    auto weighs its speed on this machine."""
    monkeypatch.setattr(choice, "STREAMING_WER", {TINY: 0.03, BASE: 0.02})


def test_tiny_when_base_is_no_more_accurate_live_and_nothing_is_measured(
    tmp_path: Path,
) -> None:
    """On the benchmark base streams real speech less accurately than tiny.en, so auto
    runs tiny.en however fast the machine, says why with the figures, and spends no
    time measuring base."""
    assert not choice.base_more_accurate()
    measured: list[Path] = []

    def measure(folder: Path) -> PassCosts:
        measured.append(folder)
        return _costs(0.5)

    chosen = choose_model(TINY_DIR, BASE_DIR, measure, tmp_path / "c.json")
    assert (chosen.model, chosen.path, chosen.final_path) == (TINY, TINY_DIR, None)
    assert measured == [] and not (tmp_path / "c.json").exists()
    assert chosen.reason.startswith("auto: more accurate live than whisper base")
    assert f"{choice.STREAMING_WER[TINY]:.1%}" in chosen.reason
    assert f"{choice.STREAMING_WER[BASE]:.1%}" in chosen.reason
    assert "--model whisper-base" in chosen.reason
    # The status line's short "why" is the claim without its figures.
    assert short_reason(chosen.reason) == ("auto: more accurate live than whisper base, and faster")
    assert decide(TINY_DIR, BASE_DIR, _costs(0.5)).model == TINY
    assert decide(TINY_DIR, None, None).reason == chosen.reason


def _costs(scale: float, final_scale: float | None = None) -> PassCosts:
    """Base's passes at ``scale`` times the limits (the final's at ``final_scale``)."""
    return PassCosts(BASE_PARTIAL * scale, BASE_FINAL * (final_scale or scale))


def test_base_when_both_its_passes_keep_pace_on_this_machine_else_tiny(base_ahead: None) -> None:
    fast = decide(TINY_DIR, BASE_DIR, _costs(0.7))
    assert (fast.model, fast.path) == (BASE, BASE_DIR)
    assert "fits" in fast.reason
    slow = decide(TINY_DIR, BASE_DIR, _costs(1.5))
    assert (slow.model, slow.path, slow.final_path) == (TINY, TINY_DIR, None)
    assert "too slow" in slow.reason and f"{BASE_PARTIAL * 1.5:.2f}" in slow.reason
    # Either pass over its limit is enough: quick partials with late finals lag too.
    assert decide(TINY_DIR, BASE_DIR, _costs(0.7, 1.2)).model == TINY
    assert decide(TINY_DIR, BASE_DIR, _costs(1.2, 0.7)).model == TINY


def test_without_base_installed_tiny_is_used_and_the_reason_says_how_to_get_base(
    base_ahead: None,
) -> None:
    chosen = decide(TINY_DIR, None, {})
    assert chosen.model == TINY and "models install whisper-base" in chosen.reason


def test_the_machine_is_measured_once_and_remembered(tmp_path: Path, base_ahead: None) -> None:
    saved = tmp_path / "calibration.json"
    measured: list[Path] = []

    def measure(folder: Path) -> float:
        measured.append(folder)
        return _costs(0.5)

    assert choose_model(TINY_DIR, BASE_DIR, measure, saved).model == BASE
    assert choose_model(TINY_DIR, BASE_DIR, measure, saved).model == BASE
    assert measured == [BASE_DIR]
    assert saved.stat().st_mode & 0o777 == 0o600


def test_another_machine_is_measured_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, base_ahead: None
) -> None:
    saved = tmp_path / "calibration.json"
    choose_model(TINY_DIR, BASE_DIR, lambda _f: _costs(0.5), saved)
    monkeypatch.setattr(choice, "machine_key", lambda: "a slower laptop x2")
    chosen = choose_model(TINY_DIR, BASE_DIR, lambda _f: _costs(3), saved)
    assert chosen.model == TINY


def test_a_figure_remembered_from_the_old_calibration_is_measured_again(
    tmp_path: Path, base_ahead: None
) -> None:
    """Before 2026-12-01 one beam-3 pass over 6 s was stored under the model's key and
    compared with 0.08 s: that figure means something else now, so auto re-measures."""
    saved = tmp_path / "calibration.json"
    old = {"machine": choice.machine_key(), "costs": {f"{BASE}:{BASE_DIR.resolve()}": 0.05}}
    saved.write_text(json.dumps(old), encoding="utf-8")
    measured: list[Path] = []

    def measure(folder: Path) -> PassCosts:
        measured.append(folder)
        return _costs(3)

    assert choose_model(TINY_DIR, BASE_DIR, measure, saved).model == TINY
    assert measured == [BASE_DIR]
    stored = json.loads(saved.read_text(encoding="utf-8"))
    assert stored["calibration"] == CALIBRATION
    assert stored["costs"][f"{BASE}:{BASE_DIR.resolve()}:final"] == BASE_FINAL * 3


@pytest.mark.parametrize(
    "damaged",
    ["{not json", "[]", '{"machine": 3}', None],  # None: costs below zero and not numbers
)
def test_a_damaged_calibration_file_is_measured_again(
    tmp_path: Path, damaged: str | None, base_ahead: None
) -> None:
    saved = tmp_path / "calibration.json"
    key = f"{BASE}:{BASE_DIR.resolve()}"
    if damaged is None:
        bad = {f"{key}:partial": -1.0, f"{key}:final": float("nan"), "other": "fast"}
        data = {"machine": choice.machine_key(), "calibration": CALIBRATION, "costs": bad}
        damaged = json.dumps(data)
    saved.write_text(damaged, encoding="utf-8")
    measured: list[Path] = []

    def measure(folder: Path) -> PassCosts:
        measured.append(folder)
        return _costs(3)

    assert choose_model(TINY_DIR, BASE_DIR, measure, saved).model == TINY
    assert measured == [BASE_DIR]


def test_a_model_that_fails_to_load_is_not_chosen(tmp_path: Path, base_ahead: None) -> None:
    def broken(_folder: Path) -> float:
        raise RuntimeError("bad model.bin")

    chosen = choose_model(TINY_DIR, BASE_DIR, broken, tmp_path / "c.json")
    assert chosen.model == TINY and "could not be measured" in chosen.reason


@pytest.mark.slow
def test_real_models_are_measured_and_base_costs_more_than_tiny(
    tmp_path: Path, base_ahead: None
) -> None:
    from companion.speech.models import whisper_base_ready
    from companion.speech.whisper_decoder import FasterWhisperDecoder
    from companion.speech.whisper_engine import embedded_model_path

    base = whisper_base_ready()  # joined from the packages into the test home if needed
    if base is None:
        pytest.skip("whisper base is not installed")
    tiny_cost = FasterWhisperDecoder(embedded_model_path()).calibrate(runs=3)
    base_cost = FasterWhisperDecoder(base).calibrate(runs=3)
    assert 0 < tiny_cost.partial < base_cost.partial
    assert 0 < tiny_cost.final < base_cost.final
    # A greedy pass over 4 s costs less than a beam-3 one over 10 s, on either model.
    assert base_cost.partial < base_cost.final
    chosen = choose_model(embedded_model_path(), base, lambda f: base_cost, tmp_path / "c.json")
    assert f"{base_cost.partial:.2f}" in chosen.reason and f"{base_cost.final:.2f}" in chosen.reason
