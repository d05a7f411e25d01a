"""How much partial captions flicker: shown words that the final then changed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

SAME_WORD = 0.5  # seconds: a final word this close to a shown one with the same text keeps it


def _normal(text: str) -> str:
    return re.sub(r"[^\w']", "", text).casefold()


def changed_words(captions: Sequence[dict[str, Any]]) -> tuple[int, int]:
    """(shown words the finals changed or dropped, shown words) over one file's captions.

    A partial word is one shown word however many partials repeat it (same text,
    start within a quarter second); it is kept when a final word with the same
    text starts within ``SAME_WORD`` seconds of it.
    """
    finals = [
        (_normal(str(w[0])), float(w[1]))
        for c in captions
        if c["kind"] == "final"
        for w in c["words"]
    ]
    shown: set[tuple[str, int]] = set()
    changed = 0
    for caption in captions:
        if caption["kind"] != "partial":
            continue
        for word in caption["words"]:
            text, start = _normal(str(word[0])), float(word[1])
            key = (text, round(start * 4))
            if not text or key in shown:
                continue
            shown.add(key)
            if not any(t == text and abs(s - start) <= SAME_WORD for t, s in finals):
                changed += 1
    return changed, len(shown)
