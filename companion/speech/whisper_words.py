"""Whisper's words, read as text: normalising, agreement, loops and bias echoes.

Pure functions over decoded ``Word``s that the whisper engine uses to decide
what to show: which leading words two passes agree on, where whisper starts
re-reading itself, and whether names given as a bias replaced real speech.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

from companion.events import Word

LONG_PHRASE = 4  # words in a phrase that, said twice in a row, is whisper looping
STUTTER = re.compile(r"(\w{1,4}[-.])\1{3,}")  # a piece four times or more in a word: M.M.M.M.
# An ellipsis opening or closing a word ("forum...", "...or"): whisper trailing off, after
# a prompt whose list of terms trails off the same way (whisper_prompt); never a word.
ELLIPSIS = re.compile(r"^(?:\.{2,}|\u2026)+|(?:\.{2,}|\u2026)+$")
BIAS_KEEPS = 0.7  # a biased final with fewer than this share of the plain one's words lost speech
TERM_WORDS = 3  # spoken words a word of a term may stand for ("see queue see" is CQC)
# Below this probability a term is whisper reading its prompt out, not hearing it: on
# the names benchmark every final with an invented term held one under 0.02 ("CQC,
# Oluwaseun, Priya" for "could everyone please check"); every term said right had
# about 0.05 or more once a term of several words counts its surest word.
ECHO_CONFIDENCE = 0.03
MISHEARD_AFTER = 2  # words of a longer term heard in order that mark the term being said


def normal(text: str) -> str:
    return re.sub(r"[^\w']", "", text).casefold()


def without_ellipsis(text: str) -> str:
    """``text`` less an ellipsis that opens or closes it: "forum..." -> "forum"."""
    return ELLIPSIS.sub("", text)


def normal_text(text: str) -> str:
    return " ".join(normal(w) for w in text.split())


def term_words(vocabulary: tuple[str, ...]) -> set[str]:
    """The words that make terms and names what they are: capitalised, three letters
    or more ("Kwame", "CQC", "England"; not "to" or "network")."""
    return {normal(w) for term in vocabulary for w in term.split() if w[:1].isupper()} - {
        normal(w) for term in vocabulary for w in term.split() if len(normal(w)) < 3
    }


def lost_speech(biased: list[Word], plain: list[Word], vocabulary: tuple[str, ...]) -> bool:
    """Whether the terms in ``biased`` replaced speech that ``plain`` heard.

    A term written twice in a row is whisper echoing its prompt. Otherwise a
    term may stand for a few spoken words ("see queue see" is CQC), so each
    word of a term counts ``TERM_WORDS``; fewer than ``BIAS_KEEPS`` of the
    plain decode's words left means speech was lost.
    """
    known = term_words(vocabulary)
    texts = [normal(w.text) for w in biased]
    if any(a == b and a in known for a, b in itertools.pairwise(texts)):
        return True
    weight = sum(TERM_WORDS if t in known else 1 for t in texts)
    return weight < BIAS_KEEPS * len(plain)


def echoed_term(
    biased: list[Word], plain: list[Word], vocabulary: tuple[str, ...], said: Sequence[str] = ()
) -> bool:
    """Whether ``biased`` holds a term whisper wrote only because it was told to expect it."""
    return first_echo(biased, plain, vocabulary, said) is not None


def first_echo(
    biased: list[Word], plain: list[Word], vocabulary: tuple[str, ...], said: Sequence[str] = ()
) -> int | None:
    """The index in ``biased`` of the first term whisper wrote only because it was told
    to expect it, or None.

    Such a term has near-zero probability (``ECHO_CONFIDENCE``) and the plain
    decode does not write it. A term of several words counts its surest word,
    and its words already ``said`` in the previous final count as sure, so
    "NHS" before a confident "England", or "Guardian" after "Freedom to Speak
    Up" at the end of the previous final, is the term heard, not an echo.
    """
    known = term_words(vocabulary)
    heard_plain = {normal(w.text) for w in plain}
    terms = [normal_text(t).split() for t in vocabulary]
    before = [normal(t) for t in said]
    texts = [*before, *(normal(w.text) for w in biased)]
    sure = [1.0] * len(before) + [w.confidence or 0.0 for w in biased]
    for index in range(len(before), len(texts)):
        text = texts[index]
        if text not in known or text in heard_plain:
            continue
        confidence = sure[index]
        for term in terms:
            for at in (j for j, part in enumerate(term) if part == text):
                first = index - at
                span = texts[max(0, first) : first + len(term)]
                if first >= 0 and span == term[: len(span)] and len(span) > 1:
                    confidence = max(confidence, *sure[first : first + len(span)])
        if confidence < ECHO_CONFIDENCE:
            return index - len(before)
    return None


def agreed(before: list[Word], now: list[Word]) -> list[Word]:
    """The leading words of ``now`` that ``before`` also had, in order."""
    agreed: list[Word] = []
    for old, new in zip(before, now, strict=False):
        if normal(old.text) != normal(new.text):
            break
        agreed.append(new)
    return agreed


def without_loop(words: list[Word], longest: int = 12) -> list[Word]:
    """Cut a hypothesis where whisper starts looping.

    Short phrases must come three times in a row ("a bit of a bit of a bit of";
    a single word four times, since "very very" is real speech); a phrase of four
    words or more said again at once, or after one stray word, is whisper
    re-reading itself ("come back at any point. And come back at any point").
    """
    texts = [normal(w.text) for w in words]
    for index, word in enumerate(words):  # "Kwamee-me-me-me-me": a loop inside one word
        if STUTTER.search(word.text):  # "me-me-me-me", "M.M.M.M.M."
            words, texts = words[:index], texts[:index]
            break
    for start in range(len(texts)):
        for size in range(1, longest + 1):
            gram = texts[start : start + size]
            if len(gram) < size:
                break
            if size >= LONG_PHRASE:
                for gap in (0, 1):
                    again = start + size + gap
                    if texts[again : again + size] == gram:
                        return words[: start + size]
                continue
            times = 4 if size == 1 else 3
            if all(texts[start + k * size : start + (k + 1) * size] == gram for k in range(times)):
                return words[: start + size]
    return words


def join_words(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def term_spans(words: list[Word], vocabulary: tuple[str, ...]) -> list[tuple[float, float]]:
    """Where ``words`` hold a term of several words ("NHS England", "Freedom to Speak
    Up Guardian", "Kwame Mensah"), as (start, end) in seconds; a term still being
    said at the end of ``words`` runs on to infinity. A phrase cut inside one would
    split it over two captions, where the glossary cannot put it together again."""
    terms = [normal_text(t).split() for t in vocabulary if len(t.split()) > 1]
    texts = [normal(w.text) for w in words]
    spans: list[tuple[float, float]] = []
    for term in terms:
        for i in range(len(texts)):
            said = texts[i : i + len(term)]
            matched = next(
                (n for n, (a, b) in enumerate(zip(said, term, strict=False)) if a != b), len(said)
            )
            if said == term:
                spans.append((words[i].start, words[i + len(term) - 1].end))
            elif len(said) < len(term) and said == term[: len(said)]:
                spans.append((words[i].start, float("inf")))  # the term goes on
            elif matched >= MISHEARD_AFTER:
                # Its start heard, its end misheard ("freedom to speak up, don him."
                # for "... Up Guardian"): the words that stand for the rest are in it.
                rest = min(len(texts), i + matched + TERM_WORDS * (len(term) - matched))
                spans.append((words[i].start, words[rest - 1].end))
    return spans
