"""Demo mode as a new user tries it: paste eight names, simulate, see nudges, keep a summary."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.clock import ManualClock, ScaledClock
from companion.store.database import open_database
from companion.turns.demo import SAMPLE_NAMES
from companion.turns.summary import load_summaries
from ui.turns.area import TurnsArea
from ui.turns.driver import TurnsDriver


@pytest.fixture
def db(tmp_path: Path) -> Iterator[Database]:
    database = open_database(tmp_path / "demo.db")
    yield database
    database.close()


def test_demo_mode_reads_the_environment(
    qtbot: QtBot, db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COMPANION_DEMO_SPEED", "60")
    area = TurnsArea(TurnsDriver(db, autotick=False))
    qtbot.addWidget(area)
    assert area.driver.demo_speed == 60 and isinstance(area.driver.clock, ScaledClock)
    assert area.simulate_button is not None and area.driver.timer.interval() == 100
    assert area.driver.config.max_gap == 30 * 60  # a clock jump is still 30 wall seconds
    monkeypatch.delenv("COMPANION_DEMO_SPEED")
    plain = TurnsArea(TurnsDriver(db, autotick=False))
    qtbot.addWidget(plain)
    assert plain.driver.demo_speed is None and plain.simulate_button is None
    area.driver.shutdown()
    plain.driver.shutdown()


def test_new_user_flow(qtbot: QtBot, db: Database) -> None:
    wall = ManualClock()
    area = TurnsArea(TurnsDriver(db, clock=ScaledClock(60, base=wall), demo=60, autotick=False))
    qtbot.addWidget(area)
    area.resize(1000, 700)
    area.show()
    qtbot.waitExposed(area)
    assert area.stack.currentWidget() is area.empty

    # Add eight members by pasting names.
    qtbot.mouseClick(area.empty.paste_button, Qt.MouseButton.LeftButton)
    paste = area.paste_dialog
    assert paste is not None
    qtbot.waitExposed(paste)
    paste.text.setPlainText("\n".join(SAMPLE_NAMES))
    qtbot.mouseClick(paste.add_button, Qt.MouseButton.LeftButton)
    assert len(area.driver.roster) == 8 and area.stack.currentWidget() is area.table
    assert area.message.text() == "Added 8 members."

    # Run the simulated 20-minute discussion on the fast clock (21 wall seconds).
    assert area.simulate_button is not None
    qtbot.mouseClick(area.simulate_button, Qt.MouseButton.LeftButton)
    assert "Simulating a 20-minute discussion in about 20 seconds" in area.message.text()
    seen_nudges: set[str] = set()
    flagged: set[str] = set()
    while area.driver.simulation is not None:
        wall.advance(0.1)
        area.driver.tick()
        seen_nudges |= {n.words for n in area.nudge_list.nudges()}
        flagged |= {r.label for r in area.model.rows() if r.quiet}
    assert "simulated discussion has ended" in area.message.text()

    # The quiet members were flagged, and a nudge used their name.
    quiet = {SAMPLE_NAMES[6], SAMPLE_NAMES[7]}
    assert quiet <= flagged
    assert any(SAMPLE_NAMES[7] in words for words in seen_nudges)
    rows = {r.label: r for r in area.model.rows()}
    assert rows[SAMPLE_NAMES[7]].status == "– Passed"
    assert "↑ High share" in rows[SAMPLE_NAMES[3]].status
    assert "equality 0." in area.group_summary.text()

    # Keep a participation summary at the end.
    dialog = area.open_keep()
    assert dialog is not None
    dialog.accept()
    assert area.driver.session_id is not None
    [summary] = load_summaries(db, area.driver.session_id)
    assert len(summary.members) == 8 and 1190 <= summary.elapsed_seconds <= 1215
    area.driver.shutdown()


def test_simulation_needs_four_members(qtbot: QtBot, db: Database) -> None:
    area = TurnsArea(TurnsDriver(db, clock=ManualClock(), demo=60, autotick=False))
    qtbot.addWidget(area)
    assert area.driver.simulate() is None
    assert "at least four members" in area.message.text()
    area.driver.shutdown()
