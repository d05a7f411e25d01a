"""Shown partial words the final changed: the flicker figure of the benchmark."""

from __future__ import annotations

from companion.bench.flicker import changed_words


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
