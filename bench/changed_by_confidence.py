"""Which shown words get changed: a policy-bench run's shown words by whisper's probability.

Used by bench/captions_policy.py ``--by-confidence``. Each word is followed
from the partial that first shows it, through the partials that keep it on
screen, to the final that keeps it or the caption that replaces it (the
display as companion/bench/flicker.py counts it), and binned by the
probability whisper gave it when it was first shown.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from companion.bench.flicker import _normal
from companion.bench.wer import matched_pairs

BINS = (0.0, 0.6, 0.8, 0.9, 0.95, 0.98, 1.01)  # lower edges of the probability bins


def _bin(confidence: float) -> int:
    return max(i for i, low in enumerate(BINS[:-1]) if confidence >= low)


def tally(captions: Sequence[dict[str, Any]], counts: list[list[int]]) -> None:
    """Add one file's shown words to ``counts[bin] = [shown, changed]``."""
    tail: list[tuple[str, float, float]] = []  # on screen: (word, start, first probability)

    def changed(words: list[tuple[str, float, float]]) -> None:
        for _w, _s, p in words:
            counts[_bin(p)][1] += 1

    for caption in captions:
        words = [
            (n, float(w[1]), float(w[3] if len(w) > 3 and w[3] is not None else 0.0))
            for w in caption["words"]
            if (n := _normal(str(w[0])))
        ]
        if caption["kind"] == "final":
            end = max((float(w[2]) for w in caption["words"]), default=0.0)
            covered = [t for t in tail if t[1] < end]
            kept = {i for i, _ in matched_pairs([t[0] for t in covered], [w[0] for w in words])}
            changed([t for i, t in enumerate(covered) if i not in kept])
            tail = [t for t in tail if t[1] >= end]
            continue
        pairs = matched_pairs([t[0] for t in tail], [w[0] for w in words])
        kept_old = {i for i, _ in pairs}
        changed([t for i, t in enumerate(tail) if i not in kept_old])
        carried = {j: tail[i] for i, j in pairs}
        new_tail = []
        for j, word in enumerate(words):
            if j in carried:
                new_tail.append(carried[j])
            else:
                counts[_bin(word[2])][0] += 1
                new_tail.append(word)
        tail = new_tail
    changed(tail)


def report(counts: list[list[int]]) -> str:
    """One line per bin: words first shown at that probability, and how many changed."""
    lines = []
    for i, (shown, changed) in enumerate(counts):
        if shown:
            lines.append(
                f"    p {BINS[i]:.2f}-{min(BINS[i + 1], 1.0):.2f}: shown {shown}, "
                f"changed {changed} ({changed / shown:.0%})"
            )
    return "\n".join(lines)
