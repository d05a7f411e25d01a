"""At a catch-up skip the words on screen become final as shown, at once (#10).

Decoding the phrase in progress again at a skip took seconds under a heavy
overload, while the audio kept arriving, and all of it was skipped too. Fakes
here: an engine whose partials lag what it heard (as paced passes do) and
whose final decode costs clock time, and a whisper engine on a fake decoder.
"""

from __future__ import annotations

import numpy as np

from companion.audio.source import SAMPLE_RATE, Frames
from companion.clock import ManualClock
from companion.events import Caption, CaptionGap, Event, ModelSteppedDown, Word
from companion.speech import whisper_decoder as wd
from companion.speech import whisper_engine as we
from companion.speech.glossary import Entry, Glossary
from companion.speech.keeping_up import StepDown
from companion.speech.stream import CaptionStream
from tests.fakes import PacedSource, PhraseEngine, silence, spoken_word

BLOCK = 0.1


class ShowingEngine(PhraseEngine):
    """Hears a word in every loud block but shows them only every ``every`` blocks (paced
    partial passes); its final decode of a phrase costs ``final_cost`` of the clock."""

    def __init__(self, clock: ManualClock, cost: float, every: int, final_cost: float) -> None:
        super().__init__(clock, cost, "whisper-base")
        self.every, self.final_cost = every, final_cost
        self.shown: list[Word] = []
        self.decoded_finals = 0
        self.skips: list[tuple[list[Word], int]] = []  # per skip: the words shown, and heard

    def accept(self, frames: Frames) -> list[Caption]:
        captions = super().accept(frames)
        if captions and captions[0].kind == "partial":
            if len(self.pending) % self.every:
                return []  # heard, not shown yet
            self.shown = list(self.pending)
            return [Caption("partial", _text(self.shown), 0.0, self.shown[-1].end)]
        self.shown = []
        return captions

    def _final(self) -> list[Caption]:
        if self.pending:
            self.decoded_finals += 1
            self.clock.advance(self.final_cost)
        self.shown = []
        return super()._final()

    def finish_shown(self) -> tuple[list[Caption], float]:
        self.skips.append((list(self.shown), len(self.pending)))
        if not self.pending:
            return [], self.fed / SAMPLE_RATE
        shown, self.pending, self.shown = self.shown, [], []
        to = shown[-1].end if shown else self.fed / SAMPLE_RATE - 0.1
        return (
            [Caption("final", _text(shown), shown[0].start, to, tuple(shown))] if shown else []
        ), to


def _text(words: list[Word]) -> str:
    return " ".join(w.text for w in words)


def _speech(phrases: int) -> list[Frames]:
    """``phrases`` phrases of 3 s of words, each followed by 1 s of quiet."""
    return ([spoken_word()] * 30 + [silence(BLOCK)] * 10) * phrases


def _run(stream: CaptionStream, clock: ManualClock) -> list[tuple[float, Event]]:
    timed: list[tuple[float, Event]] = []
    stream.events.connect(lambda event: timed.append((clock(), event)))
    stream.run()
    return timed


def _at_each_skip(timed: list[tuple[float, Event]]) -> list[tuple[Caption, Caption, CaptionGap]]:
    """Per gap: the last partial shown before it, the final made at it, and the gap."""
    found = []
    for index, (_, event) in enumerate(timed):
        if not isinstance(event, CaptionGap):
            continue
        before = [e for _, e in timed[:index] if isinstance(e, Caption)]
        partial = next(c for c in reversed(before) if c.kind == "partial")
        final = before[-1]
        found.append((partial, final, event))
    return found


def test_a_skip_makes_the_words_on_screen_final_at_once_and_the_gap_begins_where_they_end() -> None:
    clock = ManualClock()
    engine = ShowingEngine(clock, cost=0.2, every=5, final_cost=3.0)  # twice real time
    stream = CaptionStream(PacedSource(_speech(8), clock), lambda: engine, clock=clock)
    timed = _run(stream, clock)

    skips = _skips_in_a_phrase(timed, engine)
    assert skips, "no skip inside a phrase although decoding took twice real time"
    assert any(len(final.words) < heard for _, final, _, heard in skips)  # some never shown
    for partial, final, gap, _ in skips:
        # The reader keeps exactly the words already read, now final; nothing reworded.
        assert final.text == partial.text
        # The words heard but never shown are left out with the skipped audio, and said so.
        assert gap.start == final.end
        said = [
            w.start
            for _, e in timed
            if isinstance(e, Caption) and e.kind == "final"
            for w in e.words
        ]
        assert not [t for t in said if gap.start <= t < gap.end]
    # Nothing was decoded again at a skip: captions resume without waiting for a final.
    at_time = {id(e): t for t, e in timed}
    for _, final, gap, _ in skips:
        assert at_time[id(gap)] == at_time[id(final)]


