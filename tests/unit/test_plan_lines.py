"""Field paths to line numbers: the scanner behind every "line N" in a plan problem."""

from __future__ import annotations

import sys

from hypothesis import given, settings
from hypothesis import strategies as st

from companion.facilitation.toml_lines import line_of, value_lines

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TRICKY = '''\
# a comment with [[segments]] and = in it
title = "A [bracket] and a # hash"   # trailing comment
"quoted key" = 'literal # not a comment'
description = """
[[segments]]
still the description, with \\""" an escaped fence
"""
[meta]
a.b = 1
list = [
    1,   # one
    [2, 3],
    { x = "}" },
]

[[segments]]
title = "First"
prompts = [
    { at = "start", prompt = "names" },

    { at = "end-2", text = """oops""" },
]

[[segments]]
title = 'Second'
minutes = 1979-05-27T07:32:00Z

[[segments.prompts]]
at = "start"

[[segments.prompts]]
at = "end"
'''


def test_lines_of_a_tricky_document() -> None:
    tomllib.loads(TRICKY)  # the fixture really is valid TOML
    lines = value_lines(TRICKY)
    assert lines[("title",)] == 2
    assert lines[("quoted key",)] == 3
    assert lines[("description",)] == 4
    assert lines[("meta",)] == 8
    assert lines[("meta", "a", "b")] == 9
    assert lines[("meta", "list", 1)] == 12
    assert lines[("meta", "list", 2, "x")] == 13
    assert lines[("segments", 0)] == 16
    assert lines[("segments", 0, "title")] == 17
    assert lines[("segments", 0, "prompts", 0)] == 19
    assert lines[("segments", 0, "prompts", 1, "at")] == 21
    assert lines[("segments", 1, "title")] == 25
    assert lines[("segments", 1, "minutes")] == 26
    assert lines[("segments", 1, "prompts", 0, "at")] == 29
    assert lines[("segments", 1, "prompts", 1)] == 31


def test_a_missing_field_is_placed_at_its_table() -> None:
    lines = value_lines(TRICKY)
    assert line_of(lines, ("segments", 1, "kind")) == 24
    assert line_of(lines, ("segments", 0, "prompts", 1, "title")) == 21
    assert line_of(lines, ("nowhere",)) is None


@settings(max_examples=200)
@given(st.text(max_size=200))
def test_the_scanner_never_raises_on_any_text(text: str) -> None:
    value_lines(text)


@settings(max_examples=100)
@given(
    st.lists(
        st.tuples(
            st.from_regex(r"[a-z][a-z_]{0,8}", fullmatch=True),
            st.one_of(st.integers(), st.text(max_size=30), st.lists(st.integers(), max_size=3)),
        ),
        min_size=1,
        max_size=8,
        unique_by=lambda pair: pair[0],
    ),
    st.integers(0, 3),
)
def test_every_key_is_found_on_its_own_line(pairs: list[tuple[str, object]], blank: int) -> None:
    import json

    body = []
    for key, value in pairs:
        body += [""] * blank
        literal = json.dumps(value, ensure_ascii=False).replace(
            "\x7f", "\\u007f"
        )  # TOML: no raw DEL
        body.append(f"{key} = {literal}")
    text = "\n".join(body) + "\n"
    tomllib.loads(text)
    lines = value_lines(text)
    for key, _value in pairs:
        assert text.split("\n")[lines[(key,)] - 1].startswith(f"{key} =")
