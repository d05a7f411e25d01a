"""How much partial captions flicker: shown words that a reader then saw change.

Counted as the caption display shows them: one partial on screen at a time,
replaced by the next partial, and taken away by a final, which holds the
phrase up to its end (a final cut inside speech leaves the rest of the partial
to come back in the next one). Every word that appears on screen counts as
shown; every shown word that the next partial or the final replaces or takes
away counts as changed, so a word that flickers away and back counts twice.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from companion.bench.wer import matched_pairs


def _normal(text: str) -> str:
    return re.sub(r"[^\w']", "", text).casefold()


def _kept(before: list[tuple[str, float]], after: list[tuple[str, float]]) -> int:
    """How many words of ``before`` stay on screen, in order, in ``after``."""
    return len(matched_pairs([t for t, _ in before], [t for t, _ in after]))


def _shown(caption: dict[str, Any]) -> list[tuple[str, float]]:
    """A caption's words as the reader compares them: (normalised word, start)."""
    return [(n, float(w[1])) for w in caption["words"] if (n := _normal(str(w[0])))]


def _final_takes(
    tail: list[tuple[str, float]], final: dict[str, Any]
) -> tuple[list[tuple[str, float]], list[tuple[str, float]]]:
    """(the partial words on screen a final replaces, those left for the next partial).
    Partial words that start after the final's last word belong to the next phrase (a
    cut inside speech): the next partial shows them or changes them."""
    end = max((float(w[2]) for w in final["words"]), default=0.0)
    return [t for t in tail if t[1] < end], [t for t in tail if t[1] >= end]


def _changes(captions: Sequence[dict[str, Any]]) -> tuple[int, int, int]:
    """(shown words changed, of them by a final, words shown) over one file's captions."""
    tail: list[tuple[str, float]] = []  # the partial on screen: (word, start)
    changed = by_final = shown = 0
    for caption in captions:
        words = _shown(caption)
        if caption["kind"] == "final":
            covered, tail = _final_takes(tail, caption)
            lost = len(covered) - _kept(covered, words)
            changed, by_final = changed + lost, by_final + lost
            continue
        kept = _kept(tail, words)
        changed += len(tail) - kept
        shown += len(words) - kept
        tail = words
    return changed + len(tail), by_final, shown  # a partial never made final was taken back


def changed_words(captions: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """(shown words the reader saw change, words shown) over one file's captions."""
    changed, _by_final, shown = _changes(captions)
    return changed, shown


def changed_at_final(captions: Sequence[dict[str, Any]]) -> int:
    """Of ``changed_words``' changed words, those a final changed (the rest changed
    between partial passes, or were taken back at the end)."""
    return _changes(captions)[1]


def changed_by_final(captions: Sequence[dict[str, Any]], spared: int) -> tuple[int, int]:
    """(words on screen when a final came, less the partial's last ``spared``, that the
    final changed; such words): how often a final changes a word that partial passes
    had already let stand, not just the newest one."""
    tail: list[tuple[str, float]] = []
    changed = seen = 0
    for caption in captions:
        words = _shown(caption)
        if caption["kind"] != "final":
            tail = words
            continue
        covered, rest = _final_takes(tail, caption)
        kept_long = covered[: max(0, len(tail) - spared)]  # those before the partial's last few
        kept = {i for i, _ in matched_pairs([t for t, _ in covered], [t for t, _ in words])}
        changed += sum(1 for i in range(len(kept_long)) if i not in kept)
        seen += len(kept_long)
        tail = rest
    return changed, seen