def test_a_skip_that_steps_down_keeps_the_slow_models_words_on_screen_without_a_decode() -> None:
    clock = ManualClock()
    slow = ShowingEngine(clock, cost=0.3, every=4, final_cost=4.0)  # base, far behind
    fast = PhraseEngine(clock, 0.01, "tiny.en")

    class Factory:
        def __call__(self) -> PhraseEngine:
            return slow

        def faster(self) -> StepDown:
            return StepDown(lambda: fast, slow="whisper base", fast="tiny.en")

    # Base falls behind inside its first phrase: the skip (and step down) comes in it.
    script = [spoken_word()] * 100 + [silence(BLOCK)] * 10 + _speech(3)
    timed = _run(CaptionStream(PacedSource(script, clock), Factory(), clock=clock), clock)

    switched = next(e for _, e in timed if isinstance(e, ModelSteppedDown))
    [(partial, final, gap, _)] = _skips_in_a_phrase(timed, slow)
    assert final.text == partial.text and slow.decoded_finals == 0
    assert switched.time == gap.start == final.end
    assert switched.switch_seconds < 0.1  # no last final decoded (4 s) while the audio waits
    assert fast.fed > 0


def _skips_in_a_phrase(
    timed: list[tuple[float, Event]], engine: ShowingEngine
) -> list[tuple[Caption, Caption, CaptionGap, int]]:
    """Per skip that came inside a phrase: the last partial shown, the final made at the
    skip, the gap, and how many words the engine had heard in the phrase."""
    found = []
    gaps = [(i, e) for i, (_, e) in enumerate(timed) if isinstance(e, CaptionGap)]
    assert len(engine.skips) == len(gaps), "a skip decoded the phrase again"
    for (index, gap), (words, heard) in zip(gaps, engine.skips, strict=True):
        if not words:
            continue
        before = [e for _, e in timed[:index] if isinstance(e, Caption)]
        partial = next(c for c in reversed(before) if c.kind == "partial")
        final = next(c for c in reversed(before) if c.kind == "final")
        found.append((partial, final, gap, heard))
    return found


class _Counting:
    """A decoder that hears a word every 0.3 s of speech, and counts its decodes."""

    def __init__(self) -> None:
        self.decodes = 0

    def decode(
        self, audio: wd.Audio, *, prompt: str, prefix: str, prefix_end: float, speech_end: float
    ) -> list[wd.DecodedWord]:
        self.decodes += 1
        count = int((speech_end - prefix_end) / 0.3)
        return [
            wd.DecodedWord(
                f" kwame{n}" if n == 0 else f" w{n}",
                prefix_end + n * 0.3,
                prefix_end + n * 0.3 + 0.25,
                0.9,
            )
            for n in range(count)
        ]


def test_the_whisper_engine_makes_its_partial_final_as_shown_spelt_as_written() -> None:
    decoder = _Counting()
    glossary = Glossary([Entry("kwame0", "Kwame")])
    engine = we.WhisperEngine(decoder=decoder, glossary=glossary, policy=we.Policy(bias=False))
    shown: list[Caption] = []
    for _ in range(25):
        shown += [c for c in engine.accept(spoken_word()) if c.kind == "partial"]
    assert shown, "no partial was shown"
    decodes = decoder.decodes

    finals, captioned_to = engine.finish_shown()

    assert decoder.decodes == decodes  # nothing decoded again
    [final] = finals
    assert final.kind == "final" and final.words == shown[-1].words
    assert final.text == shown[-1].text.replace("kwame0", "Kwame")
    assert captioned_to == shown[-1].words[-1].end < 25 * BLOCK  # the rest was never shown
    # Nothing is left of the phrase: no second final, and a pause now ends nothing.
    assert engine.finish() == [] and engine.finish_shown() == ([], 25 * BLOCK)


def test_the_whisper_engine_with_no_phrase_in_progress_has_everything_captioned() -> None:
    engine = we.WhisperEngine(decoder=_Counting(), policy=we.Policy(bias=False))
    for _ in range(10):
        engine.accept(np.zeros(int(BLOCK * SAMPLE_RATE), dtype=np.int16))
    assert engine.finish_shown() == ([], 1.0)
