"""Word error rate: normalise both texts, then count edits between their words.

Normalising makes the figure about the words, not the typography: case and
punctuation are dropped, hyphens split words, numbers become words ("21" and
"twenty-one" both become "twenty one"), and a few words written in more than
one way are treated as one ("organisation" and "organization", "healthcare"
and "health care", "Mr" and "mister").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

_ONES = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_TENS = ["_", "_", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]
_ORDINAL_ENDS = {
    "one": "first",
    "two": "second",
    "three": "third",
    "five": "fifth",
    "eight": "eighth",
    "nine": "ninth",
    "twelve": "twelfth",
}
# One form for words written in more than one way: British → American spelling (tiny.en
# mostly writes American), compounds written apart, and common abbreviations.
_SPELLING = {
    "organisation": "organization",
    "organisations": "organizations",
    "organisational": "organizational",
    "organise": "organize",
    "organised": "organized",
    "organising": "organizing",
    "recognise": "recognize",
    "recognised": "recognized",
    "prioritise": "prioritize",
    "prioritised": "prioritized",
    "emphasise": "emphasize",
    "summarise": "summarize",
    "realise": "realize",
    "realised": "realized",
    "apologise": "apologize",
    "colour": "color",
    "behaviour": "behavior",
    "behaviours": "behaviors",
    "favour": "favor",
    "honour": "honor",
    "labour": "labor",
    "neighbour": "neighbor",
    "neighbours": "neighbors",
    "centre": "center",
    "centres": "centers",
    "programme": "program",
    "programmes": "programs",
    "practise": "practice",
    "judgement": "judgment",
    "learnt": "learned",
    "labelled": "labeled",
    "labelling": "labeling",
    "cancelled": "canceled",
    "travelled": "traveled",
    "modelling": "modeling",
    "organiser": "organizer",
    "organisers": "organizers",
    "healthcare": "health care",
    "mr": "mister",
    "mrs": "missus",
    "dr": "doctor",
    "ok": "okay",
}
_NUMBER = re.compile(r"(?<![\w.])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?(st|nd|rd|th|%)?(?!\w)")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'"})
_NOT_WORD = re.compile(r"[^\w']+")


def number_words(value: int) -> str:
    """English words for a whole number from 0 to 999 999 ("twenty one")."""
    if value < 0 or value >= 1_000_000:
        raise ValueError(f"{value} is outside 0..999999")
    if value < 20:
        return _ONES[value]
    if value < 100:
        tens, ones = divmod(value, 10)
        return _TENS[tens] + (f" {_ONES[ones]}" if ones else "")
    if value < 1000:
        hundreds, rest = divmod(value, 100)
        return f"{_ONES[hundreds]} hundred" + (f" and {number_words(rest)}" if rest else "")
    thousands, rest = divmod(value, 1000)
    words = f"{number_words(thousands)} thousand"
    if rest:
        words += (" and " if rest < 100 else " ") + number_words(rest)
    return words


def ordinal_words(value: int) -> str:
    """English ordinal words ("twenty first")."""
    words = number_words(value).split()
    last = words[-1]
    if last in _ORDINAL_ENDS:
        words[-1] = _ORDINAL_ENDS[last]
    elif last.endswith("y"):
        words[-1] = last[:-1] + "ieth"
    else:
        words[-1] = last + "th"
    return " ".join(words)


def _spell_number(match: re.Match[str]) -> str:
    whole, decimals, suffix = match.group(1), match.group(2), match.group(3)
    value = int(whole.replace(",", ""))
    if value >= 1_000_000:
        return " ".join(_ONES[int(d)] for d in whole if d.isdigit())
    if suffix in ("st", "nd", "rd", "th") and not decimals:
        return f" {ordinal_words(value)} "
    words = number_words(value)
    if decimals:
        words += " point " + " ".join(_ONES[int(d)] for d in decimals)
    if suffix == "%":
        words += " percent"
    return f" {words} "


def normalise(text: str) -> list[str]:
    """The words of ``text`` as compared: lower case, no punctuation, numbers spelt out."""
    text = text.translate(_APOSTROPHES).casefold()
    text = _NUMBER.sub(_spell_number, text)
    text = text.replace("%", " percent ").replace("&", " and ")
    words: list[str] = []
    for raw in _NOT_WORD.split(text.replace("_", " ")):
        word = raw.strip("'")
        if word:
            words.extend(_SPELLING.get(word, word).split())
    return words


Pair = tuple[int | None, int | None]
"""One step of an alignment: (reference index, hypothesis index); None on the missing side."""


def align(reference: Sequence[str], hypothesis: Sequence[str]) -> list[Pair]:
    """A minimum-edit alignment of two word lists (Levenshtein, all edits cost 1).

    Each step pairs a reference word with a hypothesis word (a match or a
    substitution), or leaves one side out (a deletion or an insertion). On ties,
    a diagonal step is preferred, so equal words line up.
    """
    rows, cols = len(reference), len(hypothesis)
    cost = [[0] * (cols + 1) for _ in range(rows + 1)]
    for i in range(rows + 1):
        cost[i][0] = i
    for j in range(cols + 1):
        cost[0][j] = j
    for i in range(1, rows + 1):
        ref_word = reference[i - 1]
        row, above = cost[i], cost[i - 1]
        for j in range(1, cols + 1):
            diagonal = above[j - 1] + (ref_word != hypothesis[j - 1])
            row[j] = min(diagonal, above[j] + 1, row[j - 1] + 1)
    steps: list[Pair] = []
    i, j = rows, cols
    while i > 0 or j > 0:
        if (
            i > 0
            and j > 0
            and cost[i][j] == cost[i - 1][j - 1] + (reference[i - 1] != hypothesis[j - 1])
        ):
            steps.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and cost[i][j] == cost[i - 1][j] + 1:
            steps.append((i - 1, None))
            i -= 1
        else:
            steps.append((None, j - 1))
            j -= 1
    steps.reverse()
    return steps


def matched_pairs(reference: Sequence[str], hypothesis: Sequence[str]) -> list[tuple[int, int]]:
    """Index pairs of the words that an alignment lines up and that are equal."""
    return [
        (i, j)
        for i, j in align(reference, hypothesis)
        if i is not None and j is not None and reference[i] == hypothesis[j]
    ]


@dataclass(frozen=True)
class WordErrors:
    """Edits needed to turn the reference words into the hypothesis words."""

    reference_words: int
    hypothesis_words: int
    substitutions: int
    deletions: int
    insertions: int

    @property
    def errors(self) -> int:
        return self.substitutions + self.deletions + self.insertions

    @property
    def rate(self) -> float:
        """Word error rate: errors / reference words (an empty reference counts as one)."""
        return self.errors / max(self.reference_words, 1)

    def __add__(self, other: WordErrors) -> WordErrors:
        return WordErrors(
            self.reference_words + other.reference_words,
            self.hypothesis_words + other.hypothesis_words,
            self.substitutions + other.substitutions,
            self.deletions + other.deletions,
            self.insertions + other.insertions,
        )


NO_ERRORS = WordErrors(0, 0, 0, 0, 0)


def word_errors(reference: str, hypothesis: str) -> WordErrors:
    """Substitutions, deletions and insertions between two texts, after ``normalise``."""
    ref, hyp = normalise(reference), normalise(hypothesis)
    substitutions = deletions = insertions = 0
    for i, j in align(ref, hyp):
        if i is None:
            insertions += 1
        elif j is None:
            deletions += 1
        elif ref[i] != hyp[j]:
            substitutions += 1
    return WordErrors(len(ref), len(hyp), substitutions, deletions, insertions)


def wer(reference: str, hypothesis: str) -> float:
    """Word error rate of ``hypothesis`` against ``reference`` (0.0 is perfect)."""
    return word_errors(reference, hypothesis).rate
