"""The caption themes meet the contrast the design promises."""

from __future__ import annotations

import pytest

from companion.contrast import (
    FINAL_MIN_RATIO,
    PARTIAL_MIN_RATIO,
    THEMES,
    Theme,
    contrast_ratio,
    parse_hex,
    relative_luminance,
    theme_problems,
)
from companion.settings import THEMES as SETTING_THEMES


def test_luminance_of_black_and_white() -> None:
    assert relative_luminance("#000000") == 0.0
    assert relative_luminance("#ffffff") == pytest.approx(1.0)


def test_contrast_matches_wcag_reference_values() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast_ratio("#ffffff", "#000000") == pytest.approx(21.0)  # order does not matter
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert contrast_ratio("#595959", "#ffffff") == pytest.approx(7.0, abs=0.01)
    assert contrast_ratio("#ffff00", "#000000") == pytest.approx(19.56, abs=0.01)
    assert contrast_ratio("#123456", "#123456") == pytest.approx(1.0)


def test_short_hex_and_bad_colours() -> None:
    assert parse_hex("#fff") == (255, 255, 255)
    assert parse_hex("ff8000") == (255, 128, 0)
    with pytest.raises(ValueError):
        parse_hex("#12345")


def test_every_setting_theme_is_defined_except_system() -> None:
    assert set(THEMES) == set(SETTING_THEMES) - {"system"}
    assert {"yellow-on-black", "white-on-black", "light", "dark"} <= set(THEMES)


@pytest.mark.parametrize("name", sorted(THEMES))
def test_final_text_contrast_is_at_least_7_to_1(name: str) -> None:
    theme = THEMES[name]
    assert contrast_ratio(theme.foreground, theme.background) >= FINAL_MIN_RATIO


@pytest.mark.parametrize("name", sorted(THEMES))
def test_partial_text_contrast_is_at_least_4_5_to_1(name: str) -> None:
    theme = THEMES[name]
    assert contrast_ratio(theme.partial, theme.background) >= PARTIAL_MIN_RATIO
    assert theme_problems(name, theme) == []


@pytest.mark.parametrize("name", sorted(THEMES))
def test_partial_text_is_set_apart_from_final_text(name: str) -> None:
    theme = THEMES[name]
    assert theme.partial.lower() != theme.foreground.lower()
    # lighter weight: less contrast than the final text, so finals stand out
    final = contrast_ratio(theme.foreground, theme.background)
    assert contrast_ratio(theme.partial, theme.background) < final


def test_problems_are_named() -> None:
    weak = Theme("#777777", "#ffffff", "#cccccc")
    problems = theme_problems("weak", weak)
    assert len(problems) == 2
    assert "final text" in problems[0] and "partial text" in problems[1]
