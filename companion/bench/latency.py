"""Caption latency per word: when did each spoken word first appear, and when final?

A pure function of a reference (the words of a file with their end times, from
an offline decode of the whole file) and the captions a stream emitted (each
with the moment it was shown, on the same clock as the audio: seconds since
the audio started). Each caption's words are lined up, by normalised text and
in order, against the reference words spoken around the caption's time span;
a reference word that lines up with an equal word of a caption was shown by it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from companion.bench.wer import matched_pairs, normalise

SLACK = 1.0
"""Seconds by which a caption's word times may differ from the reference's."""


@dataclass(frozen=True)
class TimedWord:
    """A word and where it is in the audio (seconds)."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class ShownCaption:
    """A caption as the person saw it: its kind, its words, and when it was shown."""

    kind: str  # "partial" or "final"
    words: tuple[TimedWord, ...]
    shown_at: float  # seconds since the start of the audio, on the same clock as word times


@dataclass(frozen=True)
class WordLatency:
    """One reference word: when it ended and how long until it was shown and final."""

    text: str
    end: float
    first_shown: float | None  # seconds from the word's end to its first appearance
    final: float | None  # seconds from the word's end to the final caption holding it


def _tokens(words: Sequence[TimedWord]) -> list[TimedWord]:
    """Split each word into its normalised tokens; each token keeps the word's times."""
    out: list[TimedWord] = []
    for word in words:
        out.extend(TimedWord(token, word.start, word.end) for token in normalise(word.text))
    return out


def word_latencies(
    reference: Sequence[TimedWord],
    captions: Sequence[ShownCaption],
    *,
    slack: float = SLACK,
) -> list[WordLatency]:
    """Latency of every reference token (a reference word like "21" gives two tokens).

    ``first_shown`` counts partials and finals; ``final`` only finals; either is
    None when no caption showed that word correctly. A caption only competes
    for reference words whose times overlap its own span widened by ``slack``,
    so a common word ("the") is not matched to a far-away occurrence.
    """
    ref = _tokens(reference)
    first_shown: list[float | None] = [None] * len(ref)
    final: list[float | None] = [None] * len(ref)
    for caption in sorted(captions, key=lambda c: c.shown_at):
        hyp = _tokens(caption.words)
        if not hyp:
            continue
        begin = min(w.start for w in hyp) - slack
        until = max(w.end for w in hyp) + slack
        window = [i for i, w in enumerate(ref) if w.end >= begin and w.start <= until]
        if not window:
            continue
        lo, hi = window[0], window[-1] + 1
        pairs = matched_pairs([w.text for w in ref[lo:hi]], [w.text for w in hyp])
        for i, _j in pairs:
            index = lo + i
            delay = caption.shown_at - ref[index].end
            shown = first_shown[index]
            if shown is None or delay < shown:
                first_shown[index] = delay
            if caption.kind == "final":
                done = final[index]
                if done is None or delay < done:
                    final[index] = delay
    return [
        WordLatency(word.text, word.end, first_shown[i], final[i]) for i, word in enumerate(ref)
    ]


def percentile(values: Sequence[float], q: float) -> float:
    """The ``q``-th percentile (0..100) with linear interpolation, like numpy's default."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100.0
    low = math.floor(position)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (position - low)
