"""Finals that are not what was said: noise dressed as words, terms echoed from the prompt.

Two guards the whisper engine puts on a phrase's final decode:

* ``just_noise``: a short noise (a breath, a click) that whisper wrote as
  words it was unsure of ("The", "Thank" after the last sentence), or as more
  words than that much voice could hold ("Okay Okay Okay" in 0.3 s), is not a
  caption;
* ``without_echo``: told to expect names, whisper sometimes writes them where
  none were said ("CQC, CQC," for "could everyone please check"); a final that
  holds a term is decoded again without them, and that decode is kept when the
  term replaced speech instead of re-spelling it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from companion.events import Word
from companion.speech.whisper_words import echoed_term, lost_speech, normal, term_words

NOISE_VOICE = 0.5  # seconds: a phrase with less voice than this may be a breath or a click...
NOISE_CONFIDENCE = 0.5  # ...and is dropped when whisper is less sure than this of every word
NOISE_RATE = 5  # ...or writes more words than this many a second of voice, and one more


def just_noise(words: list[Word], voice: float) -> bool:
    """Whether a phrase with ``voice`` seconds of voice is a noise whisper dressed as words."""
    unsure = all((w.confidence or 0.0) < NOISE_CONFIDENCE for w in words)
    unsure |= len(words) > NOISE_RATE * voice + 1  # "Okay Okay Okay" in 0.3 s of a noise
    return bool(words) and voice < NOISE_VOICE and unsure


def echoes_vocabulary(words: list[Word], vocabulary: tuple[str, ...]) -> bool:
    """Whether the words hold any word of a term whisper was told to expect."""
    known = term_words(vocabulary)
    return any(normal(w.text) in known for w in words)


def without_echo(
    words: list[Word],
    plain: Callable[[], list[Word]],
    vocabulary: tuple[str, ...],
    said: Sequence[str],
) -> list[Word]:
    """``words``, or the ``plain`` decode (made only when needed) when a term in them
    stands where speech was, or was read out of the prompt; ``said`` is what was
    said before."""
    if not words or not echoes_vocabulary(words, vocabulary):
        return words
    unbiased = plain()
    if lost_speech(words, unbiased, vocabulary) or echoed_term(words, unbiased, vocabulary, said):
        return unbiased
    return words
