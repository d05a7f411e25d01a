"""Spans of decoded words that sound like a glossary term or a roster name.

Whisper often writes a name it was told to expect as ordinary words that sound
like it: "Shiver asked" for Siobhan (said "shivawn"), "I see me" for ICB (said
as letters), "Double U-R ES" for WRES. This module only *finds* such spans, by
comparing phonetic keys (jellyfish's metaphone) of 1–4 decoded words with the
keys of each term's spoken forms: its written form, the glossary's heard forms
and the roster's "say it like" form, and, for an acronym, its letter names
("ICB" is "i see bee"; an acronym of two or three letters is only ever said
that way, so it is never looked for in one ordinary word). A name is looked
for only in words whisper wrote with a capital. Finding a span proves
nothing: term_check asks whisper's own acoustics whether the term fits the
audio as well as the words.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import jellyfish

from companion.speech.glossary import Entry

MAX_SPAN = 4  # decoded words a term may have been written as
SIMILAR = 0.65  # share of a key that must match: below it the words do not sound like the term
SHORTEST_KEY = 2  # keys shorter than this ("N", "T") match too much to mean anything
MOST = 4  # candidates checked per final, most alike first: each costs a scoring pass

# Letter names as words metaphone reads the way they are said (metaphone keeps the "y"
# of "eye", so "i").
LETTERS = {
    "a": "ay", "b": "bee", "c": "see", "d": "dee", "e": "ee", "f": "ef", "g": "jee",
    "h": "aitch", "i": "i", "j": "jay", "k": "kay", "l": "el", "m": "em", "n": "en",
    "o": "oh", "p": "pee", "q": "cue", "r": "ar", "s": "ess", "t": "tee", "u": "you",
    "v": "vee", "w": "double you", "x": "ex", "y": "why", "z": "zed",
}  # fmt: skip
ACRONYM = re.compile(r"^[A-Z]{2,6}$")
SPELLED = re.compile(r"^[A-Z]{2,3}$")  # said letter by letter, never as a word: NHS, ICB, EDI
VOWELS = "AEIOU"


@dataclass(frozen=True)
class Term:
    """A term to listen for: how it is written, how it may be said, and the keys of those."""

    written: str
    forms: tuple[tuple[str, ...], ...]  # its written and heard forms, as plain lower-case words
    keys: tuple[str, ...]
    said: tuple[str, ...] = ()  # its heard forms as whisper could write them ("Shivawn",
    # "B A M E", "bame"), those that differ from ``written``: term_check scores them too

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(word for form in self.forms for word in form)


@dataclass(frozen=True)
class Candidate:
    """Decoded words ``start``..``end`` (end exclusive) that sound like ``term``."""

    start: int
    end: int
    term: str
    similarity: float  # 0..1: how much of the phonetic keys agree
    sounds: int = 0  # the length of the term's key matched: a longer one tells more


def terms_from(vocabulary: Iterable[str], heard: Iterable[Entry]) -> tuple[Term, ...]:
    """The terms with their spoken forms: each written form, plus every heard form
    (glossary "heard => Written" lines, roster "say it like" forms) that maps to it."""
    spoken: dict[str, list[str]] = {}
    for written in vocabulary:
        spoken.setdefault(written, []).append(written)
    for entry in heard:
        if entry.written in spoken:
            spoken[entry.written].append(entry.heard)
    terms: list[Term] = []
    for written, said in spoken.items():
        # Heard forms as whisper could write them: the written form itself is not one.
        readable = [written_as_said(form, written) for form in said if form != written]
        others = tuple(dict.fromkeys(form for form in readable if form and form != written))
        # "icb" or "nhs england" in the glossary is still said "i see bee", "en aitch ess".
        acronyms = {w.casefold(): w for w in written.split() if SPELLED.match(w)}
        said = [
            " ".join(acronyms.get(_letters_only(w).casefold(), w) for w in f.split()) for f in said
        ]
        keys = {key for form in said for key in _keys_of(form)}
        keys = {key for key in keys if len(key) >= SHORTEST_KEY}
        forms = tuple(dict.fromkeys(_plain_words(form) for form in said))
        if keys:
            terms.append(Term(written, forms, tuple(sorted(keys)), others))
    return tuple(terms)


def written_as_said(heard: str, written: str) -> str:
    """A heard form as whisper could write the sounds: "b a m e" or "b-a-m-e" -> "B A M E",
    "shivawn kelly" -> "Shivawn Kelly" (a name's words capitalised), "n h s england" ->
    "N H S England" (a word of the written term keeps its spelling, but an acronym that
    may be said as a word stays one: "bame")."""
    own = {word.casefold(): word for word in written.split()}
    name_like = written[:1].isupper()
    out: list[str] = []
    for word in heard.split():
        letters = [part for part in word.split("-") if part]
        if letters and all(len(part) == 1 and part.isalpha() for part in letters):
            out += [part.upper() for part in letters]  # said letter by letter
            continue
        mine = own.get(word.casefold())
        if mine is not None:
            said_as_word = ACRONYM.match(mine) is not None and not SPELLED.match(mine)
            out.append(word.casefold() if said_as_word else mine)
        else:
            out.append(word[:1].upper() + word[1:] if name_like else word)
    return " ".join(out)


def find_candidates(words: Sequence[str], terms: Sequence[Term]) -> list[Candidate]:
    """Spans of ``words`` that sound like a term, most alike first, at most ``MOST``.

    Words that already are a term (or a form of one whisper wrote as said) are
    heard: no span that touches them is a candidate, so "NHS England" is never
    offered again for its own "England".
    """
    plain = [_letters_only(w).casefold() for w in words]
    heard = _already_terms(plain, terms)
    found: dict[tuple[int, int, str], Candidate] = {}
    for start in range(len(words)):
        for end in range(start + 1, min(len(words), start + MAX_SPAN) + 1):
            if not all(plain[start:end]) or heard & set(range(start, end)):
                continue
            span_keys = set(_keys_of(" ".join(words[start:end])))
            for term in terms:
                if set(plain[start:end]) <= set(term.words):
                    continue  # a piece of the term: the rest is across a cut, not misheard
                if end - start == 1 and not _could_be_letters(words[start], term):
                    continue
                if not _could_be_name(words[start:end], term):
                    continue
                best, sounds = max((similarity(a, b), len(b)) for a in span_keys for b in term.keys)
                if best >= SIMILAR:
                    found[(start, end, term.written)] = Candidate(
                        start, end, term.written, best, sounds
                    )
    ranked = sorted(found.values(), key=lambda c: (-c.similarity, -c.sounds, c.end - c.start))
    return ranked[:MOST]


def phonetic_key(text: str) -> str:
    """Metaphone of the words run together, with any vowel that opens it read as "A"
    (metaphone keeps a first vowel as written: "Eefa" and "Aoife" sound alike)."""
    letters = re.sub(r"[^A-Za-z]", "", text)
    if not letters:
        return ""
    key = str(jellyfish.metaphone(letters))
    return "A" + key[1:] if key[:1] in VOWELS else key


def spelled(acronym: str) -> str:
    """An acronym's letter names: "ICB" -> "i see bee"."""
    return " ".join(LETTERS[ch] for ch in acronym.casefold() if ch in LETTERS)


def _keys_of(text: str) -> list[str]:
    """The keys of a form as said both ways when it holds a longer acronym (WRES may be
    "double you ar ee ess" or "wres", BAME "bame"): as written, and spelled out. An
    acronym of two or three letters (NHS, ICB) is only ever spelled out."""
    words = text.split()
    plain = [_letters_only(w) for w in words]
    # A lone letter ("n h s => NHS" in the glossary) is said as its name, too.
    alone = [
        spelled(p) if len(p) == 1 and p.isalpha() else w for w, p in zip(words, plain, strict=True)
    ]
    as_letters = [spelled(p) if ACRONYM.match(p) else w for w, p in zip(alone, plain, strict=True)]
    as_written = [spelled(p) if SPELLED.match(p) else w for w, p in zip(alone, plain, strict=True)]
    forms = (as_written, as_letters)
    return list(dict.fromkeys(phonetic_key(" ".join(form)) for form in forms))


def _could_be_letters(word: str, term: Term) -> bool:
    """Whether one written word may stand for ``term``: a term said letter by letter
    (NHS, ICB) is written as several words ("I see me") or in capitals ("N.A.C.C"),
    never as one ordinary word ("ask" as ICB scored inside the margin on a sentence
    without terms: docs/benchmarks.md, "Names: ... sound like a term")."""
    if not SPELLED.match(term.written):
        return True
    letters = re.sub(r"[^A-Za-z]", "", word)
    return letters.isupper()


def _could_be_name(span: Sequence[str], term: Term) -> bool:
    """Whether words may stand for ``term``: a name (a term written with a capital and
    no acronym: Priya, Kwame Mensah) is looked for only in words with a capital, as
    whisper writes a name it was told, even misheard ("Shiver,", "Ifa", "or Uwaseun");
    words it wrote all in lower case it took for ordinary ones ("our prior plan": "prior"
    as Priya scored inside the margin where no name was said)."""
    written = term.written.split()
    if not written[0][:1].isupper() or any(ACRONYM.match(w) for w in written):
        return True
    return any(word[:1].isupper() for word in (_letters_only(w) for w in span))


def _already_terms(plain: Sequence[str], terms: Sequence[Term]) -> set[int]:
    """Indices of the words that are, together, one of the terms' forms."""
    taken: set[int] = set()
    for term in terms:
        for form in term.forms:
            size = len(form)
            for start in range(len(plain) - size + 1):
                if tuple(plain[start : start + size]) == form:
                    taken.update(range(start, start + size))
    return taken


def _plain_words(text: str) -> tuple[str, ...]:
    return tuple(w for w in (_letters_only(w).casefold() for w in text.split()) if w)


def similarity(a: str, b: str) -> float:
    """How alike two keys or spellings are: 1 less their edit distance over the longer."""
    if not a or not b:
        return 0.0
    return 1.0 - jellyfish.levenshtein_distance(a, b) / max(len(a), len(b))


def _letters_only(word: str) -> str:
    return re.sub(r"[^\w']", "", word)
