"""Automatic speaker changes and recognised voices, measured (#14; bench/speakers_bench.py reports).

Two change finders run over the same conversations: the light acoustic
baseline (``companion.audio.voice_change``: band energies, no model) and the
voice prints of Resemblyzer's encoder run with numpy (``VoicePrints`` and the
``VoiceBook`` the app uses). Conversations: espeak-ng voices taking turns
(from speakers_bench) and real speech of different people spliced into
conversations (``voice_conversations``; five people, and two same-recording
pairs: Katie and Steve reading one script on one set-up, and two LibriSpeech
readers). The thresholds were chosen on the first real conversation (seed 14)
and are used unchanged on the rest.

Recognition: a simulated facilitator answers each "who is it?" three seconds
after the change with whoever is speaking a second after it; every later
change to a voice already confirmed counts as recognised right (straight
away, or from the first few prints before the facilitator answered),
recognised as someone else, or asked again. Cost is the finder's CPU time over the audio's length.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from bench.voice_conversations import Spoken, score_changes
from companion.audio.voice_change import VoiceChangeDetector
from companion.audio.voice_encoder import VoiceEncoder, VoicePrints
from companion.turns.voices import VoiceBook

Finder = Callable[[np.ndarray], list[float]]
ANSWER_AFTER = 3.0  # seconds the simulated facilitator takes to answer "who is it?"


def baseline_finder() -> Finder:
    return VoiceChangeDetector().update


def print_finder(encoder: VoiceEncoder, heard: list[tuple[float, float]] | None = None) -> Finder:
    """The app's detector: every change after the first voice (which is no change).

    ``heard`` collects (change time, audio time it was reported at) for the delay figure.
    """
    prints, book = VoicePrints(encoder), VoiceBook()
    seen_first = False

    def find(block: np.ndarray) -> list[float]:
        nonlocal seen_first
        found = []
        for voice in prints.update(block):
            change = book.add(voice.start, voice.end, voice.vector)
            if change is not None and not change.again:  # again: the same change, named
                if seen_first:
                    found.append(change.time)
                    if heard is not None:
                        heard.append((change.time, voice.end))
                seen_first = True
        return found

    return find


def _speaking(script: list[Spoken], at: float) -> str:
    return min(
        script,
        key=lambda t: 0.0 if t.start <= at <= t.end else min(abs(at - t.start), abs(at - t.end)),
    ).speaker


def recognition(
    encoder: VoiceEncoder, samples: np.ndarray, script: list[Spoken]
) -> dict[str, float]:
    """Later changes to confirmed voices: share recognised right, wrongly, and asked again.

    The simulated facilitator answers "who is it?" ``ANSWER_AFTER`` seconds after the
    change (by then a recognition from more of the voice may have named them).
    """
    prints, book = VoicePrints(encoder), VoiceBook()
    ids = {name: i for i, name in enumerate(sorted({t.speaker for t in script}), start=1)}
    confirmed: set[int] = set()
    outcomes: list[str] = []
    asking: tuple[float, int] | None = None  # (change time, truth) of the question showing
    for at in range(0, len(samples), 3200):
        for voice in prints.update(samples[at : at + 3200]):
            change = book.add(voice.start, voice.end, voice.vector)
            if (
                asking is not None
                and voice.end - asking[0] >= ANSWER_AFTER
                and not (change is not None and change.again)
            ):
                book.confirm(asking[1])  # the facilitator's answer
                confirmed.add(asking[1])
                asking = None
            if change is None:
                continue
            truth = ids[_speaking(script, change.time + 1.0)]
            if change.again:
                if asking is not None and outcomes and outcomes[-1] == "asked":
                    outcomes[-1] = "right" if change.member == truth else "wrong"
                asking = None
                continue
            if truth in confirmed:
                outcome = "asked" if change.member is None else "right"
                outcomes.append(outcome if change.member in (None, truth) else "wrong")
            asking = (change.time, truth) if change.member is None else None
    total = max(1, len(outcomes))
    share = {k: outcomes.count(k) / total for k in ("right", "wrong", "asked")}
    return {**share, "n": float(len(outcomes))}


def delays(script: list[Spoken], heard: list[tuple[float, float]]) -> list[float]:
    """For each true change found within 2 s: seconds from it to the question being asked."""
    out = []
    for turn in script[1:]:
        near = [at - turn.start for time, at in heard if abs(time - turn.start) <= 2.0]
        if near:
            out.append(min(near))
    return out


def measure(
    encoder: VoiceEncoder, conversations: dict[str, tuple[np.ndarray, list[Spoken]]]
) -> dict[str, dict[str, dict[str, float]]]:
    """For each conversation: the baseline's and the prints' change figures, recognition,
    and the delays from each change found to its question (``delays``, by index)."""
    results: dict[str, dict[str, dict[str, float]]] = {}
    for name, (samples, script) in conversations.items():
        heard: list[tuple[float, float]] = []
        results[name] = {
            "baseline": score_changes(samples, script, baseline_finder()),
            "prints": score_changes(samples, script, print_finder(encoder, heard)),
            "recognition": recognition(encoder, samples, script),
            "delays": {str(i): d for i, d in enumerate(delays(script, heard))},
        }
        print(name, {k: {m: round(x, 3) for m, x in v.items()} for k, v in results[name].items()})
    return results
