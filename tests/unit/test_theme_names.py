"""Look-alike theme names (#13): what the lead is offered to join, and what not."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion.facilitation.model import Plan, PlanTheme, Segment, SegmentKind
from companion.notes.model import Theme
from companion.notes.notebook import Notebook
from companion.notes.theme_names import look_alike, name_key, near_duplicates
from companion.store.database import open_database
from companion.workshop.coordinator import Workshop


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Voice & inclusion", "Voice and inclusion"),
        ("Voice and Inclusion", "voice-and-inclusion"),
        ("Barriers", "Barrier"),
        ("Hierarchy", "Hierarchies"),
        ("Psychological safety", "Psycological safety"),  # a letter missing
        ("Leadership", "Leadreship"),  # two letters swapped
        ("Power + privilege", "Power and privileges."),
    ],
)
def test_one_theme_written_two_ways_looks_alike(first: str, second: str) -> None:
    assert look_alike(first, second)


@pytest.mark.parametrize(
    ("first", "second"),
    [("Power", "Tower"), ("Trust", "Truth"), ("Race", "Pace"), ("Access", "Process"), ("", "")],
)
def test_different_themes_do_not(first: str, second: str) -> None:
    assert not look_alike(first, second)


def test_name_key_folds_case_ampersand_punctuation_and_plurals() -> None:
    assert name_key("  Voice & Inclusions! ") == "voice and inclusion"


def test_the_most_used_look_alike_comes_first() -> None:
    themes = [
        Theme(1, "a", 1, "Voice and inclusion"),
        Theme(2, "b", 1, "Trust"),
        Theme(3, "c", 1, "Voice & inclusion"),
        Theme(4, "d", 1, "voice and inclusions"),
    ]
    groups = near_duplicates(themes, {3: 5, 1: 2})
    assert [[t.id for t in group] for group in groups] == [[3, 1, 4]]


def test_a_plans_codebook_joins_the_programme_once(tmp_path: Path) -> None:
    book = Notebook(open_database(tmp_path / "c.db"))
    try:
        workshop = Workshop(book.db, book.notes)
        plan = Plan(
            "p",
            "Plan",
            (Segment("Round", SegmentKind.ROUND, 5),),
            series="Leadership",
            themes=(PlanTheme("Trust", "Saying it as it is", "#ff7f0e"), PlanTheme("Voice")),
        )
        programme = book.start_session("Leadership", "Webinar 1", "Group 1", ["Q"])[0]
        programme_id = book.programme_id(programme)
        book.themes.create(programme_id, "voice", "the group's own words")
        assert workshop.share_themes(plan) == ["Trust"]
        assert workshop.share_themes(plan) == []  # once only
        themes = {t.name: t for t in book.themes.in_programme(programme_id)}
        assert themes["voice"].description == "the group's own words"  # never overwritten
        assert (themes["Trust"].description, themes["Trust"].colour) == (
            "Saying it as it is",
            "#ff7f0e",
        )
    finally:
        book.close()


def test_a_plans_codebook_is_shown_written_and_read_back() -> None:
    from companion.facilitation.deck import load_deck
    from companion.facilitation.loader import parse_plan
    from companion.facilitation.render import plan_as_dict, plan_as_text
    from companion.facilitation.writer import data_to_toml, plan_data, plan_to_toml

    plan = Plan(
        "p",
        "Plan",
        (Segment("Round", SegmentKind.ROUND, 5),),
        themes=(PlanTheme("Voice and inclusion", "Who is heard", "#1f77b4"), PlanTheme("Trust")),
    )
    assert "  - Voice and inclusion: Who is heard" in plan_as_text(plan)  # `plans show`
    assert plan_as_dict(plan)["themes"][1] == {"name": "Trust", "description": "", "colour": ""}
    assert parse_plan(plan_to_toml(plan), load_deck(), name="p") == plan
    # The plan editor edits the plan's data and writes it the same way: themes kept.
    assert parse_plan(data_to_toml(plan_data(plan)), load_deck(), name="p").themes == plan.themes
