"""Try the Turns area in demo mode, or make the screenshot in docs/screenshots/.

    python -m ui.turns.demo                 the main window with a Turns tab, on a clock
                                            60 times faster (COMPANION_DEMO_SPEED sets it)
    python -m ui.turns.demo --screenshot docs/screenshots/turns.png [--minute 10.5]

The first opens the app with its Turns area in demo mode: paste eight names,
press "Simulate discussion" and watch a 20-minute discussion in 20 seconds.
The second runs the same discussion offscreen, in a throwaway Companion home,
up to ``--minute`` and saves a picture of the window at 1000×700.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from companion.clock import Clock
    from ui.main_window import MainWindow
    from ui.turns.area import TurnsArea

DEFAULT_SPEED = 60.0


def _window(speed: float, clock: Clock | None = None) -> tuple[MainWindow, TurnsArea]:
    """The app's main window with a Turns area in demo mode (as ``ui.app`` would add it)."""
    from companion.store.database import open_database
    from ui.adapter import CoreBridge
    from ui.main_window import MainWindow
    from ui.settings.store import SettingsStore
    from ui.turns.area import TurnsArea
    from ui.turns.driver import TurnsDriver

    store = SettingsStore()
    bridge = CoreBridge()
    window = MainWindow(store, bridge)  # as ui.app.build_window makes it
    bridge.setParent(window)
    store.setParent(window)
    db = open_database()  # this demo starts the app, so it opens the database
    driver = TurnsDriver(
        db,
        store=store,
        bridge=bridge,
        clock=clock,
        demo=speed,
        autotick=clock is None,
        parent=window,
    )
    area = TurnsArea(driver)
    window.add_area(area, "&Turns", "Ctrl+3")
    window.show_area(area)
    return window, area


def run_demo(speed: float) -> int:
    """Open the main window with the Turns area in demo mode."""
    from ui.app import create_application

    app = create_application(sys.argv[:1])
    window, area = _window(speed)
    window.show()
    code = app.exec()
    area.driver.db.close()
    return code


def screenshot(path: Path, minute: float, size: tuple[int, int] = (1000, 700)) -> Path:
    """Run the simulated discussion offscreen up to ``minute`` and save the window."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["COMPANION_HOME"] = tempfile.mkdtemp(prefix="companion-shot-")
    from PySide6.QtWidgets import QApplication

    from companion.clock import ManualClock, ScaledClock
    from companion.turns.demo import SAMPLE_NAMES
    from companion.turns.roster_import import parse_pasted
    from ui.app import create_application

    app = create_application(sys.argv[:1])
    wall = ManualClock()
    window, area = _window(DEFAULT_SPEED, ScaledClock(DEFAULT_SPEED, base=wall))
    from companion.store.db import ensure_group

    driver = area.driver
    driver.use_group(ensure_group(driver.db, driver.programme_id, "Breakout group 3"))
    driver.roster.add_many(parse_pasted("\n".join(SAMPLE_NAMES)))
    window.resize(*size)
    window.show()
    driver.simulate()
    while driver.simulation is not None:
        if driver.session.stats.elapsed >= minute * 60:
            break
        wall.advance(1 / DEFAULT_SPEED)  # one second of discussion a tick
        driver.tick()
        app.processEvents()
    ids = driver.roster.ids
    driver.raise_hand(ids[5])
    driver.raise_hand(ids[2])
    area.table.select_member(ids[6])
    QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(path)):
        raise SystemExit(f"Could not save the screenshot to {path}.")
    driver.shutdown()
    driver.db.close()
    window.close()
    return path


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ui.turns.demo", description=__doc__)
    parser.add_argument("--screenshot", metavar="PNG", default=None)
    parser.add_argument("--minute", type=float, default=10.5, help="how far into the discussion")
    args = parser.parse_args(argv)
    if args.screenshot:
        print(screenshot(Path(args.screenshot), args.minute))
        return 0
    from companion.turns.demo import demo_speed

    return run_demo(demo_speed() or DEFAULT_SPEED)


if __name__ == "__main__":
    sys.exit(main())
