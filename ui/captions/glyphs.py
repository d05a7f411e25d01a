"""Whether this computer can draw a caption's letters, so a reader is told, not shown boxes.

Qt draws a letter that no installed font has as an empty box (glyph 0,
".notdef"), after trying the caption font and every fallback font. Korean
captions from a vosk Korean model on a Linux computer without a CJK font
would be a line of boxes, and the reader would not know why: ``MissingLetters``
finds such letters in a final so that the captions view can say what to
install. Only letters outside Latin are laid out, each once, so English
captions cost one scan of their characters.
"""

from __future__ import annotations

import unicodedata

from PySide6.QtGui import QFont, QTextLayout

COMMON_UP_TO = 0x024F  # Latin and its extensions: in every font the app may use


def drawable(letter: str, font: QFont) -> bool:
    """Whether ``letter`` comes out as a glyph in ``font`` or one Qt falls back to."""
    layout = QTextLayout(letter, font)
    layout.beginLayout()
    layout.createLine()
    layout.endLayout()
    return all(0 not in run.glyphIndexes() for run in layout.glyphRuns())


class MissingLetters:
    """Remembers, per font, which letters outside Latin this computer cannot draw."""

    def __init__(self) -> None:
        self._family = ""
        self._known: dict[str, bool] = {}  # letter -> drawable, for ``_family``
        self._told = False  # the reader was told this run

    def new_run(self) -> None:
        """A new run of captions: tell the reader again if its letters show as boxes."""
        self._told = False

    def untold(self, text: str, font: QFont) -> str:
        """The letters ``of`` gives, only the first time in a run that there are any."""
        if self._told:
            return ""
        missing = self.of(text, font)
        self._told = bool(missing)
        return missing

    def of(self, text: str, font: QFont) -> str:
        """The letters of ``text`` no font here can draw, each once, in order."""
        if font.family() != self._family:
            self._family, self._known = font.family(), {}
        missing: list[str] = []
        for letter in dict.fromkeys(text):
            if ord(letter) <= COMMON_UP_TO or letter.isspace():
                continue
            if letter not in self._known:
                self._known[letter] = drawable(letter, font)
            if not self._known[letter]:
                missing.append(letter)
        return "".join(missing)


def script_of(letter: str) -> str:
    """The writing system a letter belongs to, as its Unicode name begins ("Hangul", "CJK").

    The letter itself would show as a box in the notice too, so it is named instead.
    """
    try:
        word = unicodedata.name(letter).split()[0]
    except ValueError:  # unnamed, as private-use letters are
        return f"U+{ord(letter):04X}"
    return word if len(word) <= 3 else word.title()


def missing_font_notice(letters: str) -> str:
    """What to tell the reader when captions hold letters shown as empty boxes."""
    kinds = ", ".join(dict.fromkeys(script_of(letter) for letter in letters))
    return (
        f"Some caption letters ({kinds}) show as empty boxes: this computer has no font "
        "for them. Install a font for the captions' language (on Debian or Ubuntu, "
        "fonts-noto-cjk for Korean, Chinese and Japanese) and restart Companion."
    )
