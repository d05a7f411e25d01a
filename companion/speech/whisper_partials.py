"""What a partial pass shows of the words whisper heard, and when held words go out.

A pass's newest words are the ones whisper most often changes at the next
pass, so they wait: the last ``hold_last`` words until a second pass has them
too (or more words follow them), and a tail of words whisper is unsure of
(below ``stable``) until a second pass agrees on it. With ``Policy.release``
set (off by default: measured, no clear gain on top of greedy passes), once
the voice has been quiet that long nothing follows the held words any more,
so they are shown at once rather than with the phrase's final, a pause and a
decode later (see ``released``).

Whisper changes its guess of some words back and forth from pass to pass
(a synthetic voice, a name): with ``Policy.steady`` a word already on screen
is replaced only once two passes agree on the change, and is not taken away
from the end of the line (``steady``), so "A, B, A" is seen as one word, not
three; new words keep their pace. ``unsure_inside`` (off: it halves flicker
but holds too many words) makes an unagreed word whisper is unsure of wait,
with all after it, anywhere in a pass.

With ``Policy.partial_prefix`` a pass continues from what is on screen: the
words shown, less the last few, are the decode's forced prefix (as the
previous phrase's words are), so whisper writes only the tail after them
(``continued``) and a shown word stays as it is until the phrase's final,
which is decoded whole as ever and may still change it.

Whisper flips most between guesses of a name ("Pre event", "Priya"), and the
final's names check (term_check) may still put the name in: with
``Policy.partial_names`` a partial stops before words that sound like a term
(sounds_like) and that whisper was unsure of, until the final decides
(``before_near_name``).
"""

from __future__ import annotations

from difflib import SequenceMatcher

from companion.events import Word
from companion.speech.sounds_like import Term, find_candidates
from companion.speech.term_check import SURE  # a span written this likely was said
from companion.speech.whisper_policy import Policy
from companion.speech.whisper_words import agreed, normal

RELEASE_HEARD = 0.1  # seconds of quiet a pass must have heard after the voice for its
# words to be released as they are; a pass that stopped sooner may have cut a word short


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
    if policy.agree:  # only words two passes agree on: a changed guess is never shown
        words = agreed(before, words)
    else:  # the newest words wait for a second pass
        words = held_back(
            words,
            before,
            hold_last=policy.hold_last,
            hold_below=policy.hold_below,
            stable=policy.stable,
            unsure=policy.unsure_inside,
        )
    if policy.steady:  # a word on screen changes once two passes agree
        words = steady(shown, before, words, stood if policy.steady_once else None)
    return words


def continued(shown: list[Word], policy: Policy) -> list[Word]:
    """The words on screen the next partial pass is made to start with: all but the
    last ``Policy.partial_prefix`` (none when it is None), which whisper guesses again,
    and none from the first that whisper was less sure of than ``partial_prefix_sure``."""
    if policy.partial_prefix is None:
        return []
    kept = shown[: max(0, len(shown) - policy.partial_prefix)]
    unsure = (i for i, w in enumerate(kept) if (w.confidence or 0.0) < policy.partial_prefix_sure)
    return kept[: next(unsure, len(kept))]


def held_back(
    words: list[Word],
    before: list[Word],
    *,
    hold_last: int,
    hold_below: float,
    stable: float,
    unsure: float = 0.0,
) -> list[Word]:
    """The words of a pass that may be shown: ``words`` less its newest words that the
    previous pass (``before``) did not also hear, and less everything from a word less
    likely than ``unsure`` that the two passes do not agree on."""
    both = agreed(before, words)
    doubtful = (i for i in range(len(both), len(words)) if (words[i].confidence or 0.0) < unsure)
    keep = min([len(words), *doubtful])
    for _ in range(hold_last):
        if keep <= len(both) or (words[keep - 1].confidence or 0.0) >= hold_below:
            break
        keep -= 1
    while keep > len(both) and (words[keep - 1].confidence or 0.0) < stable:
        keep -= 1
    return words[:keep]


def steady(
    shown: list[Word],
    before: list[Word],
    words: list[Word],
    stood: set[tuple[str, float]] | None = None,
) -> list[Word]:
    """What a partial shows of ``words`` with ``shown`` on screen: a word on screen is
    replaced only when the previous pass (``before``) agreed with this one up to there,
    and is not taken away from the end of the line; otherwise it stays as it is, so a
    guess whisper flips back and forth (A, B, A) is seen once. With ``stood`` (the
    words that already stayed against a pass, updated here) a word stays against one
    disagreeing pass only."""
    agree = len(agreed(before, words))
    old, new = [normal(w.text) for w in shown], [normal(w.text) for w in words]
    out: list[Word] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        changes = op in ("replace", "delete")
        trailing = op == "delete" and j1 == len(words)
        keys = {(w.text, w.start) for w in shown[i1:i2]}
        once = stood is not None and bool(keys & stood)  # it stayed once already
        if changes and (j2 > agree or trailing) and not once:
            out += shown[i1:i2]  # not yet agreed: what is on screen stays
            if stood is not None:
                stood |= keys
        else:
            out += words[j1:j2]
    return out


def released(heard: list[Word], heard_to: float, voice_end: float) -> list[Word] | None:
    """All the words of the last pass, when it heard the voice to its end and a little
    quiet after; None when it did not (a new pass must hear the end first)."""
    return heard if heard_to >= voice_end + RELEASE_HEARD else None


def before_near_name(words: list[Word], terms: tuple[Term, ...]) -> list[Word]:
    """``words`` up to the first span that sounds like one of ``terms`` and holds a
    word whisper was unsure of: the final's names check decides what it is."""
    near = [
        c.start
        for c in find_candidates([w.text for w in words], terms)
        if any((w.confidence or 0.0) < SURE for w in words[c.start : c.end])
    ]
    return words[: min(near, default=len(words))]
