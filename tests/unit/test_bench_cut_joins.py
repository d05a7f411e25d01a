"""bench/cut_joins.py: where two finals meet without a sentence ending, read against what
was said (#10), so a cut phrase read as two sentences can be counted."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from bench.cut_joins import joins

TRUTH = "Welcome back everyone. Look at your own team. Take a moment, I think, to rest."


def _joins(finals: list[str], cuts: list[bool]) -> list[dict[str, Any]]:
    return joins(SimpleNamespace(cuts=cuts), finals, TRUTH)  # type: ignore[arg-type]


def test_each_join_after_a_final_that_ends_no_sentence_is_read_against_the_truth() -> None:
    finals = ["welcome back", "everyone", "Look at your own team", "Take a moment,", "I think"]
    finals.append("to rest.")
    found = _joins(finals, [True, False, True, True, True, False])
    assert [(j["ended_by"], j["verdict"], j["begins"]) for j in found] == [
        ("cut", "continues", "lower"),  # welcome back | everyone
        ("pause", "sentence", "Capital"),  # everyone | Look: the full stop is missing
        ("cut", "sentence", "Capital"),  # team | Take: the capital is right, the stop missing
        ("cut", "capital", "Capital"),  # moment, | I
        ("cut", "continues", "lower"),  # I think | to rest
    ]
    assert found[2]["heard"] == "at your own team | Take a moment,"
    assert found[2]["said"] == "at your own team. Take a moment, I"


def test_a_cut_phrase_read_as_two_sentences_is_told_from_a_sentence_that_ended() -> None:
    found = _joins(["Look at your", "Own team.", "Take a moment."], [True, False, False])
    assert [(j["verdict"], j["begins"]) for j in found] == [("continues", "Capital")]
