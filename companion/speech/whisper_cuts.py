"""Where a long phrase may be cut: a dip in the voice's energy between words.

Whisper's word times are imprecise, so a phrase that goes on too long is cut
on the audio instead: at the middle of the longest quiet stretch between
words, never inside a term of several words that the last pass heard (the
glossary could not put it together again), never in the voice fading into
the pause to come; when forced, at the quietest tenth of a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from companion.audio.source import SAMPLE_RATE
from companion.speech.whisper_decoder import Audio

HOP = 0.02  # seconds per energy measurement when looking for a dip
MIN_PART = 1.0  # seconds: a cut never leaves a shorter piece before it
CUT_MARGIN = 0.3  # seconds: a dip this close to the live edge may be a word still going on
DIP_LEVEL = 0.15  # a dip is quieter than this share of the phrase's speech level


@dataclass(frozen=True)
class Phrase:
    """The phrase so far, in samples of the stream."""

    audio: Audio  # from ``start`` to ``fed``
    start: int  # sample index of ``audio[0]``
    onset: int  # where the phrase's voice began
    fed: int  # samples heard so far
    last_voice: int  # the end of the last loud moment


def find_dip(
    phrase: Phrase,
    dip: float,
    forced: bool,
    terms: Sequence[tuple[float, float]] = (),
    margin: float = CUT_MARGIN,
) -> int | None:
    """The sample to cut at, or None: the middle of the longest quiet stretch of at
    least ``dip`` seconds outside ``terms`` (start, end in seconds) and at least
    ``margin`` seconds behind the live edge; when ``forced``, the quietest moment."""
    hop = int(HOP * SAMPLE_RATE)
    first = phrase.onset + int(MIN_PART * SAMPLE_RATE) - phrase.start
    # Only gaps between words: quiet after the last voice is the pause to come,
    # and a cut there would drop the phrase's last word (its middle lies past it).
    last = min(phrase.fed - int(margin * SAMPLE_RATE), phrase.last_voice) - phrase.start
    if last - first < hop * 3:
        return None
    audio = phrase.audio
    hops = (len(audio) // hop) * hop
    energy = np.sqrt(np.mean(audio[:hops].reshape(-1, hop) ** 2, axis=1) + 1e-12)
    onset = max(0, (phrase.onset - phrase.start) // hop)
    speech = float(np.percentile(energy[onset:], 75)) if len(energy) > onset else 0.0
    lo, hi = first // hop, last // hop
    quiet = energy[lo:hi] < speech * DIP_LEVEL
    times = phrase.start / SAMPLE_RATE + (lo + np.arange(len(quiet))) * HOP
    for begin, until in terms:
        quiet &= (times < begin) | (times > until)
    # A quiet stretch that reaches the end of what was heard may be the voice
    # fading into a pause, not a gap between words: the pause decides that one.
    while len(quiet) and quiet[-1]:
        quiet = quiet[:-1]
    best: tuple[int, int] | None = None  # (length, start) of the longest quiet run
    run = 0
    for index, is_quiet in enumerate(quiet):
        run = run + 1 if is_quiet else 0
        if run and (best is None or run >= best[0]):
            best = (run, index - run + 1)
    if best is not None and best[0] * HOP >= dip:
        middle = lo + best[1] + best[0] // 2
        return phrase.start + middle * hop
    if not forced:
        return None
    window = max(1, int(0.1 / HOP))  # the quietest tenth of a second
    smooth = np.convolve(energy[lo:hi], np.ones(window) / window, mode="same")
    return phrase.start + (lo + int(np.argmin(smooth))) * hop
