"""Caption themes as data, and the WCAG contrast arithmetic that checks them.

Each theme names a foreground (final text), a background and a partial-text
colour. Final text must reach 7:1 against the background (WCAG AAA) and
partial text 4.5:1 (WCAG AA): partial text is lighter so that it reads as
"not settled yet", and it is also italic, so colour is never the only cue.
The theme "system" is not listed here: the UI resolves it to "light" or
"dark" from the platform's colour scheme.
"""

from __future__ import annotations

from typing import NamedTuple

FINAL_MIN_RATIO = 7.0  # WCAG 2 AAA for normal text
PARTIAL_MIN_RATIO = 4.5  # WCAG 2 AA for normal text


class Theme(NamedTuple):
    """The colours of one caption theme, as "#rrggbb"."""

    foreground: str  # final text
    background: str  # the caption area
    partial: str  # text that may still change (shown italic as well)


THEMES: dict[str, Theme] = {
    "light": Theme("#1a1a1a", "#fbfbf8", "#575757"),
    "dark": Theme("#f2f2f2", "#161616", "#a9a9a9"),
    "yellow-on-black": Theme("#ffff00", "#000000", "#c2c200"),
    "white-on-black": Theme("#ffffff", "#000000", "#a6a6a6"),
    "black-on-white": Theme("#000000", "#ffffff", "#595959"),
}
"""Theme name → colours; "system" resolves to "light" or "dark" in the UI."""


def parse_hex(colour: str) -> tuple[int, int, int]:
    """The 0..255 red, green and blue of "#rrggbb" or "#rgb"."""
    digits = colour.strip().lstrip("#")
    if len(digits) == 3:
        digits = "".join(ch * 2 for ch in digits)
    if len(digits) != 6:
        raise ValueError(f"'{colour}' is not a #rrggbb colour")
    value = int(digits, 16)
    return (value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF


def _linear(channel: int) -> float:
    c = channel / 255.0
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """WCAG 2 relative luminance, 0 (black) to 1 (white)."""
    red, green, blue = parse_hex(colour)
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio of two colours, 1 (none) to 21 (black on white)."""
    a, b = relative_luminance(first), relative_luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def theme_problems(name: str, theme: Theme) -> list[str]:
    """Sentences naming each way ``theme`` falls short of the contrast rules."""
    problems = []
    final = contrast_ratio(theme.foreground, theme.background)
    if final < FINAL_MIN_RATIO:
        problems.append(f"{name}: final text contrast {final:.2f}:1 is below {FINAL_MIN_RATIO}:1")
    partial = contrast_ratio(theme.partial, theme.background)
    if partial < PARTIAL_MIN_RATIO:
        problems.append(
            f"{name}: partial text contrast {partial:.2f}:1 is below {PARTIAL_MIN_RATIO}:1"
        )
    return problems
