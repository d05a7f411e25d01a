"""The Facilitate area at the moments the docs picture, each grabbed to a PNG.

Shared by ``test_facilitate_screenshots.py`` (which saves to a temporary
folder and checks every picture) and ``scripts/facilitate-screenshots.py``
(run by hand to remake ``docs/screenshots``). Time is a ManualClock, so every
run shows the same moments.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Protocol

from PySide6.QtWidgets import QWidget

from companion.clock import ManualClock
from ui.facilitation.area import FacilitateArea
from ui.main_window import MainWindow

MIN = 60.0
WINDOW_SIZE = (1000, 700)  # the main window's size in the pictures


class Waits(Protocol):
    """How the caller lets Qt catch up: pytest-qt's qtbot, or an event loop."""

    def until(self, condition: Callable[[], bool]) -> None:
        """Return once ``condition()`` is true (fail after a while)."""

    def exposed(self, widget: QWidget) -> None:
        """Return once ``widget`` is on screen."""

    def settle(self) -> None:
        """Let layout settle before a grab."""


def take_screenshots(
    main_window: MainWindow, folder: Path, waits: Waits
) -> dict[Path, tuple[int, int]]:
    """Run a plan to the pictured moments; the PNGs saved, each with its widget's size then."""
    shots: dict[Path, tuple[int, int]] = {}

    def grab(widget: QWidget, name: str) -> None:
        path = folder / name
        if not widget.grab().save(str(path)):
            raise OSError(f"could not save {path}")
        shots[path] = (widget.width(), widget.height())

    clock = ManualClock()
    area = FacilitateArea(clock=clock)
    main_window.resize(*WINDOW_SIZE)
    main_window.add_area(area, "&Facilitate", "Ctrl+2")
    main_window.show_area(area)
    area.group_combo.setCurrentText("Group 4")
    area.select_plan("webinar-2")
    area.commands.start.trigger()
    # Through the plenary and the check-in, into the core questions: 45 minutes in.
    clock.advance(25 * MIN)
    area.commands.next.trigger()
    clock.advance(10 * MIN)
    area.driver.tick()
    for _ in area.prompts.cards():
        area.commands.done.trigger()
    area.commands.next.trigger()
    clock.advance(10 * MIN)
    area.driver.tick()
    waits.until(lambda: area.prompts.keys() == ["2:0"])
    waits.settle()
    grab(main_window, "facilitate-area.png")

    area.commands.mini.trigger()
    mini = area.mini
    assert mini is not None
    waits.exposed(mini)
    waits.settle()
    grab(mini, "facilitate-mini.png")
    mini.close()

    # Time runs out: the overrun offer.
    clock.advance(16 * MIN)
    area.driver.tick()
    for _ in area.prompts.cards()[:-1]:
        area.commands.done.trigger()
    waits.settle()
    grab(main_window, "facilitate-overrun.png")

    dialog = area.open_editor(copy=True)
    waits.exposed(dialog)
    dialog.segment_list.setCurrentRow(2)
    dialog.segment_form.prompt_list.setCurrentRow(0)
    waits.settle()
    grab(dialog, "facilitate-editor.png")
    dialog.reject()
    area.shutdown()
    return shots
