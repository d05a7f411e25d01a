"""What a partial pass shows of the words whisper heard.

A pass's newest words are the ones whisper most often changes at the next
pass, so they wait: the last ``hold_last`` words until a second pass has them
too (or more words follow them), and a tail of words whisper is unsure of
(below ``stable``) until a second pass agrees on it (``held_back``).

Whisper changes its guess of some words back and forth from pass to pass
(a synthetic voice, a name): with ``Policy.steady`` a word already on screen
is replaced only once two passes agree on the change, and is not taken away
from the end of the line, so "A, B, A" is seen as one word, not three; a
word stays against one disagreeing pass only, so a name put right is shown
soon (``steady``). New words keep their pace.
"""

from __future__ import annotations

from difflib import SequenceMatcher

from companion.events import Word
from companion.speech.whisper_policy import Policy
from companion.speech.whisper_words import agreed, normal


def shown_of(
    words: list[Word],
    before: list[Word],
    shown: list[Word],
    stood: set[tuple[str, float]],
    policy: Policy,
) -> list[Word]:
    """What a partial shows of a pass's ``words``, with ``before`` the previous pass's
    words and ``shown`` the words on screen (``stood``: those that stayed against a
    pass, see ``steady``)."""
    words = held_back(words, before, hold_last=policy.hold_last, stable=policy.stable)
    if policy.steady:  # a word on screen changes once two passes agree
        words = steady(shown, before, words, stood)
    return words


def held_back(
    words: list[Word], before: list[Word], *, hold_last: int, stable: float
) -> list[Word]:
    """The words of a pass that may be shown: ``words`` less its ``hold_last`` newest
    words that the previous pass (``before``) did not also hear, and less a tail of
    words less likely than ``stable`` that the two passes do not agree on."""
    both = len(agreed(before, words))
    keep = max(both, len(words) - hold_last)
    while keep > both and (words[keep - 1].confidence or 0.0) < stable:
        keep -= 1
    return words[:keep]


def steady(
    shown: list[Word],
    before: list[Word],
    words: list[Word],
    stood: set[tuple[str, float]],
) -> list[Word]:
    """What a partial shows of ``words`` with ``shown`` on screen: a word on screen is
    replaced only when the previous pass (``before``) agreed with this one up to there,
    and is not taken away from the end of the line; otherwise it stays as it is, so a
    guess whisper flips back and forth (A, B, A) is seen once. A word stays against one
    disagreeing pass only: ``stood`` holds the words that already did (updated here)."""
    agree = len(agreed(before, words))
    old, new = [normal(w.text) for w in shown], [normal(w.text) for w in words]
    out: list[Word] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        changes = op in ("replace", "delete")
        trailing = op == "delete" and j1 == len(words)
        keys = {(w.text, w.start) for w in shown[i1:i2]}
        if changes and (j2 > agree or trailing) and not keys & stood:
            out += shown[i1:i2]  # not yet agreed: what is on screen stays, once
            stood |= keys
        else:
            out += words[j1:j2]
    return out
