"""Plan and deck files: loading, and problems that name the file, line, field and why."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from companion.facilitation.deck import load_deck
from companion.facilitation.loader import load_plan, parse_plan
from companion.facilitation.model import Deck, Plan, PlanPrompt, Segment, SegmentKind
from companion.facilitation.offsets import Anchor, Offset
from companion.facilitation.problems import PlanError, Problem
from companion.facilitation.writer import plan_to_toml

DECK = load_deck()

GOOD = """\
title = "Team check-in"

[[segments]]
title = "Arrive"
kind = "check-in"
minutes = 5
prompts = [
    { at = "start", prompt = "names" },
    { at = "end-1", text = "Say what happens next." },
]

[[segments]]
title = "Talk"
kind = "discussion"
minutes = 10
questions = ["What went well?"]
prompts = [{ at = "halfway", prompt = "not-heard" }]
"""


def _problems(text: str, file: str = "mine.toml") -> list[Problem]:
    with pytest.raises(PlanError) as caught:
        parse_plan(text, DECK, name="mine", file=file)
    return list(caught.value.problems)


def _one(text: str) -> Problem:
    problems = _problems(text)
    assert len(problems) == 1, [str(p) for p in problems]
    return problems[0]


def test_a_good_plan_loads() -> None:
    plan = parse_plan(GOOD, DECK, name="mine")
    assert plan.title == "Team check-in"
    assert [s.kind for s in plan.segments] == [SegmentKind.CHECK_IN, SegmentKind.DISCUSSION]
    names, own = plan.segments[0].prompts
    assert (names.ref, names.title) == ("names", "Names, and how to say them")
    assert own.own and own.title == "Say what happens next" and own.at == Offset(Anchor.END, -1)
    assert plan.segments[1].questions == ("What went well?",)
    assert plan.total_minutes == 15


@pytest.mark.parametrize(
    ("change", "line", "where", "why"),
    [
        (("minutes = 5", "minutes = 0"), 6, 'segment 1 "Arrive", field "minutes"', "more than 0"),
        (("minutes = 5", "minutes = -4"), 6, 'field "minutes"', "not -4"),
        (("minutes = 5", 'minutes = "five"'), 6, 'field "minutes"', "number of minutes"),
        (("minutes = 10", "minutes = 9999"), 15, 'segment 2 "Talk"', "at most 600"),
        (
            ('prompt = "not-heard"', 'prompt = "not-herd"'),
            17,
            'segment 2 "Talk", prompt 1 "not-herd", field "prompt"',
            'there is no prompt "not-herd" in the prompt deck; did you mean "not-heard"?',
        ),
        (
            ('at = "end-1"', 'at = "start+6"'),
            9,
            'segment 1 "Arrive", prompt 2, field "at"',
            '"start+6" is after the end of this 5-minute segment',
        ),
        (('at = "end-1"', 'at = "end-6"'), 9, 'field "at"', "before the start"),
        (('at = "end-1"', 'at = "soon"'), 9, 'field "at"', "not a time Companion understands"),
        (('kind = "check-in"', 'kind = "chat"'), 5, 'field "kind"', '"chat" is not a kind'),
        (("minutes = 5", "minuts = 5"), 6, 'field "minuts"', 'did you mean "minutes"?'),
        (
            ('{ at = "start", prompt = "names" }', '{ at = "start" }'),
            8,
            'segment 1 "Arrive", prompt 1',
            "needs prompt =",
        ),
        (
            ('prompt = "names"', 'prompt = "names", text = "Hi"'),
            8,
            "prompt 1",
            "not both",
        ),
        (('title = "Talk"', "title = 7"), 13, 'segment 2, field "title"', "text in quotes"),
    ],
)
def test_each_mistake_is_named_with_its_line_field_and_reason(
    change: tuple[str, str], line: int, where: str, why: str
) -> None:
    old, new = change
    assert old in GOOD
    problem = _one(GOOD.replace(old, new, 1))
    assert problem.file == "mine.toml"
    assert problem.line == line
    assert where in problem.where
    assert why in problem.why
    assert str(problem).startswith(f"mine.toml, line {line}: ")


def test_missing_fields_are_placed_at_their_table() -> None:
    problem = _one(GOOD.replace('kind = "discussion"\n', ""))
    assert (problem.line, problem.path) == (12, ("segments", 1, "kind"))
    assert "is missing" in problem.why
    problem = _one(GOOD.replace('title = "Team check-in"\n', ""))
    assert problem.path == ("title",) and problem.line == 1


def test_every_problem_is_reported_in_line_order() -> None:
    text = GOOD.replace("minutes = 5", "minutes = 0").replace('"not-heard"', '"nobody"')
    text = text.replace('title = "Team check-in"', 'titel = "Team check-in"')
    lines = [p.line for p in _problems(text)]
    assert lines == [1, 6, 17]  # "titel" (not also a missing "title"), minutes, the prompt


def test_a_plan_without_segments_says_how_to_add_them() -> None:
    problem = _one('title = "Empty"\n')
    assert "[[segments]]" in problem.why


def test_toml_syntax_errors_carry_line_and_column() -> None:
    problem = _one(GOOD.replace('title = "Talk"', 'title = "Talk'))
    assert problem.line == 13
    assert "not valid TOML" in problem.why and "column" in problem.why


def test_files_that_cannot_be_read_say_why(tmp_path: Path) -> None:
    with pytest.raises(PlanError, match="no such file"):
        load_plan(tmp_path / "missing.toml", DECK)
    with pytest.raises(PlanError, match="is a folder"):
        load_plan(tmp_path, DECK)
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'title = "ok"\ndescription = "caf\xe9"\n')
    with pytest.raises(PlanError) as caught:
        load_plan(latin, DECK)
    assert caught.value.problems[0].line == 2
    assert "UTF-8" in str(caught.value)


def test_a_byte_order_mark_is_fine(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_plan(path, DECK).name == "bom"


def test_the_deck_is_checked_the_same_way(tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    path.write_text(
        'title = "D"\n[[prompts]]\nid = "a"\nmoment = "opening"\ntitle = "A"\ntext = "x"\n'
        '[[prompts]]\nid = "a"\nmoment = "whenever"\ntitle = "B"\n'
    )
    with pytest.raises(PlanError) as caught:
        load_deck(path)
    found = {(p.line, p.path[-1]) for p in caught.value.problems}
    assert found == {(8, "id"), (9, "moment"), (7, "text")}


# Generated plans.

OWN_TEXT = (
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def plans(draw: st.DrawFn) -> Plan:
    segments = []
    for _ in range(draw(st.integers(1, 5))):
        minutes = draw(st.integers(1, 120))
        prompts = []
        for _ in range(draw(st.integers(0, 4))):
            anchor = draw(st.sampled_from(Anchor))
            if anchor == Anchor.HALFWAY:
                shift = draw(st.integers(-minutes, minutes)) / 2
            else:
                shift = draw(st.integers(0, 2 * minutes)) / 2
                shift = -shift if anchor == Anchor.END else shift
            offset = Offset(anchor, shift)
            if draw(st.booleans()):
                deck_prompt = draw(st.sampled_from(DECK.prompts))
                prompt = PlanPrompt(
                    offset, deck_prompt.title, deck_prompt.text, deck_prompt.id, deck_prompt.moment
                )
            else:
                prompt = PlanPrompt(offset, draw(OWN_TEXT), draw(OWN_TEXT))
            prompts.append(prompt)
        segments.append(
            Segment(
                title=draw(OWN_TEXT),
                kind=draw(st.sampled_from(SegmentKind)),
                minutes=float(minutes),
                questions=tuple(draw(st.lists(OWN_TEXT, max_size=3))),
                guide=draw(st.one_of(st.just(""), OWN_TEXT)),
                prompts=tuple(prompts),
            )
        )
    return Plan(
        name="generated",
        title=draw(OWN_TEXT),
        segments=tuple(segments),
        description=draw(st.one_of(st.just(""), OWN_TEXT)),
        break_every=draw(st.one_of(st.none(), st.integers(1, 120).map(float))),
    )


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(plans())
def test_generated_plans_survive_writing_and_loading(plan: Plan) -> None:
    assert parse_plan(plan_to_toml(plan), DECK, name="generated") == plan


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(plans(), st.data())
def test_a_fault_in_a_generated_plan_is_found_on_its_line(plan: Plan, data: st.DataObject) -> None:
    index = data.draw(st.integers(0, len(plan.segments) - 1))
    segment = plan.segments[index]
    fault = data.draw(st.sampled_from(["zero", "negative", "late", "unknown"]))
    if fault in ("zero", "negative"):
        minutes = 0.0 if fault == "zero" else -data.draw(st.integers(1, 50)) * 1.0
        broken = Segment(segment.title, segment.kind, minutes, segment.questions, segment.guide)
        field, path = "minutes", ("segments", index, "minutes")
    else:
        if fault == "late":
            extra = PlanPrompt(Offset(Anchor.START, segment.minutes + 1), "Late", "Too late.")
            field = "at"
        else:
            deck_prompt = DECK.prompts[0]
            extra = PlanPrompt(Offset(Anchor.START), "X", "x", "no-such-prompt", deck_prompt.moment)
            field = "prompt"
        broken = Segment(
            segment.title,
            segment.kind,
            segment.minutes,
            segment.questions,
            segment.guide,
            (*segment.prompts, extra),
        )
        path = ("segments", index, "prompts", len(segment.prompts), field)
    segments = list(plan.segments)
    segments[index] = broken
    text = plan_to_toml(Plan(plan.name, plan.title, tuple(segments), plan.description))
    problems = _problems(text)
    assert [p.path for p in problems] == [path]
    line = problems[0].line
    assert line is not None
    assert f"{field} =" in text.split("\n")[line - 1]
    assert f"segment {index + 1}" in problems[0].where


def test_a_deck_of_its_own_can_be_used() -> None:
    deck = Deck("Mine", (DECK.prompts[0],))
    with pytest.raises(PlanError, match='no prompt "names"'):
        parse_plan(GOOD, deck, name="x")
