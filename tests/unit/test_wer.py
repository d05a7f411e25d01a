"""Word error rate: hand-computed cases."""

from __future__ import annotations

import pytest

from companion.bench.wer import (
    WordErrors,
    align,
    matched_pairs,
    normalise,
    number_words,
    ordinal_words,
    wer,
    word_errors,
)


def test_identical_texts_differing_only_in_case_and_punctuation_score_zero() -> None:
    assert wer("Hello, world! How are you?", "hello world how are you") == 0.0


def test_one_substitution_in_four_words_is_a_quarter() -> None:
    errors = word_errors("the cat sat down", "the cat sit down")
    assert errors == WordErrors(4, 4, 1, 0, 0)
    assert errors.rate == 0.25


def test_deletion_and_insertion_are_counted_separately() -> None:
    # reference: a b c d e (5 words); hypothesis drops "c" and adds "f" at the end.
    errors = word_errors("a b c d e", "a b d e f")
    assert (errors.substitutions, errors.deletions, errors.insertions) == (0, 1, 1)
    assert errors.rate == pytest.approx(2 / 5)


def test_hand_computed_mixed_case() -> None:
    # ref: the cat sat on the mat (6); hyp: the cat sit on mat mat mat (7)
    # the=the, cat=cat, sat→sit (S), on=on, the→mat (S), mat=mat, +mat (I): 3 edits.
    errors = word_errors("The cat sat on the mat.", "the cat sit on mat mat mat")
    assert errors.errors == 3
    assert errors.rate == pytest.approx(3 / 6)


def test_everything_wrong_and_extra_words_can_exceed_one() -> None:
    assert wer("yes", "no no no") == pytest.approx(3.0)


def test_empty_texts() -> None:
    assert wer("", "") == 0.0
    assert wer("two words", "") == 1.0
    assert word_errors("", "extra").insertions == 1


def test_numbers_and_number_words_are_the_same_words() -> None:
    assert normalise("We split into 10 groups of 8.") == (
        ["we", "split", "into", "ten", "groups", "of", "eight"]
    )
    assert wer("twenty-one people came", "21 people came") == 0.0
    assert wer("one hundred", "100") == 0.0
    assert wer("it grew by 2.5%", "it grew by two point five percent") == 0.0
    assert wer("the 3rd session", "the third session") == 0.0


def test_number_words() -> None:
    assert number_words(0) == "zero"
    assert number_words(13) == "thirteen"
    assert number_words(40) == "forty"
    assert number_words(99) == "ninety nine"
    assert number_words(100) == "one hundred"
    assert number_words(305) == "three hundred and five"
    assert number_words(1500) == "one thousand five hundred"
    assert ordinal_words(1) == "first"
    assert ordinal_words(20) == "twentieth"
    assert ordinal_words(22) == "twenty second"
    with pytest.raises(ValueError):
        number_words(-1)


def test_apostrophes_hyphens_and_spelling() -> None:
    assert normalise("Don\u2019t—stop; it's 'fine'") == ["don't", "stop", "it's", "fine"]
    assert normalise("well-being") == ["well", "being"]
    # "programme" and "program" are one word; the possessive "organisation's" is not mapped.
    assert wer("The organisation's programme", "the organization's program") == pytest.approx(1 / 3)
    assert (
        wer("our organisation changed its behaviour", "our organization changed its behavior") == 0
    )


def test_alignment_prefers_matches_and_marks_gaps() -> None:
    assert align(["a", "b", "c"], ["a", "c"]) == [(0, 0), (1, None), (2, 1)]
    assert align(["a"], ["x", "a"]) == [(None, 0), (0, 1)]
    assert matched_pairs(["a", "b", "c"], ["a", "x", "c"]) == [(0, 0), (2, 2)]


def test_totals_add_up() -> None:
    total = word_errors("a b", "a c") + word_errors("d e f", "d e f g")
    assert total == WordErrors(5, 6, 1, 0, 1)
    assert total.rate == pytest.approx(2 / 5)
