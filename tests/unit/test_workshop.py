"""The workshop coordinator: where a plan run is kept, and what the followers hear."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database

from companion.store.database import open_database
from companion.store.db import DEFAULT_PROGRAMME, ensure_group, ensure_programme
from companion.turns.settings import TurnsSettings
from companion.workshop.coordinator import Workshop
from companion.workshop.events import RunEnded, RunStarted, WorkshopEvent


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[Workshop]:
    db: Database = open_database(tmp_path / "w.db")
    yield Workshop(db)
    db.close()


def test_a_plan_for_a_group_is_kept_in_todays_session_of_its_series(workshop: Workshop) -> None:
    first = workshop.place_for_plan("Leadership", "Webinar 2", "webinar-2", "Group 4")
    again = workshop.place_for_plan("Leadership", "Webinar 2", "webinar-2", "Group 4")
    other_group = workshop.place_for_plan("Leadership", "Webinar 2", "webinar-2", "Group 5")
    other_plan = workshop.place_for_plan("Leadership", "Webinar 3", "webinar-3", "Group 4")
    assert again == first
    assert (first.programme, first.session, first.group) == ("Leadership", "Webinar 2", "Group 4")
    assert other_group.session_id == first.session_id and other_group.group_id != first.group_id
    assert other_plan.session_id != first.session_id and other_plan.group_id == first.group_id
    rows = workshop.db.execute("SELECT name FROM groups ORDER BY id").fetchall()
    assert rows == [("Group 4",), ("Group 5",)]


def test_a_plan_with_no_series_goes_in_the_default_programme(workshop: Workshop) -> None:
    place = workshop.place_for_plan("  ", "Breakout", "breakout-30", "Group A")
    assert place.programme == DEFAULT_PROGRAMME
    # Turns opened on its own files its groups in the same programme, so a
    # group tracked before any plan ran meets the plan's group of that name.
    turns_group = ensure_group(
        workshop.db, ensure_programme(workshop.db, TurnsSettings().programme), "Group A"
    )
    assert turns_group == place.group_id


def test_followers_hear_a_run_start_and_the_one_it_replaces_end(workshop: Workshop) -> None:
    heard: list[WorkshopEvent] = []
    workshop.events.connect(heard.append)
    place = workshop.place_for_plan("S", "Webinar 1", "webinar-1", "Group 1")
    workshop.start_run(place, 7, "Webinar 1", ["What brought you here?", "What would help?"])
    later = workshop.place_for_plan("S", "Webinar 1", "webinar-1", "Group 2")
    workshop.start_run(later, 8, "Webinar 1", [])
    workshop.end_run()
    workshop.end_run()  # nothing running: nothing to say
    assert heard == [
        RunStarted(place, 7, "Webinar 1", ("What brought you here?", "What would help?")),
        RunEnded(place, 7),
        RunStarted(later, 8, "Webinar 1", ()),
        RunEnded(later, 8),
    ]
    assert workshop.place == later and workshop.run is None
