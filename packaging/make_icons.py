"""Draws Companion's icon (a speech bubble holding two caption lines) as PNG, ICO and ICNS.

Run by hand when the design changes; the outputs are committed:

    .venv/bin/python packaging/make_icons.py
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

HERE = Path(__file__).resolve().parent
SIZE = 512
BACKGROUND = "#0b3d91"  # deep blue; white on it is well above 7:1 contrast
FOREGROUND = "#ffffff"
CAPTION = "#0b3d91"


def draw(size: int = SIZE) -> Image.Image:
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    unit = size / 16
    pen.rounded_rectangle((0, 0, size - 1, size - 1), radius=3 * unit, fill=BACKGROUND)
    bubble = (2.5 * unit, 3 * unit, 13.5 * unit, 11 * unit)
    pen.rounded_rectangle(bubble, radius=2 * unit, fill=FOREGROUND)
    pen.polygon(
        [(5 * unit, 10.5 * unit), (4.5 * unit, 13.5 * unit), (8 * unit, 10.5 * unit)],
        fill=FOREGROUND,
    )
    pen.rounded_rectangle(
        (4.5 * unit, 5.2 * unit, 11.5 * unit, 6.4 * unit), radius=0.6 * unit, fill=CAPTION
    )
    pen.rounded_rectangle(
        (4.5 * unit, 7.6 * unit, 9.5 * unit, 8.8 * unit), radius=0.6 * unit, fill=CAPTION
    )
    return image


def main() -> None:
    icon = draw()
    icon.save(HERE / "companion.png")
    icon.save(HERE / "companion.ico", sizes=[(16, 16), (32, 32), (48, 48), (256, 256)])
    icon.save(HERE / "companion.icns")


if __name__ == "__main__":
    main()
