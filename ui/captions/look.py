"""How captions look: the bundled hyper-legible font, the theme's colours, stylesheet colours."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication

from companion.contrast import THEMES, Theme
from companion.resources import asset
from companion.settings import Settings

FONT_DIR = asset("fonts", "atkinson-hyperlegible")
ATKINSON_FAMILY = "Atkinson Hyperlegible"

_bundled_family: str | None = None
_bundled_tried = False


def bundled_font_family() -> str | None:
    """Load Atkinson Hyperlegible from ``companion/assets/`` once; its family name, or None."""
    global _bundled_family, _bundled_tried
    if not _bundled_tried:
        _bundled_tried = True
        for path in sorted(FONT_DIR.glob("*.ttf")):
            font_id = QFontDatabase.addApplicationFont(str(path))
            families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
            if families and _bundled_family is None:
                _bundled_family = families[0]
    return _bundled_family


def system_is_dark() -> bool:
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def resolve_theme(name: str) -> Theme:
    """The colours for a theme name; "system" follows the platform's light or dark."""
    if name == "system" or name not in THEMES:
        return THEMES["dark" if system_is_dark() else "light"]
    return THEMES[name]


def caption_font(settings: Settings) -> QFont:
    """The font captions are shown in, at the chosen size."""
    font = QFont(QGuiApplication.font())
    if settings.font == "atkinson":
        family = bundled_font_family()
        if family:
            font.setFamilies([family])
    font.setPointSize(settings.font_size)
    font.setItalic(False)
    return font


def rgba(colour: str, alpha: int) -> str:
    """A stylesheet colour: the hex itself when opaque, else ``rgba(...)``."""
    if alpha >= 255:
        return colour
    c = QColor(colour)
    return f"rgba({c.red()}, {c.green()}, {c.blue()}, {max(0, alpha)})"
