"""Joining a phrase cut inside speech to the one that goes on from it.

A long phrase is cut at a dip in the voice and made final on its own
(whisper_cuts); whisper then decodes the rest as a new window and starts it
with a capital, as it starts everything, so the captions read "…in our own
team Take a moment to…". Whisper's final of the cut phrase also heard a
moment past the cut (``Policy.lookahead``), with the sentence around it: the
first word it wrote there, in that context, says how the next phrase's first
word is written mid-sentence. When the two agree on the word and whisper wrote
it in lower case across the cut, the next phrase begins in lower case too.
A name, a term or "I" keeps its capital, and so does a word whisper wrote with
a capital across the cut, or one it heard differently there: whisper's own
capital stays whenever nothing says it is wrong.
"""

from __future__ import annotations

import re

from companion.events import Word
from companion.speech.whisper_words import normal, term_words

SENTENCE_END = re.compile(r"[.?!…:]['\"”’)\]]*$")  # a capital after these reads right
ALWAYS_CAPITAL = {"i", "i'm", "i'll", "i've", "i'd"}
OPENING = re.compile(r"^[\"'“‘(\[]*")  # quotes and brackets before a word's first letter


def ends_sentence(text: str) -> bool:
    """Whether ``text`` ends as a sentence does (so the next may start with a capital)."""
    return SENTENCE_END.search(text.rstrip()) is not None


def continued(
    words: list[Word], across_cut: Word | None, vocabulary: tuple[str, ...]
) -> list[Word]:
    """``words``, the phrase after a cut inside speech, with its first word in lower case
    when whisper wrote that word in lower case across the cut (``across_cut``: the first
    word it heard past the cut, or None when the phrase before ended a sentence or at a
    pause) and it is not a name or term of the ``vocabulary``, "I" or an acronym."""
    if not words or across_cut is None:
        return words
    first = words[0]
    letters = OPENING.sub("", first.text)
    if not letters[:1].isupper() or any(c.isupper() for c in letters[1:]):
        return words  # already lower case, or an acronym or a name such as "McDonald"
    said = normal(first.text)
    if said != normal(across_cut.text) or said in ALWAYS_CAPITAL:
        return words
    if not OPENING.sub("", across_cut.text)[:1].islower():
        return words  # whisper wrote it with a capital in the sentence too: a name
    if said in term_words(vocabulary):  # the glossary writes these as they are written
        return words
    lead = len(first.text) - len(letters)
    text = first.text[:lead] + letters[0].lower() + letters[1:]
    return [Word(text, first.start, first.end, first.confidence), *words[1:]]
