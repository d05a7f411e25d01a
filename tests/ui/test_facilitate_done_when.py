"""The issue's "done when", tried as a new user would, with the clock sped up.

Open Companion, go to Facilitate, pick webinar 2, start it, and see the
check-in prompts, the core question and "who have we not heard from" at the
right times, then finish with the closing prompts. The area's own timer does
the ticking; the test only moves the (fake) clock on.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlite_utils import Database

from companion.clock import ManualClock
from companion.facilitation.events import RunState
from companion.facilitation.record import run_review
from companion.store.database import open_database
from companion.workshop.coordinator import Workshop
from ui.facilitation.area import FacilitateArea
from ui.main_window import MainWindow

MIN = 60.0


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    db = open_database(tmp_path / "companion.db")
    yield db
    db.close()


def test_webinar_two_from_check_in_to_the_closing_prompts(
    qtbot: QtBot, main_window: MainWindow, database: Database
) -> None:
    clock = ManualClock()
    area = FacilitateArea(clock=clock, workshop=Workshop(database))
    area.driver.set_tick_interval(5)
    main_window.resize(1000, 700)
    main_window.add_area(area, "&Facilitate", "Ctrl+2")
    main_window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is main_window)

    # Ctrl+2 shows the area; pick webinar 2 by what the list says; move on when time is up.
    qtbot.keyClick(main_window, Qt.Key.Key_2, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: main_window.tabs.currentWidget() is area)
    area.plan_combo.setCurrentIndex(
        area.plan_combo.findText("Webinar 2", Qt.MatchFlag.MatchStartsWith)
    )
    assert area.timeline.item(2).text() == "0:35  Core questions · 25 min"
    area.auto_check.setChecked(True)
    qtbot.mouseClick(area.start_button, Qt.MouseButton.LeftButton)
    due: dict[str, float] = {}
    area.driver.signals.prompt_due.connect(lambda e: due.setdefault(e.title, e.at / MIN))

    def at(minutes: float) -> list[str]:
        """Move the clock to ``minutes`` into the webinar; the titles of the cards showing."""
        with qtbot.waitSignal(area.driver.status, timeout=2000):
            clock.now = minutes * MIN
        return [card.title.text() for card in area.prompts.cards()]

    def done_with_all() -> None:
        for card in area.prompts.cards():
            qtbot.mouseClick(card.done_button, Qt.MouseButton.LeftButton)

    assert at(1) == ["Captions and IT help"]
    done_with_all()

    # The check-in prompts, at 25 minutes and not before.
    assert "Names, and how to say them" not in at(24.98)
    shown = at(25)
    assert area.now.segment_label.text() == "▶ Now: Check-in"
    assert {"Names, and how to say them", "Pronouns, if people wish"} <= set(shown)
    assert "Access needs" in at(27)
    assert {"The chat and side conversations", "It is fine to pass"} <= set(at(30))
    done_with_all()

    # The core questions, large, at 35 minutes.
    at(35)
    assert area.now.segment_label.text() == "▶ Now: Core questions"
    assert area.now.question_heading.text() == "Core questions"
    assert "What does inclusive leadership mean to you" in area.now.question_label.text()
    assert area.now.question_label.font().pointSizeF() >= 18

    # "Who have we not heard from?" ten minutes into the discussion.
    assert "Who have we not heard from?" not in at(44.98)
    assert "Who have we not heard from?" in at(45)
    done_with_all()

    # The closing prompts: agree the notes at 1:30, check out at 1:40.
    assert "Agree what goes in the notes" in at(90)
    assert area.now.segment_label.text() == "▶ Now: Agree the notes"
    assert "Credit the person whose idea it was" in at(96)
    done_with_all()
    assert {"Check out", "What happens next"} <= set(at(102))
    assert area.now.segment_label.text() == "▶ Now: Check-out and plenary"

    # Two hours: the run finishes by itself and says so.
    at(120)
    assert area.driver.state == RunState.FINISHED
    assert area.now.segment_label.text() == "The run is finished. Its record is kept."

    assert due["Names, and how to say them"] == 25
    assert due["Who have we not heard from?"] == 45
    assert due["Agree what goes in the notes"] == 90
    assert due["Check out"] == 100
    run_id = area.driver.run_id
    assert run_id is not None
    stored = run_review(database, run_id)
    assert stored["state"] == "finished"
    assert len(stored["segments"]) == 7
    assert {p["outcome"] for p in stored["prompts"]} == {"done", "expired"}
    area.shutdown()


def test_demo_mode_runs_webinar_two_in_seconds(
    qtbot: QtBot, monkeypatch: pytest.MonkeyPatch, database: Database
) -> None:
    """COMPANION_DEMO_SPEED=3600 (an hour a second): the whole webinar in about two seconds."""
    monkeypatch.setenv("COMPANION_DEMO_SPEED", "3600")
    area = FacilitateArea(workshop=Workshop(database))
    qtbot.addWidget(area)
    area.show()
    qtbot.waitExposed(area)
    assert "3600 times faster" in area.notice_label.text()
    due: dict[str, float] = {}
    area.driver.signals.prompt_due.connect(lambda e: due.setdefault(e.title, e.at / MIN))
    area.auto_check.setChecked(True)
    area.select_plan("webinar-2")
    area.commands.start.trigger()
    qtbot.waitUntil(lambda: area.driver.state == RunState.FINISHED, timeout=10_000)
    assert due["Names, and how to say them"] == pytest.approx(25)
    assert due["Who have we not heard from?"] == pytest.approx(45)
    assert due["Check out"] == pytest.approx(100)
    area.shutdown()
