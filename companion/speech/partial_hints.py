"""Names a partial pass heard that the phrase's final did not write.

Whisper's passes over a phrase do not all hear it alike: a greedy partial
pass may write "EFA will" or "Shivon asked" where the final, decoded once
over the whole phrase, writes "We'll" or "Shiver, asked". sounds_like only
looks at the final's own words, so such a name is never tried. A *hint* is a
partial word that sounds exactly like a term (its phonetic key is one of the
term's keys: "Shivon" is Siobhan's "shivawn", "Efa" Aoife's "Eefa") or is
spelled nearly as it ("MAME" for BAME; near_miss). At the final the hint
becomes a candidate for the names check: the final's words over the hinted
word's time, written as the partial pass wrote them with the term in place of
the hinted word. The hint proves nothing by itself: term_check scores it
against the audio like any candidate, with its own margin
(``Policy.hint_margin``). A final that wrote what the partial wrote there
("If" both times) gives no candidate: two passes agreeing is not a mishearing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from companion.events import Word
from companion.speech.near_miss import written_like
from companion.speech.sounds_like import Candidate, Term, find_candidates
from companion.speech.whisper_words import normal

EXACT = 1.0  # a hint's key match: only a word that sounds just like the term
MOST_HINTS = 2  # hinted candidates checked per final: each costs a scoring pass
NOT_LETTERS = re.compile(r"[^\w']+")


@dataclass(frozen=True)
class Hint:
    """A partial pass wrote ``heard`` (from ``start`` to ``end``, stream seconds), which
    sounds like ``term``; ``around`` are that pass's words, to fill a final span's time."""

    term: str
    heard: str
    start: float
    end: float
    around: tuple[Word, ...]


@dataclass(frozen=True)
class Hinted:
    """A candidate from a hint: the final's words ``candidate.start``..``end`` written as
    ``text`` (the partial's words there, the term in place of the hinted one)."""

    candidate: Candidate
    text: str


def hints_in(words: Sequence[Word], terms: Sequence[Term]) -> list[Hint]:
    """The words of one partial pass that sound exactly like a one-word term, or are
    spelled nearly as one. Capitals are read as a word, not letters ("EFA" as "Efa")."""
    single = [t for t in terms if len(t.written.split()) == 1]
    hints: list[Hint] = []
    for word in words:
        plain = NOT_LETTERS.sub("", word.text)
        if not plain:
            continue
        found = {
            c.term
            for form in {plain, plain.capitalize()}
            for c in find_candidates([form], single)
            if c.similarity >= EXACT
        }
        found |= {t.written for t in single if written_like([plain], t.written)}
        hints += [
            Hint(term, word.text, word.start, word.end, tuple(words))
            for term in sorted(found)
            if normal(plain) != normal(term)
        ]
    return hints


def kept_after(hints: Sequence[Hint], cut: float) -> list[Hint]:
    """The hints heard after a final's cut (seconds): they belong to the next phrase."""
    return [h for h in hints if (h.start + h.end) / 2 >= cut]


def hinted(words: Sequence[Word], hints: Sequence[Hint], sure: float) -> list[Hinted]:
    """Candidates in the final's ``words`` from the phrase's ``hints``, newest pass first,
    at most ``MOST_HINTS``: the final's words overlapping the hinted word's time, unless
    the final wrote the same there, already wrote the term, or wrote every word of the
    span at ``sure`` probability or more (what whisper is sure of was said)."""
    out: dict[tuple[int, int, str], Hinted] = {}
    for hint in reversed(hints):
        span = [i for i, w in enumerate(words) if w.start < hint.end and w.end > hint.start]
        if not span:
            continue
        start, end = span[0], span[-1] + 1
        written = [normal(w.text) for w in words[start:end]]
        if normal(hint.heard) in written or normal(hint.term) in written:
            continue
        if all(w.confidence is not None and w.confidence >= sure for w in words[start:end]):
            continue
        text = _as_heard(hint, words[start].start, words[end - 1].end)
        key = (start, end, text)
        if key not in out:
            out[key] = Hinted(Candidate(start, end, hint.term, EXACT), text)
        if len(out) == MOST_HINTS:
            break
    return list(out.values())


def _as_heard(hint: Hint, begin: float, finish: float) -> str:
    """The hint's pass's words from ``begin`` to ``finish`` (by their middles; the hinted
    word always), without punctuation, the hinted word written as the term."""
    out: list[str] = []
    for word in hint.around:
        is_hint = word.start == hint.start and word.text == hint.heard
        middle = (word.start + word.end) / 2
        if is_hint:
            out.append(hint.term)
        elif begin <= middle <= finish:
            plain = NOT_LETTERS.sub("", word.text)
            out += [plain] if plain else []
    return " ".join(out)
