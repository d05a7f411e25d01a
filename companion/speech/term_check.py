"""Names heard, not guessed: a term replaces words only when whisper's acoustics agree.

After a phrase's final is decoded, sounds_like finds spans of its words that
sound like a glossary term or a roster name ("Shiver asked" for Siobhan). For
each, the decoder scores the final's text as written and with the term in
place of the span, against the same audio after the same forced prefix
(whisper reads each text, teacher-forced, and says how likely it is; see
``TextScorer``). The term goes in only when its text scores at least the
written one's less ``margin`` (natural-log units): the margin is the bias
towards the names the group expects; the audio has the last word, so a word
that only looks like a name on paper stays as it was said.

It runs on finals only, on a final with a candidate whisper was unsure of
(a span of words it wrote at high probability is what was said: a name the
check put right was never written at more than 0.9). Texts are scored after
the forced prefix but without the prompt (the terms to listen for and the
words before): a third of the cost (0.009 s a text for tiny.en instead of
0.03 s), with the margin re-tuned to the wider spread of scores it gives
(docs/benchmarks.md has the figures and how the margin was chosen).

The margin is the model's own: each model spreads its scores differently.
``MARGIN`` was measured on tiny.en; whisper base (the multilingual model) wrote
"Aoife reader" for "If the reader" at tiny.en's margin, so a decoder that says
its model is multilingual gets ``MULTILINGUAL_MARGIN`` instead (``margin_for``).
Names get the same margin as acronyms: a wider one for names was measured and
refused ("Even" as Siobhan scored closer than names said and misheard did).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from companion.events import Word
from companion.speech.glossary import Glossary
from companion.speech.near_miss import keep_plain, written_like
from companion.speech.sounds_like import Candidate, Term, find_candidates, terms_from
from companion.speech.whisper_decoder import TextScorer, is_multilingual
from companion.speech.whisper_words import term_words

# Nats a term's text may score below the words whisper wrote, scored without the prompt.
# Benchmark, tiny.en: the terms put right scored -11.05 to -4.95, every wrong candidate
# on plain and real speech -12.9 or lower (1.8 nats to spare).
MARGIN = 11.1
# The same for whisper base: its right terms scored -6.63 or better once the wrong ones
# went, its best wrong candidate -8.17 on real speech ("If the" as Aoife): 1.52 to spare.
MULTILINGUAL_MARGIN = 6.65
SURE = 0.95  # a span whisper wrote with every word at least this likely is not checked
LEADING = re.compile(r"^[\"'(\[{]+")
TRAILING = re.compile(r"[^\w']+$")


@dataclass(frozen=True)
class Swap:
    """A term put in place of words ``start``..``end`` and what whisper thought of it."""

    start: int
    end: int
    term: str
    gain: float  # the term's text score less the written text's (log-probability)
    similarity: float = 1.0  # how much of the span's phonetic key matched the term's


class TermChecker:
    """Puts terms in place of words that sound like them, when the audio agrees."""

    def __init__(
        self,
        vocabulary: Iterable[str] = (),
        glossaries: Iterable[Glossary] = (),
        margin: float | None = None,
        *,
        prompted: bool = False,
        spoken: bool = False,
    ) -> None:
        """``vocabulary``: the terms written as they should be; ``glossaries``: their
        heard forms ("b a m e => BAME", a roster name's "say it like" form);
        ``margin``: in nats (None: the decoding model's own, see ``margin_for``).
        ``prompted``: score after the decode's prompt too (three times the cost; the
        margin was measured without it). ``spoken``: score each candidate with the
        term's spoken forms too ("Shivawn", "B A M E"), the best counting (measured,
        no name gained: docs/benchmarks.md, "Names: spoken forms scored")."""
        heard = [entry for glossary in glossaries for entry in glossary.entries]
        vocabulary = tuple(vocabulary)
        self._terms: tuple[Term, ...] = terms_from(vocabulary, heard)
        self._term_words = term_words(vocabulary)
        self._margin = margin
        self._prompted = prompted
        self._spoken = spoken

    def check(
        self,
        words: list[Word],
        decoder: object,
        prompt: str,
        prefix: str,
        unbiased: Callable[[], list[Word]] | None = None,
    ) -> list[Word]:
        """``words`` (a final, decoded last by ``decoder`` after ``prompt`` and ``prefix``)
        with the terms the audio supports in place of the words that sound like them.
        A span the audio refuses as a term it is spelled like (a near miss, see
        near_miss) takes the words of ``unbiased``, the final decoded without the terms.
        A decoder that cannot score texts (a test's fake) leaves the words as they are."""
        margin = margin_for(decoder, self._margin)
        if not words or not self._terms:
            return words
        if not isinstance(decoder, TextScorer):
            return words
        texts = [w.text for w in words]
        candidates = [c for c in find_candidates(texts, self._terms) if not _sure(words, c)]
        if not candidates:
            return words
        scored = self.scored(words, candidates, decoder, prompt, prefix)
        swaps = [
            Swap(c.start, c.end, c.term, gain, c.similarity)
            for c, gain in scored
            if gain >= -margin
        ]
        kept = chosen(swaps)
        misses = [
            (c.start, c.end)
            for c, gain in scored
            if gain < -margin
            and written_like(texts[c.start : c.end], c.term)
            and all(c.end <= k.start or c.start >= k.end for k in kept)
        ]
        if misses and unbiased is not None:
            swapped = apply_swaps(words, kept)
            return keep_plain(swapped, unbiased(), _moved(misses, kept), self._term_words)
        return apply_swaps(words, kept)

    def scored(
        self,
        words: Sequence[Word],
        candidates: Sequence[Candidate],
        decoder: TextScorer,
        prompt: str,
        prefix: str,
    ) -> list[tuple[Candidate, float]]:
        """Each candidate with its gain: the score of the final's text with the span
        written as the term (with ``spoken``, the best of that and its spoken forms,
        "Shivawn" for Siobhan), less the score of the text as written."""
        texts = [w.text for w in words]
        tried = [(c, form) for c in candidates for form in self.forms_of(c.term)]
        scores = decoder.score(
            [" ".join(texts), *(" ".join(_swapped(texts, c, form)) for c, form in tried)],
            prompt=prompt if self._prompted else "",
            prefix=prefix,
        )
        best: dict[Candidate, float] = {}
        for (candidate, _form), score in zip(tried, scores[1:], strict=True):
            best[candidate] = max(best.get(candidate, float("-inf")), score - scores[0])
        return [(c, best[c]) for c in candidates]

    def forms_of(self, written: str) -> tuple[str, ...]:
        """The texts a candidate for ``written`` is scored with: the term, and with
        ``spoken`` its spoken forms."""
        if not self._spoken:
            return (written,)
        said = next((t.said for t in self._terms if t.written == written), ())
        return (written, *said)


def margin_for(decoder: object, margin: float | None) -> float:
    """The margin to use with ``decoder``: ``margin`` when one is given, else its
    model's own, ``MARGIN`` (tiny.en's) or, for a multilingual model (whisper base),
    ``MULTILINGUAL_MARGIN``."""
    if margin is not None:
        return margin
    return MULTILINGUAL_MARGIN if is_multilingual(decoder) else MARGIN


def chosen(swaps: Sequence[Swap]) -> list[Swap]:
    """The swaps to make, none overlapping another, in text order: of overlapping ones,
    the span that sounds most like its term, then the best gain. Scored without a
    prompt, a shorter text gains by itself, so gain alone would take "Our WMR ES" for
    WRES over "WMR ES" and lose the "Our" that was said."""
    kept: list[Swap] = []
    for swap in sorted(swaps, key=lambda s: (-s.similarity, -s.gain)):
        if all(swap.end <= k.start or swap.start >= k.end for k in kept):
            kept.append(swap)
    return sorted(kept, key=lambda s: s.start)


def apply_swaps(words: list[Word], swaps: Sequence[Swap]) -> list[Word]:
    """The words with each swap's span replaced by its term's words, spread over the
    span's time, keeping the span's opening and closing punctuation."""
    out: list[Word] = []
    at = 0
    for swap in swaps:
        out += words[at : swap.start]
        span = words[swap.start : swap.end]
        texts = _swapped([w.text for w in span], Candidate(0, len(span), swap.term, 1.0), swap.term)
        begin, finish = span[0].start, span[-1].end
        share = (finish - begin) / len(texts)
        confidence = min((w.confidence or 0.0) for w in span)
        out += [
            Word(text, begin + i * share, begin + (i + 1) * share, confidence)
            for i, text in enumerate(texts)
        ]
        at = swap.end
    return out + words[at:]


def _moved(spans: Sequence[tuple[int, int]], swaps: Sequence[Swap]) -> list[tuple[int, int]]:
    """Word spans (of the words before ``swaps``) as indices into the swapped words."""
    moved: list[tuple[int, int]] = []
    for start, end in spans:
        shift = sum(len(s.term.split()) - (s.end - s.start) for s in swaps if s.end <= start)
        moved.append((start + shift, end + shift))
    return moved


def _sure(words: Sequence[Word], candidate: Candidate) -> bool:
    """Whether whisper wrote every word of the span at ``SURE`` probability or more
    (a word without a probability, from a test's fake, is not sure)."""
    span = words[candidate.start : candidate.end]
    return all(w.confidence is not None and w.confidence >= SURE for w in span)


def _swapped(texts: Sequence[str], candidate: Candidate, form: str) -> list[str]:
    """The texts with the candidate's span written as ``form`` (its term, or a spoken form)."""
    first, last = texts[candidate.start], texts[candidate.end - 1]
    opening = LEADING.match(first)
    closing = TRAILING.search(last)
    term = form.split()
    term[0] = (opening.group(0) if opening else "") + term[0]
    term[-1] += closing.group(0) if closing else ""
    return [*texts[: candidate.start], *term, *texts[candidate.end :]]
