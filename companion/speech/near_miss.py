"""Near misses: words the terms in whisper's prompt pulled off course.

Told to expect "CQC", whisper may write a real word it barely heard as
something spelled like the term: "reap any PQC advantage" for "reap any
pecuniary advantage". term_check finds such a span (it sounds like CQC) and
the audio refuses the term, so the span is neither the term nor what was
said. A *near miss* is such a refused span that is also written like its term
(letters, not sound: "PQC" beside "CQC"); words that merely sound like a term
("come" for Kwame) are ordinary speech and are never near misses.

For a near miss the final is decoded again without the terms and the plain
decode's words are kept for that span, or the whole plain final when it has
every term the biased final has (nothing the bias heard right is lost). The
re-decode costs a pass, so the test is narrow: on the benchmark's real
recordings it fires on one final (docs/benchmarks.md).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from companion.events import Word
from companion.speech.sounds_like import similarity
from companion.speech.whisper_words import normal

# How alike, letter for letter, a refused span and its term must be written
# ("PQC"/"CQC" 0.67; "come"/"Kwame" 0.4, "is"/"ICB" 0.33 are speech, not a pull).
WRITTEN_LIKE = 0.6
# Seconds the plain decode may start later or end sooner than the biased one and still
# be kept whole; more, and it lost a word that was said (LibriVox 0870: "...for them.").
COVERS = 0.2


def written_like(span: Sequence[str], term: str) -> bool:
    """Whether the words of ``span`` are spelled nearly as ``term`` is, but are not it."""
    a, b = normal("".join(span)), normal(term)
    return a != b and similarity(a, b) >= WRITTEN_LIKE


def keep_plain(
    biased: list[Word], plain: list[Word], spans: Sequence[tuple[int, int]], terms: set[str]
) -> list[Word]:
    """``biased`` with the plain decode's words in place of each near-miss span
    (``spans``: word indices, end exclusive), or the whole of ``plain`` when it
    holds every word of ``terms`` that ``biased`` holds and spans the same time
    (a plain decode that stopped short is not kept whole). Only a stretch where the
    two decodes differ that lies inside a span is replaced, so words around it
    ("Priya Venkataraman, cares" against "pre-event retirement chairs") stay."""
    if not plain or not biased:
        return biased
    covers = plain[0].start <= biased[0].start + COVERS and plain[-1].end >= biased[-1].end - COVERS
    if covers and _term_words(biased, terms) <= _term_words(plain, terms):
        return plain
    matcher = difflib.SequenceMatcher(
        a=[normal(w.text) for w in biased], b=[normal(w.text) for w in plain], autojunk=False
    )
    out: list[Word] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        inside = any(start <= i1 and i2 <= end for start, end in spans)
        out += plain[j1:j2] if tag != "equal" and inside else biased[i1:i2]
    return out


def _term_words(words: Sequence[Word], terms: set[str]) -> set[str]:
    return {normal(w.text) for w in words} & terms
