"""The plan library: built-in plans, the user's own, and broken ones that harm nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.errors import CompanionError
from companion.facilitation.library import PlanLibrary, save_user_plan, user_plans_dir
from companion.facilitation.loader import load_plan

GOOD = """\
title = "My check-in"
[[segments]]
title = "Arrive"
kind = "check-in"
minutes = 5
prompts = [{ at = "start", prompt = "names" }]
"""


def test_user_plans_live_privately_in_the_data_folder(companion_home: Path) -> None:
    folder = user_plans_dir()
    assert folder == companion_home / "data" / "plans"
    assert folder.stat().st_mode & 0o777 == 0o700


def test_user_plans_appear_after_the_built_in_ones() -> None:
    (user_plans_dir() / "mine.toml").write_text(GOOD)
    library = PlanLibrary.load()
    names = [e.name for e in library.entries]
    assert names[:5] == [
        "webinar-1-introduction",
        "webinar-2-shared-understanding",
        "webinar-3-in-the-organisation",
        "webinar-4-leadership-support",
        "webinar-5-shared-findings",
    ]
    mine = library.find("mine")
    assert not mine.builtin and not mine.broken and mine.title == "My check-in"
    assert names[-1] == "mine"


def test_a_broken_user_plan_is_listed_with_its_reason_and_stops_nothing() -> None:
    folder = user_plans_dir()
    (folder / "broken.toml").write_text(GOOD.replace("minutes = 5", "minutes = 0"))
    (folder / "garbage.toml").write_bytes(b"\x00\xff not toml at all [[[")
    (folder / "empty.toml").write_text("")
    library = PlanLibrary.load()
    broken = {e.name: e for e in library.broken()}
    assert set(broken) == {"broken", "garbage", "empty"}
    assert broken["broken"].reason.startswith("broken.toml, line 5:")
    assert "more than 0 minutes" in broken["broken"].reason
    assert "UTF-8" in broken["garbage"].reason
    assert "segments" in broken["empty"].reason
    assert len(library.plans()) == 8  # every built-in plan still loads


def test_a_user_plan_may_not_take_a_built_in_name() -> None:
    (user_plans_dir() / "breakout-30.toml").write_text(GOOD)
    library = PlanLibrary.load()
    clash = [e for e in library.entries if e.name == "breakout-30" and not e.builtin]
    assert len(clash) == 1 and clash[0].broken
    assert "same name as a built-in plan" in clash[0].reason
    assert library.find("breakout-30").builtin


def test_find_by_name_start_or_title_and_say_what_exists() -> None:
    library = PlanLibrary.load()
    assert library.find("webinar-2").name == "webinar-2-shared-understanding"
    assert library.find("Webinar-2-Shared-Understanding.toml").name.startswith("webinar-2")
    assert library.find("1-2-4-all").name == "one-two-four-all"
    with pytest.raises(CompanionError, match="More than one plan starts with 'webinar'"):
        library.find("webinar")
    with pytest.raises(CompanionError, match=r"no plan called 'nothing'.*breakout-30"):
        library.find("nothing")


def test_a_broken_deck_breaks_plans_but_not_the_library(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import companion.facilitation.library as library_module

    bad = tmp_path / "deck.toml"
    bad.write_text("title = ")
    monkeypatch.setattr(
        library_module,
        "load_deck",
        lambda: __import__("companion.facilitation.deck", fromlist=["load_deck"]).load_deck(bad),
    )
    library = PlanLibrary.load()
    assert library.deck_problems
    assert library.plans() == []
    assert "no prompt" in library.broken()[0].reason


def test_save_user_plan_writes_a_private_file_that_loads_back() -> None:
    library = PlanLibrary.load()
    plan = library.find("breakout-30").plan
    assert plan is not None
    from dataclasses import replace

    path = save_user_plan(replace(plan, name="my-breakout", title="My breakout"))
    assert path == user_plans_dir() / "my-breakout.toml"
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = load_plan(path, library.deck)
    assert loaded == replace(plan, name="my-breakout", title="My breakout")


@pytest.mark.parametrize("name", ["", "has space", "../escape", "breakout-30", "-lead"])
def test_save_user_plan_refuses_unusable_or_built_in_names(name: str) -> None:
    plan = PlanLibrary.load().find("breakout-30").plan
    assert plan is not None
    from dataclasses import replace

    with pytest.raises(CompanionError):
        save_user_plan(replace(plan, name=name))
