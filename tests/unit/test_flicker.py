"""Shown partial words the final changed: the flicker figure of the benchmark."""

from __future__ import annotations

from companion.bench.flicker import changed_at_final, changed_by_final, changed_words


def _caption(kind: str, *words: tuple[str, float]) -> dict[str, object]:
    return {"kind": kind, "words": [[t, s, s + 0.3] for t, s in words]}


def test_words_the_final_keeps_are_not_counted_and_changed_ones_are() -> None:
    captions = [
        _caption("partial", ("our", 0.0), ("group", 0.4)),
        _caption("partial", ("our", 0.0), ("group", 0.4), ("think", 0.8)),  # same words again
        _caption("partial", ("our", 0.05), ("group", 0.4), ("thinks", 0.8), ("that", 1.2)),
        _caption("final", ("Our", 0.0), ("group", 0.4), ("thinks", 0.8), ("that,", 1.2)),
    ]
    assert changed_words(captions) == (1, 5)  # "think" was shown and then changed


def test_a_word_dropped_by_the_final_is_changed() -> None:
    captions = [_caption("partial", ("ten", 0.0), ("of", 0.3)), _caption("final", ("ten", 0.0))]
    assert changed_words(captions) == (1, 2)


def test_a_word_that_flickers_away_and_back_counts_each_time_a_reader_sees_it() -> None:
    captions = [
        _caption("partial", ("every", 0.0), ("purchase", 0.3)),
        _caption("partial", ("every", 0.0), ("purchases", 0.3)),  # "purchase" replaced
        _caption("partial", ("every", 0.0), ("purchase", 0.3), ("is", 0.7)),  # back again
        _caption("final", ("Every", 0.0), ("purchase", 0.3), ("is", 0.7)),
    ]
    assert changed_words(captions) == (2, 5)


def test_words_after_a_cut_wait_for_the_next_partial() -> None:
    captions = [
        _caption("partial", ("one", 0.0), ("two", 0.5), ("three", 2.0)),
        _caption("final", ("one", 0.0), ("two", 0.5)),  # cut inside speech at 0.8 s
        _caption("partial", ("three", 2.0), ("four", 2.4)),
        _caption("final", ("three", 2.0), ("four", 2.4)),
    ]
    assert changed_words(captions) == (0, 4)


def test_words_a_final_changed_before_the_partials_last_few_are_counted_apart() -> None:
    captions = [
        _caption("partial", ("our", 0.0), ("group", 0.4), ("thing", 0.8), ("that", 1.2)),
        _caption("final", ("Our", 0.0), ("grope", 0.4), ("thinks", 0.8), ("that", 1.2)),
    ]
    assert changed_by_final(captions, spared=2) == (1, 2)  # "group"; "thing" was in the last two
    assert changed_by_final(captions, spared=1) == (2, 3)


def test_words_changed_by_the_final_are_told_apart_from_those_partials_changed() -> None:
    captions = [
        _caption("partial", ("every", 0.0), ("purchase", 0.3)),
        _caption("partial", ("every", 0.0), ("purchases", 0.3)),  # a partial changes one
        _caption("final", ("Every", 0.0), ("purchase", 0.3), ("is", 0.7)),  # the final one
    ]
    assert changed_words(captions) == (2, 3)
    assert changed_at_final(captions) == 1
