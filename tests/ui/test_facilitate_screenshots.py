"""Screenshots of the Facilitate area, the mini window and the plan editor.

They go to a temporary folder, or to the folder named by
``COMPANION_SCREENSHOTS`` (the docs' pictures are made with
``COMPANION_SCREENSHOTS=docs/screenshots pytest tests/ui/test_facilitate_screenshots.py``).
Each is taken with ``grab()`` at a realistic size and checked to be that size.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtGui import QImage
from pytestqt.qtbot import QtBot

from companion.clock import ManualClock
from ui.facilitation.area import FacilitateArea
from ui.main_window import MainWindow

MIN = 60.0


def _folder(tmp_path: Path) -> Path:
    wanted = os.environ.get("COMPANION_SCREENSHOTS")
    folder = Path(wanted) if wanted else tmp_path
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _saved(path: Path, size: tuple[int, int]) -> None:
    image = QImage(str(path))
    assert not image.isNull(), path
    assert (image.width(), image.height()) == size


def test_screenshots(qtbot: QtBot, main_window: MainWindow, tmp_path: Path) -> None:
    folder = _folder(tmp_path)
    clock = ManualClock()
    area = FacilitateArea(clock=clock)
    main_window.resize(1000, 700)
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
    qtbot.waitUntil(lambda: area.prompts.keys() == ["2:0"])
    qtbot.wait(50)  # let the layout settle before grabbing
    path = folder / "facilitate-area.png"
    assert main_window.grab().save(str(path))
    _saved(path, (1000, 700))

    area.commands.mini.trigger()
    mini = area.mini
    assert mini is not None
    qtbot.waitExposed(mini)
    qtbot.wait(50)
    path = folder / "facilitate-mini.png"
    assert mini.grab().save(str(path))
    _saved(path, (mini.width(), mini.height()))
    mini.close()

    # Time runs out: the overrun offer.
    clock.advance(16 * MIN)
    area.driver.tick()
    for _ in area.prompts.cards()[:-1]:
        area.commands.done.trigger()
    qtbot.wait(50)
    path = folder / "facilitate-overrun.png"
    assert main_window.grab().save(str(path))
    _saved(path, (1000, 700))

    dialog = area.open_editor(copy=True)
    qtbot.waitExposed(dialog)
    dialog.segment_list.setCurrentRow(2)
    dialog.segment_form.prompt_list.setCurrentRow(0)
    qtbot.wait(50)
    path = folder / "facilitate-editor.png"
    assert dialog.grab().save(str(path))
    _saved(path, (dialog.width(), dialog.height()))
    dialog.reject()
    area.shutdown()
